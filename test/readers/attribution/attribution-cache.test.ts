// What the caches save is reads: these tests count the calls through a wrapped HostFs (no timing).

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../../src/host/host-fs.js';
import { HolderScanner } from '../../../src/readers/attribution/holder-scanner.js';
import { SourceTally } from '../../../src/readers/attribution/source-tally.js';
import { VfConsumerReader } from '../../../src/readers/attribution/vf-consumer-reader.js';
import { readTopology } from '../../../src/readers/topology-reader.js';
import { attributionVfs } from '../../../src/readers/attribution/attribution-vfs.js';
import { COMMON_FDS, type ProcessSpec, kubeletCheckpoint, libvirtFiles, libvirtQemuArgv, podLogFiles, processFiles, qemuFds } from '../../support/consumer-files.js';
import { buildConsumerHost, vf, writeExtraFiles } from '../../support/consumer-host.js';
import { CountingFs } from '../../support/consumer-fs.js';

const QEMU: ProcessSpec = {
  pid: 4242,
  comm: 'qemu-system-x86',
  argv: libvirtQemuArgv({ guest: 'web01', uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', devices: [{ address: vf(0), alias: 'hostdev0' }] }),
  fds: qemuFds([70]),
};
const others: ProcessSpec[] = Array.from({ length: 4 }, (_, i) => ({ pid: 2000 + i, comm: `worker${i}`, argv: [`/usr/bin/worker${i}`], fds: { ...COMMON_FDS, '5': `/var/log/worker${i}.log` } }));
const fdCount = (p: ProcessSpec) => Object.keys(p.fds ?? {}).length;
const SYSTEMD_FDS = 6;
const INTERVAL = 15_000;

function setup(t: Test) {
  const root = t.testdir({});
  buildConsumerHost(root, { vfs: [{ driver: 'vfio-pci', iommuGroup: 70, netdev: null }], processes: [QEMU, ...others] });
  return root;
}

function scan(scanner: HolderScanner, root: string, now: number) {
  const counting = new CountingFs(new HostFs(defaultRoots(root)));
  const evidence = scanner.scan(counting, now, new SourceTally('procfs'));
  return { counting, evidence };
}

t.test('holder scan: the first reads every fd; the next reads no fd but one probe per holder', async (t) => {
  const root = setup(t);
  const scanner = new HolderScanner({ rescanIntervalMs: INTERVAL });
  const cold = scan(scanner, root, 0);
  const allFds = SYSTEMD_FDS + fdCount(QEMU) + others.reduce((n, p) => n + fdCount(p), 0);
  t.equal(cold.counting.calls.readLink, allFds, 'every fd link read once');
  t.strictSame(cold.evidence?.holders.map((h) => [h.pid, h.groups]), [[4242, ['70']]]);
  t.ok(cold.counting.texts.includes('/proc/4242/cmdline'), "the holder's argv read");
  t.notOk(cold.counting.texts.some((p) => /^\/proc\/200\d\/cmdline$/.test(p)), 'no argv read of a process that holds no device');

  const warm = scan(scanner, root, 1_000);
  t.equal(warm.counting.calls.readLink, 1, 'one probe fd of the one holder');
  t.equal(warm.counting.calls.list, 1, 'only /proc listed');
  t.strictSame(warm.counting.texts.filter((p) => !p.endsWith('/stat')), [], 'only stat files read (to see pids reused)');
  t.strictSame(warm.evidence?.holders.map((h) => h.pid), [4242]);
});

t.test('holder scan: only a new process has its fds read; a reused pid (other starttime) is read again', async (t) => {
  const root = setup(t);
  const scanner = new HolderScanner({ rescanIntervalMs: INTERVAL });
  scan(scanner, root, 0);

  const newcomer: ProcessSpec = { pid: 3000, comm: 'dpdk-testpmd', argv: ['dpdk-testpmd'], fds: { ...COMMON_FDS, '5': '/run/dpdk/rte/config', '8': '/dev/vfio/71' } };
  writeProcess(root, newcomer);
  const afterNew = scan(scanner, root, 2_000);
  t.equal(afterNew.counting.calls.readLink, fdCount(newcomer) + 1, "the newcomer's fds and the holder's probe");
  t.strictSame(afterNew.evidence?.holders.map((h) => h.pid).sort(), [3000, 4242]);

  // worker0 exits and its pid is given to a process that holds a VF: same pid, new starttime.
  const reused: ProcessSpec = { pid: 2000, comm: 'vfio-app', argv: ['vfio-app'], startTime: 999_999, fds: { '0': '/dev/null', '7': '/dev/vfio/72' } };
  fs.rmSync(path.join(root, 'proc/2000'), { recursive: true });
  writeProcess(root, reused);
  const afterReuse = scan(scanner, root, 3_000);
  t.equal(afterReuse.counting.calls.readLink, fdCount(reused) + 2, "the reused pid's fds and the two holders' probes");
  t.ok(afterReuse.evidence?.holders.some((h) => h.pid === 2000 && h.comm === 'vfio-app'));
});

t.test('holder scan: a holder that let go is seen by its probe; every interval all fds are read again', async (t) => {
  const root = setup(t);
  const scanner = new HolderScanner({ rescanIntervalMs: INTERVAL });
  scan(scanner, root, 0);
  // A worker opens a VFIO group after it was scanned: not seen until the full rescan.
  fs.symlinkSync('/dev/vfio/73', path.join(root, 'proc/2001/fd/9'));
  // QEMU lets the VF go: its group fd (21) and its device fd (40) closed.
  fs.rmSync(path.join(root, 'proc/4242/fd/21'));
  fs.rmSync(path.join(root, 'proc/4242/fd/40'));
  const between = scan(scanner, root, 10_000);
  t.strictSame(between.evidence?.holders.map((h) => h.pid), [], 'QEMU re-read after its probe failed; the worker not yet');
  t.equal(between.counting.calls.readLink, 1 + fdCount(QEMU) - 2, "the probe, then QEMU's remaining fds");

  const full = scan(scanner, root, INTERVAL + 1);
  t.strictSame(full.evidence?.holders.map((h) => h.pid), [2001], 'the full rescan finds the worker');
  t.ok(full.counting.calls.readLink > 20, 'all fds read again');
});

t.test('running-state files are parsed again only when they change', async (t) => {
  const root = t.testdir({});
  const uid = '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';
  const pod = { namespace: 'ns', name: 'cnf-1', uid };
  buildConsumerHost(root, {
    vfs: [{ driver: 'vfio-pci', iommuGroup: 70, netdev: null }, { driver: 'iavf', iommuGroup: 71, netdev: null }],
    hidepid: true,
    files: {
      ...libvirtFiles({ name: 'web01', uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', pid: 4242, devices: [{ address: vf(0), alias: 'hostdev0', form: 'hostdev' }] }),
      '/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint': kubeletCheckpoint([{ podUid: uid, container: 'c', resource: 'r', devices: { '0': [vf(1)] } }]),
      ...podLogFiles(pod, ['c']),
    },
  });
  const reader = new VfConsumerReader();
  const read = (now: number) => {
    const host = new HostFs(defaultRoots(root));
    const counting = new CountingFs(host);
    const reading = reader.read(counting, attributionVfs(readTopology(host)), now);
    return { counting, reading };
  };
  const statusFile = '/run/libvirt/qemu/web01.xml';
  const checkpoint = '/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint';
  const first = read(0);
  t.strictSame(first.reading.consumers.map((c) => [c.kind, c.consumer]), [['vm', 'web01'], ['pod', 'cnf-1']]);
  t.ok(first.counting.texts.includes(statusFile) && first.counting.texts.includes(checkpoint), 'both read the first time');

  const second = read(1_000);
  t.notOk(second.counting.texts.includes(statusFile) || second.counting.texts.includes(checkpoint), 'neither read again');
  t.strictSame(second.reading.consumers, first.reading.consumers, 'the same answer from the cache');
  t.equal(first.counting.calls.readLink, 1, 'the first read follows the one /sys/class/vfio-dev link');
  t.equal(second.counting.calls.readLink, 0, 'the next knows it');
  t.equal(read(20_000).counting.calls.readLink, 1, 'after the rescan interval links are read afresh');

  // libvirt rewrites the status file (a new file renamed over the old one): read again, the new content used.
  const rewritten = fs.readFileSync(path.join(root, statusFile), 'utf8').replace('<name>web01</name>', '<name>web01-renamed</name>');
  fs.writeFileSync(path.join(root, `${statusFile}.new`), rewritten);
  fs.renameSync(path.join(root, `${statusFile}.new`), path.join(root, statusFile));
  const third = read(21_000);
  t.ok(third.counting.texts.includes(statusFile), 'the changed file read again');
  t.notOk(third.counting.texts.includes(checkpoint), 'the unchanged one not');
  t.equal(third.reading.consumers[0]?.consumer, 'web01-renamed');
});

/** A process started after the host was built. */
function writeProcess(root: string, p: ProcessSpec): void {
  fs.mkdirSync(path.join(root, `proc/${p.pid}/fd`), { recursive: true });
  writeExtraFiles(root, processFiles(p));
}
