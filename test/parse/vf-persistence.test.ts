import t from 'tap';
import {
  globMatches,
  parseModprobeConf,
  netplanHits,
  parseNetworkManagerKeyfile,
  sriovOperatorHits,
  parseSystemdLink,
  parseSystemdUnit,
  parseUdevRules,
  vfParametersOnCmdline,
} from '../../src/parse/vf-persistence.js';
import { parseCmdline } from '../../src/parse/kernel-cmdline.js';
import { yamlDocument } from '../../src/readers/persistence-reader.js';

/** A netplan file as the persistence reader hands it over: its YAML document. */
const netplan = (text: string, path: string) => netplanHits(yamlDocument(text), path);

t.test('udev rules: match keys, sysfs paths, the count', async (t) => {
  const text = [
    '# created by hand',
    'ACTION=="add", SUBSYSTEM=="net", ENV{ID_NET_DRIVER}=="i40e", KERNEL=="ens1f0", ATTR{device/sriov_numvfs}="8"',
    'ACTION=="add", SUBSYSTEM=="pci", KERNEL=="0000:3b:00.1", \\',
    '  ATTR{sriov_numvfs}="4"',
    'ACTION=="add", SUBSYSTEM=="net", ATTR{address}=="3C:FD:FE:BB:1E:12", RUN+="/bin/sh -c \'echo 2 > /sys/class/net/%k/device/sriov_numvfs\'"',
    'SUBSYSTEM=="net", KERNEL=="eno1", NAME="lan0"',
  ].join('\n');
  const hits = parseUdevRules(text, '/etc/udev/rules.d/70-sriov.rules');
  t.same(hits.map((h) => [h.vfCount, h.subjects]), [
    [8, [{ kind: 'driver', value: 'i40e' }, { kind: 'name', value: 'ens1f0' }]],
    [4, [{ kind: 'address', value: '0000:3b:00.1' }]],
    [2, [{ kind: 'mac', value: '3c:fd:fe:bb:1e:12' }]],
  ]);
  t.equal(hits[1]?.line, 'ACTION=="add", SUBSYSTEM=="pci", KERNEL=="0000:3b:00.1",    ATTR{sriov_numvfs}="4"', 'continuation lines joined');
  t.ok(hits.every((h) => h.kind === 'udev-rule' && h.path === '/etc/udev/rules.d/70-sriov.rules'));
});

t.test('systemd.link: only with SR-IOVVirtualFunctions=, tied by its [Match]', async (t) => {
  const link = '[Match]\nPermanentMACAddress=30:3E:A7:01:1A:5A\nPath=pci-0000:a2:00.*\n\n[Link]\nName=enp162s0f0np0\nSR-IOVVirtualFunctions=4\n';
  t.same(parseSystemdLink(link, '/etc/systemd/network/50-e810.link'), [
    {
      kind: 'systemd-link',
      path: '/etc/systemd/network/50-e810.link',
      line: 'SR-IOVVirtualFunctions=4',
      vfCount: 4,
      subjects: [{ kind: 'mac', value: '30:3e:a7:01:1a:5a' }, { kind: 'address', value: '0000:a2:00.*' }],
    },
  ]);
  t.same(parseSystemdLink('[Match]\nOriginalName=eno1\n[Link]\nName=lan0\n', 'x.link'), []);
});

t.test('NetworkManager keyfile: total-vfs, interface and MAC; secrets never copied', async (t) => {
  const keyfile = '[connection]\nid=pf0\ntype=ethernet\ninterface-name=enp65s0f0np0\n\n[ethernet]\nmac-address=B8:CE:F6:2A:10:00\n\n[802-1x]\npassword=hunter2\n\n[sriov]\ntotal-vfs=8\n';
  const hits = parseNetworkManagerKeyfile(keyfile, '/etc/NetworkManager/system-connections/pf0.nmconnection');
  t.same(hits, [
    {
      kind: 'networkmanager',
      path: '/etc/NetworkManager/system-connections/pf0.nmconnection',
      line: '[sriov] total-vfs=8',
      vfCount: 8,
      subjects: [{ kind: 'name', value: 'enp65s0f0np0' }, { kind: 'mac', value: 'b8:ce:f6:2a:10:00' }],
    },
  ]);
  t.notMatch(JSON.stringify(hits), /hunter2/);
  t.same(parseNetworkManagerKeyfile('[sriov]\ntotal-vfs=0\n', 'x'), [], 'zero VFs persists nothing');
});

