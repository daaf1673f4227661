import t from 'tap';
import { classifyFdTarget, holdsDevice } from '../../../src/parse/attribution/fd-target.js';
import { vfioDeviceFromFdinfo } from '../../../src/parse/attribution/fdinfo.js';
import { pciAddressOfClassDevice } from '../../../src/parse/attribution/class-device-link.js';

t.test('fd link targets: the devices a process holds, everything else undefined', async (t) => {
  const cases: [string, unknown][] = [
    ['/dev/vfio/87', { kind: 'vfio-group', group: '87', noiommu: false }],
    ['/dev/vfio/noiommu-5', { kind: 'vfio-group', group: '5', noiommu: true }],
    ['/dev/vfio/devices/vfio3', { kind: 'vfio-cdev', device: 'vfio3' }],
    ['anon_inode:[vfio-device]', { kind: 'vfio-device' }],
    ['/dev/vfio/vfio', { kind: 'vfio-container' }],
    ['/dev/iommu', { kind: 'iommufd' }],
    ['/dev/infiniband/uverbs2', { kind: 'uverbs', device: 'uverbs2' }],
    ['/run/dpdk/rte/config', { kind: 'dpdk-runtime', prefix: 'rte' }],
    ['/var/run/dpdk/vpp-main/fbarray_memseg-2048k-0-0', { kind: 'dpdk-runtime', prefix: 'vpp-main' }],
    ['/run/user/1000/dpdk/pmd1/config', { kind: 'dpdk-runtime', prefix: 'pmd1' }],
    ['/run/dpdk/rte/mp_socket', undefined],
    ['/dev/vfio/87x', undefined],
    ['/dev/vfio/devices/vfio', undefined],
    ['/dev/kvm', undefined],
    ['socket:[123456]', undefined],
    ['anon_inode:[eventfd]', undefined],
    ['/var/lib/libvirt/images/web01.qcow2', undefined],
  ];
  for (const [target, expected] of cases) t.strictSame(classifyFdTarget(target), expected, target);
});

t.test('only device fds make a process worth classifying', async (t) => {
  const holding = ['/dev/vfio/87', '/dev/vfio/devices/vfio3', 'anon_inode:[vfio-device]', '/dev/infiniband/uverbs0'];
  const notHolding = ['/dev/vfio/vfio', '/dev/iommu', '/run/dpdk/rte/config'];
  for (const target of holding) t.equal(holdsDevice(classifyFdTarget(target)!), true, target);
  for (const target of notHolding) t.equal(holdsDevice(classifyFdTarget(target)!), false, target);
});

t.test('fdinfo of a VFIO device fd (Linux 6.18+) names the device', async (t) => {
  const fdinfo = 'pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\nvfio-device-syspath: /sys/devices/pci0000:e0/0000:e0:01.1/0000:e8:00.0\n';
  t.equal(vfioDeviceFromFdinfo(fdinfo), '0000:e8:00.0');
  t.equal(vfioDeviceFromFdinfo('pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\n'), undefined, 'older kernels say nothing');
  t.equal(vfioDeviceFromFdinfo('vfio-device-syspath: /sys/devices/platform/fff51000.ethernet\n'), undefined, 'not a PCI device');
});

t.test('class links of VFIO cdevs and verbs devices → the PCI function', async (t) => {
  t.equal(pciAddressOfClassDevice('../../devices/pci0000:00/0000:00:02.0/0000:02:00.0/vfio-dev/vfio3', 'vfio-dev'), '0000:02:00.0');
  t.equal(pciAddressOfClassDevice('../../devices/pci0000:3a/0000:3a:00.0/0000:3b:02.1/vfio-dev/vfio12', 'vfio-dev'), '0000:3b:02.1');
  t.equal(pciAddressOfClassDevice('../../devices/pci0000:3a/0000:3a:00.0/0000:3b:00.2/infiniband_verbs/uverbs2', 'infiniband_verbs'), '0000:3b:00.2');
  t.equal(pciAddressOfClassDevice('../../devices/pci0000:3a/0000:3a:00.0/0000:3b:00.2/infiniband_verbs/uverbs2', 'vfio-dev'), undefined, 'another class');
  t.equal(pciAddressOfClassDevice('../../devices/platform/fff51000.ethernet/vfio-dev/vfio0', 'vfio-dev'), undefined, 'a platform device');
  t.equal(pciAddressOfClassDevice('../../devices/pci0000:00/0000:00:02.0/0000:02:00.0', 'vfio-dev'), undefined, 'no class component');
  t.equal(pciAddressOfClassDevice('vfio-dev/vfio3', 'vfio-dev'), undefined);
});
