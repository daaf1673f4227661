// SriovNetworkNodePolicy objects against fixture hosts: what the operator would do (nothing, drain, reboot),
// what would fail, and a drain or reboot that would be for nothing.

import t from 'tap';
import { judgePolicies } from '../../src/plan/judge-policies.js';
import type { NodePolicy } from '../../src/plan/plan-types.js';
import { viewReport } from '../../src/report/report-view.js';
import { changed, fixtureSnapshot } from '../support/check-harness.js';
import { fixtureReport, reportOf } from '../support/fixture-report.js';

const policy = (name: string, more: Partial<NodePolicy> & { pfNames?: NodePolicy['nicSelector']['pfNames']; vendor?: string; deviceID?: string } = {}): NodePolicy => {
  const { pfNames = [], vendor, deviceID, ...rest } = more;
  return {
    name,
    line: 1,
    resourceName: name,
    numVfs: 8,
    numVfsLine: 9,
    nicSelector: { pfNames, rootDevices: [], ...(vendor ? { vendor } : {}), ...(deviceID ? { deviceID } : {}), line: 10 },
    deviceType: 'netdevice',
    isRdma: false,
    excludeTopology: false,
    externallyManaged: false,
    priority: 0,
    ...rest,
  };
};
const judge = async (host: string, ...policies: NodePolicy[]) => judgePolicies(policies, viewReport(await fixtureReport(host)));

t.test('vtd-off-bios, vfio-pci: the operator would drain and reboot for nothing (no IOMMU in the firmware)', async (t) => {
  const result = await judge('vtd-off-bios', policy('vfio', { vendor: '8086', deviceType: 'vfio-pci' }));
  const item = result.items[0];
  t.equal(result.outcome, 'does-not-fit');
  t.match(item?.summary, /^the operator would drain and reboot this node for nothing: the firmware describes no IOMMU \(VT-d \/ AMD-Vi off in the BIOS\)/);
  t.match(item?.steps, [/^reboot: vfio-pci with the IOMMU off: the operator adds intel_iommu=on iommu=pt/, /^drain: ens1f0: its VFs are rebound to vfio-pci$/]);
});

t.test('x710-iavf: rebinding to vfio-pci drains; a matching netdevice policy changes nothing; a new count drains', async (t) => {
  const vfio = await judge('x710-iavf', policy('vfio', { pfNames: [{ device: 'ens1f0' }], deviceType: 'vfio-pci' }));
  t.equal(vfio.outcome, 'fits-after-changes');
  t.match(vfio.items[0]?.summary, /^applies to ens1f0; the operator will drain this node$/);
  const same = await judge('x710-iavf', policy('netdev', { pfNames: [{ device: 'ens1f0' }] }));
  t.equal(same.outcome, 'fits');
  t.match(same.items[0]?.summary, /^applies to ens1f0 without draining the node$/);
  const more = await judge('x710-iavf', policy('more', { deviceID: '1572', numVfs: 16 }));
  t.same(more.items[0]?.pfs, ['ens1f0', 'ens1f1']);
  t.same(more.items[0]?.steps, ['drain: ens1f0: 8 VFs are recreated as 16'], 'ens1f1 has no VFs: no drain for it');
});

t.test('what the operator refuses or cannot make work', async (t) => {
  const tooMany = await judge('x710-iavf', policy('many', { deviceID: '1572', numVfs: 100 }));
  t.equal(tooMany.outcome, 'does-not-fit');
  t.match(tooMany.items[0]?.reasons, [/ens1f0: numVfs 100 > sriov_totalvfs 64: the operator refuses \("NumVfs \(100\) is larger than TotalVfs \(64\)"\)/]);
  const range = await judge('x710-iavf', policy('range', { pfNames: [{ device: 'ens1f0', first: 4, last: 9 }] }));
  t.match(range.items[0]?.reasons, [/VF range #4-9 goes past numVfs 8/]);
  const rdma = await judge('x710-iavf', policy('rdma', { pfNames: [{ device: 'ens1f0' }], isRdma: true }));
  t.match(rdma.items[0]?.reasons, [/isRdma needs an NVIDIA\/Mellanox \(mlx5\) NIC/]);
  const external = await judge('x710-iavf', policy('ext', { pfNames: [{ device: 'ens1f1' }], externallyManaged: true }));
  t.match(external.items[0]?.reasons, [/externally managed, so the operator creates no VFs, and only 0 exist/]);
});

t.test('firmware that no reboot fixes: SR-IOV off on Intel, VFs that cannot be addressed, no MMIO', async (t) => {
  const ari = await judge('igb-no-ari', policy('igb', { pfNames: [{ device: 'enp7s0f0' }], numVfs: 4 }));
  t.equal(ari.outcome, 'does-not-fit');
  t.match(ari.items[0]?.reasons, [/enp7s0f0: its VFs cannot be addressed/]);
  const mmio = await judge('ixgbe-mmio', policy('ixgbe', { vendor: '8086' }));
  t.match(mmio.items[0]?.summary, /^the operator would drain and reboot this node for nothing: enp4s0f0: pci=realloc helps only where the firmware left room/);
});

t.test('ConnectX-5 with SR-IOV off in its firmware: the operator fixes it with a reboot, unless lockdown blocks mstconfig', async (t) => {
  const snapshot = await fixtureSnapshot('cx5-sriov-off');
  const p = policy('mlx', { vendor: '15b3', numVfs: 8 });
  const fine = judgePolicies([p], viewReport(reportOf(snapshot)));
  t.equal(fine.outcome, 'fits-after-changes');
  t.match(fine.items[0]?.steps, [/^reboot: enp129s0f0np0: the operator sets SRIOV_EN and NUM_OF_VFS in the NIC firmware \(mstconfig\) and reboots$/, /^reboot: enp129s0f1np1/]);
  const locked = judgePolicies([p], viewReport(reportOf(changed(snapshot, (s) => Object.assign(s.platform, { lockdown: 'integrity' })))));
  t.equal(locked.outcome, 'does-not-fit');
  t.match(locked.items[0]?.summary, /for nothing: enp129s0f0np0: kernel lockdown blocks mstconfig/);
});

t.test('selecting nothing changes nothing; two policies on one PF are noted', async (t) => {
  const none = await judge('x710-iavf', policy('mlx', { vendor: '15b3' }), policy('empty'));
  t.equal(none.outcome, 'fits');
  t.same(none.items.map((i) => i.summary), ['selects no PF on this host: nothing happens here', 'an empty nicSelector selects nothing: the operator ignores this policy']);
  const both = await judge('x710-iavf', policy('a', { pfNames: [{ device: 'ens1f0' }] }), policy('b', { deviceID: '1572' }));
  t.match(both.notes, [/nodeSelector is not evaluated/, /policy a and policy b all select ens1f0: the operator merges them by priority/]);
});
