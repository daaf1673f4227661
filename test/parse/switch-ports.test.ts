// phys_port_name as devlink and the drivers write it, and which of a PF's netdevs is the PF itself.

import t from 'tap';
import { functionNumber, parsePortName, pfPorts } from '../../src/parse/switch-ports.js';

t.test('phys_port_name: physical ports, PF, VF and SF representors, controllers, ice\'s own format', async (t) => {
  const cases: Array<[string, ReturnType<typeof parsePortName>]> = [
    ['p0', { kind: 'physical', port: 0 }],
    ['p1\n', { kind: 'physical', port: 1 }],
    ['p0s1', { kind: 'physical', port: 0 }],
    ['pf0', { kind: 'pf', pf: 0 }],
    ['pf0vf3', { kind: 'vf', pf: 0, vf: 3 }],
    ['pf1vf127', { kind: 'vf', pf: 1, vf: 127 }],
    ['c1pf0vf2', { kind: 'vf', controller: 1, pf: 0, vf: 2 }],
    ['pf0sf4', { kind: 'sf', pf: 0, sf: 4 }],
    ['c1pf0', { kind: 'pf', controller: 1, pf: 0 }],
    ['pf0vfr5', { kind: 'vf', pf: 0, vf: 5 }],
    ['eth0', undefined],
    ['3', undefined],
    ['', undefined],
    ['pf0vf', undefined],
  ];
  for (const [text, expected] of cases) t.strictSame(parsePortName(text), expected, JSON.stringify(text));
});

t.test('a switchdev PF: the uplink is the physical port, each VF representor maps to its VF', async (t) => {
  const ports = pfPorts(0, [
    { name: 'ens1f0np0', portName: 'p0', switchId: '40102a0003f6ceb8' },
    { name: 'eth0', portName: 'pf0vf0' },
    { name: 'eth1', portName: 'pf0vf1' },
    { name: 'eth2', portName: 'pf0vf2' },
  ]);
  t.equal(ports.uplink, 'ens1f0np0');
  t.equal(ports.switchId, '40102a0003f6ceb8');
  t.strictSame([...ports.vfRepresentors], [[0, 'eth0'], [1, 'eth1'], [2, 'eth2']]);
  t.strictSame(ports.otherRepresentors, []);
});

t.test('a representor whose name sorts first is still not the PF', async (t) => {
  const ports = pfPorts(0, [
    { name: 'enp59s0f0npf0vf0', portName: 'pf0vf0' },
    { name: 'ens1f0np0', portName: 'p0' },
  ]);
  t.equal(ports.uplink, 'ens1f0np0');
  t.strictSame([...ports.vfRepresentors], [[0, 'enp59s0f0npf0vf0']]);
});

t.test('representors of anything but this PF\'s VFs are kept apart', async (t) => {
  const ports = pfPorts(1, [
    { name: 'ens1f1np1', portName: 'p1' },
    { name: 'eth8', portName: 'pf1vf0' },
    { name: 'eth9', portName: 'pf0vf0' },
    { name: 'pf1hpf', portName: 'pf1' },
    { name: 'en3f1pf1sf0', portName: 'pf1sf0' },
    { name: 'eth10', portName: 'c1pf1vf0' },
  ]);
  t.strictSame([...ports.vfRepresentors], [[0, 'eth8']], 'only pf1vf0: pf1 is this PF');
  t.strictSame(ports.otherRepresentors, ['eth9', 'pf1hpf', 'en3f1pf1sf0', 'eth10'], 'another PF\'s VF, the PF, a subfunction, another host\'s VF');
});

t.test('without port names: the only netdev, else the first in name order; none at all: no uplink', async (t) => {
  t.equal(pfPorts(0, [{ name: 'ens1f0' }]).uplink, 'ens1f0');
  t.equal(pfPorts(0, [{ name: 'eno1' }, { name: 'eno1d1' }]).uplink, 'eno1');
  t.equal(pfPorts(0, []).uplink, undefined);
  t.equal(pfPorts(0, [{ name: 'eth0', portName: 'pf0vf0' }]).uplink, undefined, 'only a representor: the PF has no netdev of its own here');
});

t.test('the PF number representors use is the PCI function number', async (t) => {
  t.equal(functionNumber('0000:3b:00.0'), 0);
  t.equal(functionNumber('0000:3b:00.1'), 1);
  t.equal(functionNumber('0000:a2:00.7'), 7);
});
