// The exporter's lean SR-IOV reader agrees with what the kernel's links say, and handles the layouts that
// take it off its fast paths: representor netdevs, PFs without a driver, storage PFs, unreadable offsets.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { readPciDevices } from '../../src/readers/pci-reader.js';
import { readTopology, readTopologyPaced } from '../../src/readers/topology-reader.js';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { buildTempHost } from '../support/exporter-host.js';
import type { HostSpec } from '../support/host-builder.js';
import { syntheticHost } from '../support/synthetic-host.js';
import { fixtureHost, runCheck } from '../support/run-cli.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';

const read = (root: string) => readTopology(new HostFs(defaultRoots(root)));

function host(t: Test, spec: HostSpec): string {
  const built = buildTempHost(spec);
  t.teardown(() => built.remove());
  return built.root;
}

t.test('VF addresses, drivers and netdevs agree with the virtfn, driver and net links sriov-check reads', async (t) => {
  for (const name of ['x710-iavf', 'e810-vfio', 'vf-no-driver', 'pf-no-driver']) {
    const root = fixtureHost(name);
    const inventory = read(root);
    const devices = readPciDevices(new HostFs(defaultRoots(root))).devices;
    const expected = devices
      .filter((d) => d.physfn !== undefined)
      .map((d) => ({ address: d.address, pf: d.physfn, index: d.vfIndex, driver: typeof d.driver === 'string' ? d.driver : undefined, netdev: Array.isArray(d.netdevs) ? d.netdevs[0] : undefined }));
    const got = inventory.pfs.flatMap((pf) => pf.vfs.map((vf) => ({ address: vf.address, pf: pf.address, index: vf.index, driver: vf.driver, netdev: vf.netdev })));
    t.strictSame(got, expected, name);
    t.strictSame(inventory.problems, [], `${name}: no problems`);
  }
});

t.test('a PF without a driver is labelled by its address; one without sriov_* files is not a PF', async (t) => {
  t.strictSame(read(fixtureHost('pf-no-driver')).pfs.map((pf) => [pf.label, pf.driver, pf.totalVfs, pf.numVfs]), [['0000:3b:00.0', undefined, 64, 0]]);
  t.strictSame(read(fixtureHost('cx5-sriov-off')).pfs, [], 'SR-IOV off in firmware: no sriov_totalvfs, no PF here');
});

t.test('representor netdevs of a switchdev PF are not its label', async (t) => {
  const connectx = EXPORTER_SCENARIOS.find((h) => h.name === 'connectx-ofed');
  if (!connectx) throw new Error('fixture missing');
  // A VF representor on the PF whose name sorts before the uplink's (…/0000:3b:00.0/net/enp59s0f0pf0vf0, phys_port_name pf0vf0).
  const pfDir = '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0';
  const root = host(t, {
    ...connectx.spec,
    files: {
      ...connectx.spec.files,
      [`${pfDir}/net/enp59s0f0pf0vf0/phys_port_name`]: 'pf0vf0\n',
      '/sys/class/net/enp59s0f0pf0vf0': { symlink: '../../devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0/net/enp59s0f0pf0vf0' },
    },
  });
  t.equal(read(root).pfs[0]?.label, 'ens1f0np0');
});

t.test('without sriov_offset the virtfn links are read instead, with the same result', async (t) => {
  const e810 = EXPORTER_SCENARIOS.find((h) => h.name === 'e810-iavf');
  if (!e810) throw new Error('fixture missing');
  const root = host(t, e810.spec);
  const before = read(root);
  fs.rmSync(path.join(fs.realpathSync(path.join(root, 'sys/bus/pci/devices/0000:37:00.1')), 'sriov_offset'));
  fs.rmSync(path.join(root, 'sys/bus/pci/drivers'), { recursive: true }); // and each VF's driver link instead of the listings
  const after = read(root);
  t.strictSame(after.pfs.map((pf) => pf.vfs), before.pfs.map((pf) => pf.vfs));
  t.equal(after.pfs[1]?.vfs.length, 4);
});

