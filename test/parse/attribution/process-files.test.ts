import t from 'tap';
import { isIssue } from '../../../src/fact.js';
import { parseCmdline, programName } from '../../../src/parse/attribution/proc-cmdline.js';
import { parseProcStat } from '../../../src/parse/attribution/proc-stat.js';
import { podUidFromCgroup } from '../../../src/parse/attribution/proc-cgroup.js';
import { parsePidfile } from '../../../src/parse/attribution/pidfile.js';

t.test('cmdline: NUL-separated arguments, the last NUL ends the last argument', async (t) => {
  const cases: [string, string, readonly string[] | string][] = [
    ['qemu', '/usr/bin/qemu-system-x86_64\0-name\0guest=web01,debug-threads=on\0', ['/usr/bin/qemu-system-x86_64', '-name', 'guest=web01,debug-threads=on']],
    ['empty argument kept', 'a\0\0b\0', ['a', '', 'b']],
    ['setproctitle: one string with spaces, no NUL', 'nginx: worker process', ['nginx: worker process']],
    ['kernel thread', '', 'EEMPTY'],
  ];
  for (const [name, text, expected] of cases) {
    const result = parseCmdline(text);
    if (typeof expected === 'string') t.strictSame((isIssue(result) ? result.code : 'ok'), expected, name);
    else t.strictSame(!isIssue(result) ? result : result.code, expected, name);
  }
  t.equal(programName(['/usr/bin/kvm', '-id', '100']), 'kvm');
  t.equal(programName(['dpdk-testpmd']), 'dpdk-testpmd');
  t.equal(programName([]), undefined);
});

t.test('stat: comm with spaces and parentheses, starttime is field 22', async (t) => {
  // Real layout (proc(5)): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
  // utime stime cutime cstime priority nice num_threads itrealvalue starttime vsize rss …
  const tail = 'S 1 4242 4242 0 -1 4194560 36544 0 0 0 2317 1562 0 0 20 0 9 0 123456789 5312671744 526190 18446744073709551615';
  const cases: [string, string, unknown][] = [
    ['qemu', `4242 (qemu-system-x86) ${tail}\n`, { comm: 'qemu-system-x86', state: 'S', startTime: 123456789 }],
    ['comm with ") (" inside', `77 (a) (b c) ${tail}\n`, { comm: 'a) (b c', state: 'S', startTime: 123456789 }],
    ['cut before starttime', '4242 (qemu) S 1 4242 4242 0 -1', 'ESHORT'],
    ['no parentheses', '4242 qemu S 1', 'EPARSE'],
    ['starttime not a number', `1 (x) ${tail.replace('123456789', 'abc')}`, 'EPARSE'],
    ['EEMPTY', '', 'EEMPTY'],
  ];
  for (const [name, text, expected] of cases) {
    const result = parseProcStat(text);
    t.strictSame(!isIssue(result) ? result : result.code, expected, name);
  }
});

t.test('cgroup: the pod UID of both cgroup drivers, v1 and v2', async (t) => {
  const uid = '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';
  const cases: [string, string, string | undefined][] = [
    ['v2 systemd burstable', `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replace(/-/g, '_')}.slice/cri-containerd-4f1e.scope\n`, uid],
    ['v2 systemd guaranteed', `0::/kubepods.slice/kubepods-pod${uid.replace(/-/g, '_')}.slice/crio-9a8b.scope\n`, uid],
    ['v1 cgroupfs besteffort', `12:memory:/kubepods/besteffort/pod${uid}/0123abcd\n11:cpu,cpuacct:/kubepods/besteffort/pod${uid}/0123abcd\n`, uid],
    ['v1 cgroupfs guaranteed', `4:pids:/kubepods/pod${uid}/0123abcd\n`, uid],
    ['static pod (hash UID)', '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0f1e2d3c4b5a69788796a5b4c3d2e1f0.slice/x.scope\n', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'],
    ['libvirt machine slice', '0::/machine.slice/machine-qemu\\x2d1\\x2dweb01.scope/libvirt/emulator\n', undefined],
    ['a user session', '0::/user.slice/user-1000.slice/session-3.scope\n', undefined],
  ];
  for (const [name, text, expected] of cases) t.equal(podUidFromCgroup(text), expected, name);
});

t.test('pidfile', async (t) => {
  const cases: [string, unknown][] = [['195139\n', 195139], ['195139', 195139], ['', 'EEMPTY'], ['0\n', 'EPARSE'], ['12ab\n', 'EPARSE'], ['-5\n', 'EPARSE']];
  for (const [text, expected] of cases) {
    const result = parsePidfile(text);
    t.strictSame(!isIssue(result) ? result : result.code, expected, JSON.stringify(text));
  }
});
