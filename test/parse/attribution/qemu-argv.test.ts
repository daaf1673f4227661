import t from 'tap';
import { parseQemuArgv, splitKubevirtDomain } from '../../../src/parse/attribution/qemu-argv.js';
import { parseQemuOpts } from '../../../src/parse/attribution/qemu-options.js';

t.test('QemuOpts: implied key, doubled commas, bare switches', async (t) => {
  const cases: [string, string | undefined, Record<string, string>][] = [
    ['guest=web01,debug-threads=on', 'guest', { guest: 'web01', 'debug-threads': 'on' }],
    ['web01', 'guest', { guest: 'web01' }],
    ['web01,debug-threads=on', 'guest', { guest: 'web01', 'debug-threads': 'on' }],
    ['guest=a,,b,debug-threads=on', 'guest', { guest: 'a,b', 'debug-threads': 'on' }],
    ['guest=a,,,,b', 'guest', { guest: 'a,,b' }],
    ['guest=ends-with-comma,,', 'guest', { guest: 'ends-with-comma,' }],
    ['vfio-pci,host=0000:3b:02.0,id=hostdev0,x-no-mmap', 'driver', { driver: 'vfio-pci', host: '0000:3b:02.0', id: 'hostdev0', 'x-no-mmap': 'on' }],
    ['process=qemu-web,guest=x', 'guest', { process: 'qemu-web', guest: 'x' }],
  ];
  for (const [text, implied, expected] of cases) t.strictSame(Object.fromEntries(parseQemuOpts(text, implied)), expected, text);
});

const LIBVIRT_JSON = [
  '/usr/bin/qemu-system-x86_64',
  '-name', 'guest=web01,debug-threads=on',
  '-S',
  '-object', '{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/var/lib/libvirt/qemu/domain-1-web01/master-key.aes"}',
  '-machine', 'pc-q35-7.2,usb=off,vmport=off,dump-guest-core=off,memory-backend=pc.ram',
  '-uuid', '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
  '-device', '{"driver":"virtio-net-pci","netdev":"hostnet0","id":"net0","mac":"52:54:00:6d:90:02","bus":"pci.1","addr":"0x0"}',
  '-device', '{"driver":"vfio-pci","host":"0000:3b:02.1","id":"hostdev0","bus":"pci.3","addr":"0x0"}',
  '-device', '{"driver":"vfio-pci","host":"0000:3b:02.2","id":"ua-sriov-net1","bus":"pci.4","addr":"0x0"}',
  '-sandbox', 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny',
  '-msg', 'timestamp=on',
];

t.test('libvirt command lines, JSON and key=value devices', async (t) => {
  t.strictSame(parseQemuArgv(LIBVIRT_JSON), {
    guest: 'web01',
    uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    vfioDevices: [{ address: '0000:3b:02.1', id: 'hostdev0' }, { address: '0000:3b:02.2', id: 'ua-sriov-net1' }],
  });
  const old = ['qemu-kvm', '-name', 'guest=a,,b,debug-threads=on', '-device', 'vfio-pci,host=3b:02.0,id=hostdev0,bus=pci.0,addr=0x5', '-device', 'vfio-pci-nohotplug,sysfsdev=/sys/bus/pci/devices/0000:3b:02.4/,id=hostdev1'];
  t.strictSame(parseQemuArgv(old), {
    guest: 'a,b',
    vfioDevices: [{ address: '0000:3b:02.0', id: 'hostdev0' }, { address: '0000:3b:02.4', id: 'hostdev1' }],
  });
});

t.test('iommufd with a pre-opened device fd: the device has no host=', async (t) => {
  const argv = ['qemu-system-x86_64', '-name', 'guest=cdev-vm', '-object', 'iommufd,id=iommufd0,fd=22', '-device', 'vfio-pci,iommufd=iommufd0,fd=23,id=hostdev0'];
  t.strictSame(parseQemuArgv(argv).vfioDevices, [{ id: 'hostdev0' }]);
});

t.test('Proxmox: -id, -pidfile and the name with or without debug-threads', async (t) => {
  const argv = ['/usr/bin/kvm', '-id', '100', '-name', 'db02,debug-threads=on', '-no-shutdown', '-chardev', 'socket,id=qmp,path=/var/run/qemu-server/100.qmp,server=on,wait=off', '-pidfile', '/var/run/qemu-server/100.pid', '-daemonize', '-device', 'vfio-pci,host=0000:d0:15.1,id=hostpci0,bus=ich9-pcie-port-1,addr=0x0'];
  t.strictSame(parseQemuArgv(argv), { guest: 'db02', vmid: 100, pidfile: '/var/run/qemu-server/100.pid', vfioDevices: [{ address: '0000:d0:15.1', id: 'hostpci0' }] });
  t.equal(parseQemuArgv(['/usr/bin/kvm', '-id', '101', '-name', 'db03']).guest, 'db03', 'QEMU 11: -name without debug-threads');
});

t.test('what is not read stays out, and odd command lines do not throw', async (t) => {
  const secret = ['qemu-system-x86_64', '-object', 'secret,id=sec0,data=hunter2', '-name', 'guest=x'];
  t.notMatch(JSON.stringify(parseQemuArgv(secret)), /hunter2/);
  t.strictSame(parseQemuArgv(['qemu-system-x86_64', '-name']), { vfioDevices: [] }, 'option without its value');
  t.strictSame(parseQemuArgv(['qemu-system-x86_64', '-device', '{"driver":"vfio-pci",']).vfioDevices, [], 'broken JSON device');
  t.strictSame(parseQemuArgv(['qemu-system-x86_64', '-device', '[1,2]']).vfioDevices, []);
  t.strictSame(parseQemuArgv(['qemu-system-x86_64', '-uuid', 'not-a-uuid', '-id', 'abc']), { vfioDevices: [] });
  t.strictSame(parseQemuArgv(['qemu-system-x86_64', '--name', 'guest=dashes']).guest, 'dashes', '--option form');
  t.strictSame(parseQemuArgv(['qemu-system-x86_64', '-device', 'vfio-pci,host=garbage']).vfioDevices, [{}], 'a vfio device whose host is not an address');
});

t.test('KubeVirt domain names split at the first underscore', async (t) => {
  t.strictSame(splitKubevirtDomain('tenant-a_web-vm'), { namespace: 'tenant-a', vm: 'web-vm' });
  t.strictSame(splitKubevirtDomain('ns_vm_with_underscore'), undefined, 'a VM name cannot hold _');
  t.strictSame(splitKubevirtDomain('web01'), undefined);
  t.strictSame(splitKubevirtDomain('_vm'), undefined);
  t.strictSame(splitKubevirtDomain('ns_'), undefined);
  t.strictSame(splitKubevirtDomain('Upper_vm'), undefined, 'namespaces are lowercase DNS labels');
});
