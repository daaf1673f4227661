import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots, naturalCompare } from '../../src/host/host-fs.js';
import { isIssue } from '../../src/fact.js';

function makeRoot(t: Test): string {
  const root = t.testdir({
    sys: {
      devices: {
        'pci0000:00': {
          '0000:00:03.0': {
            '0000:03:00.0': { vendor: '0x8086\n', driver: t.fixture('symlink', '../../../../bus/pci/drivers/ixgbe') },
          },
        },
      },
      bus: {
        pci: {
          devices: { '0000:03:00.0': t.fixture('symlink', '../../../devices/pci0000:00/0000:00:03.0/0000:03:00.0') },
          drivers: { ixgbe: {} },
        },
      },
      escape: t.fixture('symlink', '../../../../../../../../etc'),
      absolute: t.fixture('symlink', '/sys/devices'),
      loop1: t.fixture('symlink', 'loop2'),
      loop2: t.fixture('symlink', 'loop1'),
    },
    etc: { 'os-release': 'ID=fixture\n' },
  });
  return root;
}

t.test('reads through relative links inside the root', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.equal(host.readText('/sys/bus/pci/devices/0000:03:00.0/vendor'), '0x8086\n');
  t.equal(host.linkName('/sys/bus/pci/devices/0000:03:00.0/driver'), 'ixgbe');
  t.equal(host.resolve('/sys/bus/pci/devices/0000:03:00.0'), '/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0');
});

t.test('a link with too many .. stops at the root instead of reaching the real /', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.equal(host.resolve('/sys/escape'), '/etc');
  t.equal(host.readText('/sys/escape/os-release'), 'ID=fixture\n');
});

t.test('an absolute link points into the rooted tree', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.same(host.list('/sys/absolute'), ['pci0000:00']);
});

t.test('absent is undefined, a loop is an ELOOP issue naming the path', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.equal(host.readText('/sys/bus/pci/devices/0000:03:00.0/sriov_numvfs'), undefined);
  t.equal(host.readText('/nonexistent/file'), undefined);
  const loop = host.readText('/sys/loop1');
  t.ok(isIssue(loop));
  t.match(loop, { path: '/sys/loop1', code: 'ELOOP' });
});

t.test('a directory read as a file is an issue, not a crash', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.match(host.readText('/sys/devices'), { kind: 'issue', code: 'EISDIR' });
});

t.test('sysfs and procfs can live outside the rootfs', async (t) => {
  const dir = t.testdir({ rootfs: { etc: { hostname: 'a\n' } }, s: { x: '1\n' }, p: { cmdline: 'ro\n' } });
  const host = new HostFs(defaultRoots(path.join(dir, 'rootfs'), path.join(dir, 's'), path.join(dir, 'p')));
  t.equal(host.readText('/etc/hostname'), 'a\n');
  t.equal(host.readText('/sys/x'), '1\n');
  t.equal(host.readText('/proc/cmdline'), 'ro\n');
  t.notOk(host.isLiveRoot);
});

t.test('unreadable files are EACCES issues when not running as root', { skip: process.getuid?.() === 0 ? 'root reads everything' : false }, async (t) => {
  const dir = t.testdir({ f: 'secret' });
  fs.chmodSync(path.join(dir, 'f'), 0o000);
  const host = new HostFs(defaultRoots(dir));
  t.match(host.readText('/f'), { kind: 'issue', code: 'EACCES' });
});

t.test('natural order sorts virtfn and queue names numerically', async (t) => {
  t.same(['virtfn10', 'virtfn2', 'virtfn0', 'virtfn1'].sort(naturalCompare), ['virtfn0', 'virtfn1', 'virtfn2', 'virtfn10']);
  t.same(['rx-10', 'tx-0', 'rx-2'].sort(naturalCompare), ['rx-2', 'rx-10', 'tx-0']);
});

t.test('natural order: decimal runs by value (hex bus numbers too, digit by digit), leading zeros, the rest by code unit', async (t) => {
  const cases: [string[], string[]][] = [
    [['0000:10:00.0', '0000:0a:00.0', '0000:3b:00.1', '0000:3b:00.0'], ['0000:0a:00.0', '0000:3b:00.0', '0000:3b:00.1', '0000:10:00.0']],
    [['dmar10', 'dmar2', 'dmar01', 'dmar1'], ['dmar1', 'dmar01', 'dmar2', 'dmar10']],
    [['99-z.rules', '70-sriov.rules', '7-a.rules'], ['7-a.rules', '70-sriov.rules', '99-z.rules']],
    [['a', 'a1', ''], ['', 'a', 'a1']],
  ];
  for (const [input, want] of cases) t.same([...input].sort(naturalCompare), want, want.join(' < '));
});