t.test('netplan: the ethernets id, or its match block', async (t) => {
  const yaml = [
    'network:',
    '  version: 2',
    '  ethernets:',
    '    enp1s0f0:',
    '      virtual-function-count: 8',
    '    pf1:',
    '      match:',
    '        macaddress: "B8:CE:F6:2A:10:01"',
    '      set-name: enp1s0f1',
    '      virtual-function-count: 4   # VFs for DPDK',
    '    vf0:',
    '      link: enp1s0f0',
    '  wifis:',
    '    wlp2s0:',
    '      access-points:',
    '        "home":',
    '          password: "hunter2"',
  ].join('\n');
  const hits = netplan(yaml, '/etc/netplan/60-sriov.yaml');
  t.same(hits.map((h) => [h.vfCount, h.subjects]), [
    [8, [{ kind: 'name', value: 'enp1s0f0' }]],
    [4, [{ kind: 'mac', value: 'b8:ce:f6:2a:10:01' }]],
  ]);
  t.notMatch(JSON.stringify(hits), /hunter2/);
  t.same(netplan('network: {ethernets: {x: {virtual-function-count: 2}}}', 'y').map((h) => [h.vfCount, h.subjects]), [[2, [{ kind: 'name', value: 'x' }]]], 'flow style too');
  t.same(
    netplan('network:\n  ethernets:\n    p:\n      match: {name: "ens2f*", driver: [ixgbe, i40e]}\n      virtual-function-count: 2\n', 'z')[0]?.subjects,
    [
      { kind: 'name', value: 'ens2f*' },
      { kind: 'driver', value: 'ixgbe' },
      { kind: 'driver', value: 'i40e' },
    ],
  );
  t.same(netplan('    eth0:\n  bad: [indent\nnetwork:\n', 'broken.yaml'), [], 'invalid YAML sets nothing');
  t.same(netplan('just a string', 'x.yaml'), []);
});

t.test('modprobe options and kernel command line: per driver', async (t) => {
  t.same(parseModprobeConf('# igb VFs\noptions igb max_vfs=7,7\noptions ixgbe allow_unsupported_sfp=1\n', '/etc/modprobe.d/igb.conf'), [
    { kind: 'modprobe', path: '/etc/modprobe.d/igb.conf', line: 'options igb max_vfs=7,7', vfCount: 7, subjects: [{ kind: 'driver', value: 'igb' }] },
  ]);
  t.same(vfParametersOnCmdline(parseCmdline('ro quiet ixgbe.max_vfs=16 i915.max_vfs=7 intel_iommu=on')).map((h) => [h.subjects[0]?.value, h.vfCount]), [
    ['ixgbe', 16],
    ['i915', 7],
  ]);
});

t.test('sriov-network-operator config: one hit per interface', async (t) => {
  const yaml = 'interfaces:\n- pciAddress: "0000:3b:00.0"\n  numVfs: 8\n  name: ens1f0\n- pciAddress: 0000:3b:00.1\n  numVfs: 2\n';
  t.same(sriovOperatorHits(yamlDocument(yaml), '/etc/sriov-operator/sriov-interface-config.yaml').map((h) => [h.vfCount, h.subjects]), [
    [8, [{ kind: 'address', value: '0000:3b:00.0' }, { kind: 'name', value: 'ens1f0' }]],
    [2, [{ kind: 'address', value: '0000:3b:00.1' }]],
  ]);
});

t.test('systemd units that write sriov_numvfs', async (t) => {
  const unit = '[Unit]\nDescription=VFs\n[Service]\nType=oneshot\nExecStart=/bin/sh -c "echo 16 > /sys/bus/pci/devices/0000:81:00.0/sriov_numvfs"\n';
  t.same(parseSystemdUnit(unit, '/etc/systemd/system/sriov-vfs.service').map((h) => [h.vfCount, h.subjects]), [[16, [{ kind: 'address', value: '0000:81:00.0' }]]]);
  t.same(parseSystemdUnit('[Service]\nExecStart=/usr/bin/true\n', 'x'), []);
});

t.test('globs as udev and systemd write them', async (t) => {
  t.ok(globMatches('ens1f*', 'ens1f0'));
  t.ok(globMatches('eno1|ens1f0', 'ens1f0'));
  t.ok(globMatches('0000:a2:00.*', '0000:a2:00.1'));
  t.notOk(globMatches('ens1f?', 'ens1f10'));
  t.notOk(globMatches('ens1f0', 'ens1f01'));
  t.ok(globMatches('ens[12]f0', 'ens2f0'));
});