t.test('an SR-IOV storage function is not a NIC PF', async (t) => {
  const x710 = SCENARIOS.find((s) => s.name === 'x710-iavf');
  if (!x710) throw new Error('fixture missing');
  const nvme = { ...(x710.spec.pfs?.[1] as NonNullable<HostSpec['pfs']>[number]), classCode: '010802', netdev: undefined, vendorId: '144d', deviceId: 'a824' };
  const root = host(t, { ...x710.spec, pfs: [x710.spec.pfs?.[0] as NonNullable<HostSpec['pfs']>[number], nvme] });
  t.strictSame(read(root).pfs.map((pf) => pf.address), ['0000:3b:00.0']);
});

t.test('switchdev: the uplink names the PF, each VF gets its representor, the switch id is the uplink\'s', async (t) => {
  const cx5 = read(fixtureHost('cx5-switchdev'));
  const pf = cx5.pfs[0];
  t.equal(pf?.label, 'ens1f0np0');
  t.strictSame(pf?.switchdev, { switchId: '40102a0003f6ceb8', otherRepresentors: [] });
  t.strictSame(pf?.vfs.map((vf) => [vf.index, vf.representor, vf.netdev ?? null]), [[0, 'eth0', null], [1, 'eth1', 'ens1f0v1'], [2, 'eth2', null], [3, 'eth3', null]]);
  t.equal(cx5.pfs[1]?.switchdev, undefined, 'port 2 is in legacy mode');
  t.strictSame(cx5.problems, []);
  const e810 = read(fixtureHost('e810-switchdev'));
  t.strictSame(e810.pfs.map((p) => [p.label, p.switchdev?.switchId ?? null, p.vfs.map((vf) => vf.representor ?? null)]), [
    ['enp162s0f0np0', '303ea7ffff011a5a', ['eth0', 'eth1', 'eth2', 'eth3']],
    ['enp162s0f1np1', null, [null, null]],
  ]);
});

t.test('the checks\' topology (from the snapshot\'s records) is the exporter\'s, switchdev hosts included', async (t) => {
  for (const name of ['x710-iavf', 'e810-vfio', 'vf-no-driver', 'pf-no-driver', 'ready-intel', 'cx5-switchdev', 'e810-switchdev']) {
    const root = fixtureHost(name);
    const snapshot = await takeSnapshot(new HostFs(defaultRoots(root)), { toolName: 'test', toolVersion: '0', enrichSystem: false });
    const scraped = read(root);
    t.strictSame(snapshot.topology.pfs, scraped.pfs, name);
  }
});

t.test('a representor renamed so that it sorts before the uplink names neither the exporter\'s PF nor the checks\' subject', async (t) => {
  const cx5 = SCENARIOS.find((s) => s.name === 'cx5-switchdev');
  if (!cx5) throw new Error('fixture missing');
  // As a udev rule naming representors after the PF's path name would (enp59s0f0npf0vf0 < ens1f0np0).
  const renamed: HostSpec = {
    ...cx5.spec,
    pfs: cx5.spec.pfs?.map((pf) =>
      pf.switchdev ? { ...pf, switchdev: { ...pf.switchdev, representors: pf.switchdev.representors.map((rep, vf) => ({ ...rep, name: `enp59s0f0npf0vf${vf}` })) } } : pf,
    ),
  };
  const root = host(t, renamed);
  t.equal(read(root).pfs[0]?.label, 'ens1f0np0');
  const report = JSON.parse((await runCheck(['--path.rootfs', root, '--output', 'json'])).stdout) as { pfs: { netdev: string }[]; checks: { subject: string }[] };
  t.strictSame(report.pfs.map((pf) => pf.netdev), ['ens1f0np0', 'ens1f1np1']);
  t.notOk(report.checks.some((c) => c.subject.startsWith('enp59s0f0npf0')), 'no finding is about a representor as if it were the PF');
});

t.test('read a PF at a time: the paced reading hands the thread back after each PF and reads the same', async (t) => {
  const root = host(t, syntheticHost({ pfs: 3, vfsPerPf: 4, queues: 1 }));
  let pauses = 0;
  const paced = await readTopologyPaced(new HostFs(defaultRoots(root)), async () => {
    pauses++;
  });
  t.equal(pauses, 3, 'one pause per PF');
  t.strictSame(paced, read(root), 'the same reading as in one go');
  t.equal(paced.pfs.length, 3);
});
