import t from 'tap';
import { combineConsumers } from '../../src/attribution/combine-consumers.js';
import { type AttributionEvidence, NO_EVIDENCE, type ProcessHolder } from '../../src/attribution/consumer-evidence.js';
import type { AttributionVf } from '../../src/attribution/consumer-types.js';

const UID = '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';
const vfio = (address: string, group: string): AttributionVf => ({ address, driver: 'vfio-pci', iommuGroup: group });

function holder(pid: number, fields: Partial<ProcessHolder>): ProcessHolder {
  return { pid, startTime: 1000 + pid, comm: 'x', identity: { kind: 'process', comm: 'x' }, groups: [], cdevs: [], fdinfoDevices: [], uverbs: [], ...fields };
}

function evidence(fields: Partial<AttributionEvidence>): AttributionEvidence {
  return { ...NO_EVIDENCE, holders: { holders: [], complete: true }, ...fields };
}

const qemu = holder(4242, {
  comm: 'qemu-system-x86',
  identity: { kind: 'qemu', guest: 'web01', devices: [{ address: '0000:3b:02.1', id: 'hostdev0' }] },
  groups: ['70'],
});

t.test('the live holder names the VF; libvirt\'s file for the same pid adds the UUID; no pid leaks', async (t) => {
  const result = combineConsumers([vfio('0000:3b:02.1', '70')], evidence({
    holders: { holders: [qemu], complete: true },
    libvirt: [{ name: 'web01', uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', pid: 4242, hostdevs: [{ address: '0000:3b:02.1', alias: 'hostdev0' }], alive: true }],
  }));
  t.strictSame(result.consumers, [{
    address: '0000:3b:02.1', kind: 'vm', consumer: 'web01', namespace: '', source: 'procfs', attribution: 'device',
    details: { vmUuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', guestAlias: 'hostdev0' },
  }]);
  t.strictSame(result.conflicts, []);
  t.notMatch(JSON.stringify(result), /4242/);
});

t.test('a shared IOMMU group: argv names one VF (device), the other is held through the group', async (t) => {
  const result = combineConsumers([vfio('0000:3b:02.1', '70'), vfio('0000:3b:02.2', '70')], evidence({ holders: { holders: [qemu], complete: true } }));
  t.strictSame(result.consumers.map((c) => [c.kind, c.consumer, c.attribution]), [['vm', 'web01', 'device'], ['vm', 'web01', 'group']]);
});

t.test('a lone VF in its group is the holder\'s device even without argv naming it', async (t) => {
  const dpdk = holder(10, { comm: 'dpdk-testpmd', identity: { kind: 'dpdk', prefix: 'tpmd', allowed: [] }, groups: ['87'] });
  const result = combineConsumers([vfio('0000:3b:02.5', '87')], evidence({ holders: { holders: [dpdk], complete: true } }));
  t.strictSame(result.consumers.map((c) => [c.kind, c.consumer, c.source, c.attribution]), [['dpdk', 'tpmd', 'procfs', 'device']]);
});

t.test('several holders of one group (a DPDK primary and a secondary): the one started first', async (t) => {
  const primary = holder(30, { startTime: 500, comm: 'primary', groups: ['87'] });
  const secondary = holder(20, { startTime: 900, comm: 'secondary', groups: ['87'] });
  const result = combineConsumers([vfio('0000:3b:02.5', '87')], evidence({ holders: { holders: [secondary, primary], complete: true } }));
  t.equal(result.consumers[0]?.consumer, 'primary');
});

t.test('cdev, fdinfo and verbs holders are matched through their devices, not groups', async (t) => {
  const cdev = holder(1, { comm: 'qemu-kvm', identity: { kind: 'qemu', guest: 'cdev-vm', devices: [{ id: 'hostdev0' }] }, cdevs: ['vfio3'] });
  const anon = holder(2, { comm: 'app', fdinfoDevices: ['0000:3b:02.2'] });
  const verbs = holder(3, { comm: 'dpdk-testpmd', identity: { kind: 'dpdk', allowed: [] }, uverbs: ['uverbs2'] });
  const vfs: AttributionVf[] = [
    { address: '0000:3b:02.1', driver: 'vfio-pci', iommuGroup: '71' },
    { address: '0000:3b:02.2', driver: 'vfio-pci', iommuGroup: '72' },
    { address: '0000:3b:00.2', driver: 'mlx5_core', netdev: 'ens1f0v0', iommuGroup: '73' },
  ];
  const result = combineConsumers(vfs, evidence({
    holders: { holders: [cdev, anon, verbs], complete: true },
    links: { vfioDevices: new Map([['0000:3b:02.1', 'vfio3'], ['0000:3b:02.2', 'vfio4']]), uverbs: new Map([['uverbs2', '0000:3b:00.2']]) },
  }));
  t.strictSame(result.consumers.map((c) => [c.kind, c.consumer, c.attribution]), [
    ['vm', 'cdev-vm', 'device'],
    ['process', 'app', 'device'],
    ['dpdk', 'dpdk-testpmd', 'device'], // the mlx5 VF keeps its host netdev, but DPDK uses it
  ]);
});

t.test('KubeVirt: the launcher pod\'s QEMU is the VM, named from its domain, with the pod\'s facts', async (t) => {
  const launcher = holder(7, {
    comm: 'qemu-kvm',
    podUid: UID,
    identity: { kind: 'qemu', guest: 'tenant-a_web-vm', uuid: '11111111-2222-3333-4444-555555555555', devices: [{ address: '0000:3b:02.3', id: 'ua-sriov-sriov-net' }] },
    groups: ['73'],
  });
  const pod = { namespace: 'tenant-a', name: 'virt-launcher-web-vm-4k7xq', uid: UID };
  const result = combineConsumers([vfio('0000:3b:02.3', '73')], evidence({
    holders: { holders: [launcher], complete: true },
    pods: new Map([[UID, pod]]),
    allocations: [{ address: '0000:3b:02.3', podUid: UID, container: 'compute', resource: 'intel.com/sriov_vfio', pod }],
  }));
  t.strictSame(result.consumers[0], {
    address: '0000:3b:02.3', kind: 'vm', consumer: 'web-vm', namespace: 'tenant-a', source: 'procfs', attribution: 'device',
    details: { vmUuid: '11111111-2222-3333-4444-555555555555', libvirtDomain: 'tenant-a_web-vm', podUid: UID, container: 'compute', resource: 'intel.com/sriov_vfio', network: 'sriov-net', guestAlias: 'ua-sriov-sriov-net' },
  });
  t.strictSame(result.conflicts, [], 'the checkpoint agrees (same pod UID)');
});

t.test('a DPDK process in a pod is the pod; without the pod log directories the UID stands for its name', async (t) => {
  const app = holder(8, { comm: 'dpdk-testpmd', podUid: UID, identity: { kind: 'dpdk', prefix: 'rte', allowed: [] }, groups: ['74'] });
  const pod = { namespace: 'cnf', name: 'upf-0', uid: UID };
  const withPods = combineConsumers([vfio('0000:3b:02.4', '74')], evidence({
    holders: { holders: [app], complete: true },
    pods: new Map([[UID, pod]]),
    allocations: [{ address: '0000:3b:02.4', podUid: UID, container: 'upf', resource: 'intel.com/sriov_dpdk', pod }],
  }));
  t.strictSame(withPods.consumers[0], { address: '0000:3b:02.4', kind: 'pod', consumer: 'upf-0', namespace: 'cnf', source: 'procfs', attribution: 'device', details: { podUid: UID, container: 'upf', resource: 'intel.com/sriov_dpdk' } });
  const withoutPods = combineConsumers([vfio('0000:3b:02.4', '74')], evidence({ holders: { holders: [app], complete: true } }));
  t.strictSame([withoutPods.consumers[0]?.kind, withoutPods.consumers[0]?.consumer, withoutPods.consumers[0]?.namespace], ['pod', UID, '']);
});

t.test('the live holder wins over a file that names another process; the conflict is counted', async (t) => {
  const result = combineConsumers([vfio('0000:3b:02.1', '70')], evidence({
    holders: { holders: [qemu], complete: true },
    libvirt: [{ name: 'old-vm', pid: 999, hostdevs: [{ address: '0000:3b:02.1' }], alive: true }],
    allocations: [{ address: '0000:3b:02.1', podUid: UID, container: 'c', resource: 'r' }],
  }));
  t.equal(result.consumers[0]?.consumer, 'web01');
  t.strictSame(result.conflicts, [
    { address: '0000:3b:02.1', source: 'libvirt', chosen: 'procfs' },
    { address: '0000:3b:02.1', source: 'checkpoint', chosen: 'procfs' },
  ]);
});

t.test('without a live holder the files decide, libvirt before Proxmox before the checkpoint before CNI', async (t) => {
  const result = combineConsumers([vfio('0000:3b:02.1', '70'), vfio('0000:3b:02.2', '71'), vfio('0000:3b:02.3', '72')], evidence({
    holders: undefined,
    libvirt: [{ name: 'web01', uuid: 'u', pid: 1, hostdevs: [{ address: '0000:3b:02.1' }] }],
    proxmox: [{ vmid: 100, name: 'db02', pid: 2, addresses: ['0000:3b:02.1', '0000:3b:02.2'] }],
    allocations: [{ address: '0000:3b:02.3', podUid: UID, container: 'app', resource: 'r' }],
    cni: [{ address: '0000:3b:02.3', network: 'n', pod: { namespace: 'ns', name: 'other', uid: 'ffffffff-2a3d-4e5f-8a9b-0c1d2e3f4a5b' } }],
  }));
  t.strictSame(result.consumers.map((c) => [c.kind, c.consumer, c.source]), [['vm', 'web01', 'libvirt'], ['vm', 'db02', 'proxmox'], ['pod', UID, 'checkpoint']]);
  t.strictSame(result.conflicts, [
    { address: '0000:3b:02.1', source: 'proxmox', chosen: 'libvirt' },
    { address: '0000:3b:02.3', source: 'cni', chosen: 'checkpoint' },
  ]);
});

t.test('host, none and unknown', async (t) => {
  const vfs: AttributionVf[] = [
    { address: '0000:3b:02.0', driver: 'iavf', netdev: 'ens1f0v0', iommuGroup: '1' },
    vfio('0000:3b:02.1', '2'),
    { address: '0000:3b:02.2', iommuGroup: '3' },
    { address: '0000:3b:02.3', driverUnreadable: true, iommuGroup: '4' },
    { address: '0000:3b:02.4', driver: 'iavf', iommuGroup: '5' },
    { address: '0000:3b:02.5', driver: 'mlx5_vfio_pci', iommuGroup: '6' },
  ];
  const complete = combineConsumers(vfs, evidence({ allocations: [{ address: '0000:3b:02.0', podUid: UID, container: 'c', resource: 'r' }] }));
  t.strictSame(complete.consumers.map((c) => [c.kind, c.source]), [
    ['host', 'sysfs'], // a netdev in the host's namespace
    ['none', 'sysfs'], // on VFIO, nobody holds it, every process read
    ['none', 'sysfs'], // no driver
    ['unknown', undefined], // the driver could not be read
    ['unknown', undefined], // a kernel driver but no netdev here: moved into a container
    ['none', 'sysfs'], // a VFIO variant driver
  ]);
  t.strictSame(complete.conflicts, [{ address: '0000:3b:02.0', source: 'checkpoint', chosen: 'sysfs' }]);
  const partial = combineConsumers(vfs, evidence({ holders: { holders: [], complete: false } }));
  t.equal(partial.consumers[1]?.kind, 'unknown', 'some processes unreadable: a VFIO VF nobody was seen holding may be held');
  const off = combineConsumers(vfs, evidence({ holders: undefined }));
  t.equal(off.consumers[1]?.kind, 'unknown', 'no holder scan at all');
});

t.test('a checkpoint entry of a KubeVirt launcher pod names the VM without the process', async (t) => {
  const pod = { namespace: 'tenant-a', name: 'virt-launcher-web-vm-4k7xq', uid: UID };
  const result = combineConsumers([vfio('0000:3b:02.3', '73')], evidence({ holders: { holders: [], complete: false }, allocations: [{ address: '0000:3b:02.3', podUid: UID, container: 'compute', resource: 'r', pod }] }));
  t.strictSame([result.consumers[0]?.kind, result.consumers[0]?.consumer, result.consumers[0]?.namespace, result.consumers[0]?.source], ['vm', 'web-vm', 'tenant-a', 'checkpoint']);
});
