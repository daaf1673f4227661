import t from 'tap';
import { isIssue } from '../../../src/fact.js';
import { parseLibvirtStatus } from '../../../src/parse/attribution/libvirt-status.js';

// Written for these tests in the shape of a libvirt 9.x status file (reference vf-attribution.md §3).
const STATUS = `<!-- libvirt's "auto-generated file" warning: a comment before the root -->

<domstatus state='running' reason='booted' pid='195139'>
  <monitor path='/var/lib/libvirt/qemu/domain-1-web01/monitor.sock' type='unix'/>
  <vcpus>
    <vcpu id='0' pid='195160'/>
  </vcpus>
  <qemuCaps>
    <flag name='vfio-pci'/>
  </qemuCaps>
  <devices>
    <device alias='hostdev0'/>
  </devices>
  <domain type='kvm' id='1'>
    <name>web01</name>
    <uuid>3F2504E0-4F89-11D3-9A0C-0305E82C3301</uuid>
    <memory unit='KiB'>4194304</memory>
    <devices>
      <emulator>/usr/bin/qemu-system-x86_64</emulator>
      <interface type='bridge'>
        <mac address='52:54:00:aa:bb:01'/>
        <source bridge='br0'/>
        <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
      </interface>
      <hostdev mode='subsystem' type='pci' managed='yes'>
        <driver name='vfio'/>
        <source>
          <address domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/>
        </source>
        <alias name='hostdev0'/>
        <address type='pci' domain='0x0000' bus='0x07' slot='0x00' function='0x0'/>
      </hostdev>
      <interface type='hostdev' managed='yes'>
        <mac address='52:54:00:6d:90:02'/>
        <source>
          <address type='pci' domain='0x0000' bus='59' slot='2' function='2'/>
        </source>
        <vlan><tag id='190'/></vlan>
        <alias name='hostdev1'/>
        <address type='pci' domain='0x0000' bus='0x08' slot='0x00' function='0x0'/>
      </interface>
      <interface type='network'>
        <mac address='52:54:00:6d:90:03'/>
        <source network='sriov-pool' portid='9a1c0de2-7a3b-4c5d-8e9f-001122334455'/>
        <actual type='hostdev' managed='yes'>
          <source>
            <address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x3'/>
          </source>
        </actual>
        <alias name='hostdev2'/>
        <address type='pci' domain='0x0000' bus='0x09' slot='0x00' function='0x0'/>
      </interface>
      <hostdev mode='subsystem' type='usb' managed='yes'>
        <source><vendor id='0x1234'/><product id='0xbeef'/><address bus='1' device='4'/></source>
      </hostdev>
    </devices>
  </domain>
</domstatus>
`;

t.test('a running domain: name, uuid, pid and the host side of every PCI hostdev form', async (t) => {
  const result = parseLibvirtStatus(STATUS);
  t.ok(!isIssue(result));
  if (isIssue(result)) return;
  t.strictSame(result, {
    name: 'web01',
    uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    pid: 195139,
    state: 'running',
    hostdevs: [
      { address: '0000:3b:02.1', alias: 'hostdev0' },
      { address: '0000:3b:02.2', alias: 'hostdev1' }, // decimal attributes
      { address: '0000:3b:02.3', alias: 'hostdev2' }, // a pool VF: only <actual> says which
    ],
  });
  t.notMatch(JSON.stringify(result), /52:54:00/, 'no MAC kept');
});

const nova = (version: string) => `<domstatus state='running' reason='booted' pid='4001'>
  <domain type='kvm' id='7'>
    <name>instance-0000002a</name>
    <uuid>9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e</uuid>
    <metadata>
      <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/${version}">
        <nova:package version="27.1.0"/>
        <nova:name>customer-db &amp; cache</nova:name>
        <nova:creationTime>2026-01-14 09:12:44</nova:creationTime>
        <nova:flavor name="sriov.large"><nova:memory>8192</nova:memory></nova:flavor>
        <nova:owner>
          <nova:user uuid="0a1b2c3d4e5f60718293a4b5c6d7e8f9">alice</nova:user>
          <nova:project uuid="f9e8d7c6b5a4938271605f4e3d2c1b0a">tenant-a</nova:project>
        </nova:owner>
      </nova:instance>
    </metadata>
    <devices>
      <interface type='hostdev' managed='yes'>
        <source><address type='pci' domain='0x0000' bus='0x3b' slot='0x02' function='0x5'/></source>
        <alias name='hostdev0'/>
      </interface>
    </devices>
  </domain>
</domstatus>
`;

t.test('Nova metadata 1.0 and 1.1: the version and the display name, nothing of the owner', async (t) => {
  for (const version of ['1.0', '1.1']) {
    const result = parseLibvirtStatus(nova(version));
    t.ok(!isIssue(result), version);
    if (isIssue(result)) continue;
    t.equal(result.name, 'instance-0000002a');
    t.strictSame(result.nova, { version, displayName: 'customer-db & cache' });
    t.strictSame(result.hostdevs, [{ address: '0000:3b:02.5', alias: 'hostdev0' }]);
    t.notMatch(JSON.stringify(result), /alice|tenant-a/);
  }
  // Another program's metadata element of the same local name is not Nova's.
  const other = nova('1.1').replace('http://openstack.org/xmlns/libvirt/nova/1.1', 'http://example.org/inventory');
  const result = parseLibvirtStatus(other);
  t.ok(!isIssue(result) && result.nova === undefined);
});

t.test('half-written, garbage, and the wrong document: a reason, never a throw', async (t) => {
  const cut = STATUS.slice(0, STATUS.indexOf('<interface type=\'network\'>'));
  const cases: [string, string, string][] = [
    ['cut mid-file', cut, 'ESHORT'],
    ['cut inside a tag', STATUS.slice(0, 300), 'ESHORT'],
    ['EEMPTY', '', 'EEMPTY'],
    ['mismatched tags', '<domstatus><domain><name>x</domain></domstatus>', 'EPARSE'],
    ['not XML', '{"json": true}', 'EPARSE'],
    ['persistent definition', "<domain type='kvm'><name>web01</name></domain>", 'ESHAPE'],
    ['another root', '<network><name>default</name></network>', 'ESHAPE'],
    ['status without a name', "<domstatus state='running' pid='1'><domain type='kvm'/></domstatus>", 'ESHAPE'],
  ];
  for (const [name, xml, reason] of cases) {
    const result = parseLibvirtStatus(xml);
    t.equal((isIssue(result) ? result.code : 'ok'), reason, name);
  }
});

t.test('a pid that is not a number is left out', async (t) => {
  const result = parseLibvirtStatus("<domstatus state='running' pid='abc'><domain type='kvm'><name>x</name></domain></domstatus>");
  t.ok(!isIssue(result) && result.pid === undefined);
});
