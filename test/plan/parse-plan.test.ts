// Plan files: the workload format and SriovNetworkNodePolicy objects (one, several, a List), parsed with the
// line of every field; each mistake is one line naming the file, the line and the field.

import t from 'tap';
import { parsePlan } from '../../src/plan/parse-plan.js';

const parseError = (text: string): string => {
  try {
    parsePlan('plan.yaml', text);
  } catch (error) {
    return (error as Error).message;
  }
  return 'parsed';
};

t.test('workloads: every field, with lines', (t) => {
  const plan = parsePlan(
    'plan.yaml',
    ['workloads:', '  - name: vms', '    vfs: 8', '    pf:', '      names: [ens1f0]', '      pciAddresses: ["3b:00.1"]', '      vendor: 8086', '      device: "1572"', '      model: X710',
      '    numaNode: 1', '    driver: vfio-pci', '    minLinkSpeedMbps: 25000', '    trust: true', '    spoofCheck: false', '  - name: pods', '    vfs: 2', ''].join('\n'),
  );
  t.same(plan, {
    kind: 'workloads',
    workloads: [
      { name: 'vms', line: 2, vfs: 8, pf: { names: ['ens1f0'], pciAddresses: ['0000:3b:00.1'], vendor: '8086', device: '1572', model: 'X710', line: 5 }, numaNode: 1, driver: 'vfio-pci', minLinkSpeedMbps: 25000, trust: true, spoofCheck: false },
      { name: 'pods', line: 15, vfs: 2 },
    ],
  });
  t.end();
});

t.test('workload mistakes name the line and the field', (t) => {
  const cases: [string, string][] = [
    ['workloads:\n  - name: a\n    vfs: 0\n', 'plan.yaml:3: workloads[0].vfs: expected a whole number from 1 to 65535'],
    ['workloads:\n  - name: a\n    vfs: "8"\n', 'plan.yaml:3: workloads[0].vfs: expected a whole number from 1 to 65535'],
    ['workloads:\n  - name: a\n    vfs: 8\n    vf: 2\n', 'plan.yaml:4: workloads[0].vf: unknown field (expected one of: name, vfs, pf, numaNode, driver, minLinkSpeedMbps, trust, spoofCheck)'],
    ['workloads:\n  - vfs: 8\n', 'plan.yaml:2: workloads[0]: missing name'],
    ['workloads:\n  - name: a\n    vfs: 8\n    pf: { vendor: intel }\n', 'plan.yaml:4: workloads[0].pf.vendor: expected 4 hex digits, such as 8086'],
    ['workloads:\n  - name: a\n    vfs: 8\n    pf: { pciAddresses: [ens1f0] }\n', 'plan.yaml:4: workloads[0].pf.pciAddresses: ens1f0: expected a PCI address such as 0000:3b:00.0'],
    ['workloads:\n  - name: a\n    vfs: 8\n    trust: yes please\n', 'plan.yaml:4: workloads[0].trust: expected true or false'],
    ['workloads:\n  - name: a\n    vfs: 8\n  - name: a\n    vfs: 1\n', 'plan.yaml:4: workload a is named twice (first on line 2)'],
    ['workloads: {}\n', 'plan.yaml:1: workloads: expected a list'],
    ['workloads:\n  - name: a\n    vfs: 8\n  extra\n', 'plan.yaml:4: not valid YAML'],
    ['', 'plan.yaml:1: empty: expected `workloads:` or SriovNetworkNodePolicy objects'],
  ];
  for (const [text, message] of cases) t.equal(parseError(text).slice(0, message.length), message, message);
  t.end();
});

const POLICY = (name: string, spec: string) => `apiVersion: sriovnetwork.openshift.io/v1\nkind: SriovNetworkNodePolicy\nmetadata:\n  name: ${name}\n  namespace: sriov\nspec:\n${spec}`;

t.test('policies: several documents and a List; pfNames ranges; defaults', (t) => {
  const text = [
    POLICY('a', '  resourceName: ra\n  nodeSelector:\n    feature.node.kubernetes.io/network-sriov.capable: "true"\n  numVfs: 8\n  nicSelector:\n    vendor: "8086"\n    pfNames: ["ens1f0#2-5", ens1f1]\n  deviceType: vfio-pci\n'),
    'apiVersion: v1\nkind: List\nitems:\n  - ' + POLICY('b', '  resourceName: rb\n  numVfs: 4\n  mtu: 9000\n  isRdma: true\n  nicSelector:\n    rootDevices: ["0000:3b:00.1"]\n').replace(/\n/g, '\n    '),
  ].join('---\n');
  const plan = parsePlan('p.yaml', text);
  t.equal(plan.kind, 'policies');
  if (plan.kind !== 'policies') return t.end();
  t.equal(plan.policies.length, 2);
  t.match(plan.policies[0], { name: 'a', line: 1, resourceName: 'ra', numVfs: 8, numVfsLine: 10, deviceType: 'vfio-pci', isRdma: false, priority: 0, nicSelector: { vendor: '8086', pfNames: [{ device: 'ens1f0', first: 2, last: 5 }, { device: 'ens1f1' }], rootDevices: [] } });
  t.match(plan.policies[1], { name: 'b', numVfs: 4, mtu: 9000, isRdma: true, deviceType: 'netdevice', nicSelector: { rootDevices: [{ device: '0000:3b:00.1' }] } });
  t.end();
});

t.test('policy mistakes name the line and the field', (t) => {
  const cases: [string, string][] = [
    [POLICY('a', '  resourceName: r\n  numVfs: 8\n  nicSelector: { vendor: "8086" }\n  devicetype: vfio-pci\n'), 'p:10: spec.devicetype: unknown field'],
    [POLICY('a', '  resourceName: r\n  numVfs: 8\n  nicSelector: { vendor: "8086" }\n  deviceType: vfio\n'), 'p:10: spec.deviceType: expected one of: netdevice, vfio-pci'],
    [POLICY('a', '  resourceName: r\n  numVfs: -1\n  nicSelector: { vendor: "8086" }\n'), 'p:8: spec.numVfs: expected a whole number from 0 to 65535'],
    [POLICY('a', '  resourceName: r\n  numVfs: 8\n  nicSelector: { pfNames: ["ens1f0#5-2"] }\n'), 'p:9: spec.nicSelector.pfNames: ens1f0#5-2: a VF range is #first-last with first ≤ last'],
    [POLICY('a', '  resourceName: r\n  numVfs: 8\n  priority: 100\n  nicSelector: { vendor: "8086" }\n'), 'p:9: spec.priority: expected a whole number from 0 to 99'],
    [POLICY('a', '  numVfs: 8\n  nicSelector: { vendor: "8086" }\n'), 'p:7: spec: missing resourceName'],
    [POLICY('a', '  resourceName: r\n  numVfs: 8\n  nicSelector: { vendor: "8086" }\n').replace('SriovNetworkNodePolicy', 'SriovNetwork'), 'p:2: kind: SriovNetwork: expected SriovNetworkNodePolicy (or a List of them)'],
    [POLICY('a', '  resourceName: r\n  numVfs: 8\n  nicSelector: { vendor: "8086" }\n').replace('/v1', '/v2'), 'p:1: apiVersion: sriovnetwork.openshift.io/v2: expected sriovnetwork.openshift.io/v1'],
  ];
  for (const [text, message] of cases) {
    let got = 'parsed';
    try {
      parsePlan('p', text);
    } catch (error) {
      got = (error as Error).message;
    }
    t.equal(got.slice(0, message.length), message, message);
  }
  t.end();
});
