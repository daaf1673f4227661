// The exporter's lean SR-IOV reader agrees with what the kernel's links say, and handles the layouts that
// take it off its fast paths: representor netdevs, PFs without a driver, storage PFs, unreadable offsets.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { readPciDevices } from '../../src/readers/pci-reader.js';
import { readTopology } from '../../src/readers/topology-reader.js';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { buildTempHost } from '../support/exporter-host.js';
import type { HostSpec } from '../support/host-builder.js';
import { fixtureHost } from '../support/run-cli.js';

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
