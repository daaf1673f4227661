import t from 'tap';
import { isIssue } from '../../../src/fact.js';
import { parseKubeletCheckpoint } from '../../../src/parse/attribution/kubelet-checkpoint.js';
import { kubevirtVmOfPod, parsePodLogDir } from '../../../src/parse/attribution/pod-log-dir.js';

const UID = '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';

t.test('checkpoint since 1.20: DeviceIDs per NUMA node, duplicates and non-PCI IDs dropped, BootID ignored', async (t) => {
  const text = JSON.stringify({
    Data: {
      PodDeviceEntries: [
        { PodUID: UID, ContainerName: 'cnf', ResourceName: 'intel.com/intel_sriov_netdevice', DeviceIDs: { '0': ['0000:3b:02.1', '0000:3b:02.2'], '1': ['0000:3b:02.2'], '-1': ['0000:3B:02.3'] }, AllocResp: 'CiAKC1BDSURFVklDRV8xEhEwMDAwOjNiOjAyLjE=' },
        { PodUID: UID, ContainerName: 'cnf', ResourceName: 'nvidia.com/sf', DeviceIDs: { '-1': ['mlx5_core.sf.2'] }, AllocResp: '' },
      ],
      RegisteredDevices: { 'intel.com/intel_sriov_netdevice': ['0000:3b:02.1', '0000:3b:02.2', '0000:3b:02.3'] },
    },
    Checksum: 229855270,
    BootID: 'b2a1f3c4-0d9e-4f8a-9b7c-6d5e4f3a2b1c',
  });
  const result = parseKubeletCheckpoint(text);
  t.strictSame(!isIssue(result) ? result : result, {
    entries: [
      { podUid: UID, container: 'cnf', resource: 'intel.com/intel_sriov_netdevice', devices: ['0000:3b:02.1', '0000:3b:02.2', '0000:3b:02.3'] },
      { podUid: UID, container: 'cnf', resource: 'nvidia.com/sf', devices: [] },
    ],
    format: 'numa',
    skipped: 0,
  });
});

t.test('checkpoint before 1.20: DeviceIDs a plain list', async (t) => {
  const text = '{"Data":{"PodDeviceEntries":[{"PodUID":"' + UID + '","ContainerName":"app","ResourceName":"intel.com/sriov","DeviceIDs":["0000:3b:02.4"],"AllocResp":"Cg=="}],"RegisteredDevices":{"intel.com/sriov":["0000:3b:02.4"]}},"Checksum":1}';
  const result = parseKubeletCheckpoint(text);
  t.strictSame(!isIssue(result) ? result : result, {
    entries: [{ podUid: UID, container: 'app', resource: 'intel.com/sriov', devices: ['0000:3b:02.4'] }],
    format: 'list',
    skipped: 0,
  });
});

t.test('checkpoint: empty, cut off, wrong shape, odd entries', async (t) => {
  const whole = '{"Data":{"PodDeviceEntries":[{"PodUID":"' + UID + '","ContainerName":"app","ResourceName":"r","DeviceIDs":{"-1":["0000:3b:02.4"]}}]},"Checksum":1}';
  const cases: [string, string, unknown][] = [
    ['no entries (Go nil)', '{"Data":{"PodDeviceEntries":null,"RegisteredDevices":{}},"Checksum":0}', { entries: [], format: 'numa', skipped: 0 }],
    ['cut off', whole.slice(0, 90), 'ESHORT'],
    ['cut after a value', whole.slice(0, whole.length - 1), 'ESHORT'],
    ['empty file', '', 'EEMPTY'],
    ['garbage', 'not json', 'EPARSE'],
    ['no Data', '{"Checksum":1}', 'ESHAPE'],
    ['entries not a list', '{"Data":{"PodDeviceEntries":{}}}', 'ESHAPE'],
    ['an entry of another shape', '{"Data":{"PodDeviceEntries":[{"PodUID":"x"},7,{"PodUID":"' + UID + '","ContainerName":"a","ResourceName":"r","DeviceIDs":{"zero":["0000:3b:02.1"]}}]}}', { entries: [], format: 'numa', skipped: 3 }],
  ];
  for (const [name, text, expected] of cases) {
    const result = parseKubeletCheckpoint(text);
    t.strictSame(!isIssue(result) ? result : result.code, expected, name);
  }
});

t.test('/var/log/pods directory names', async (t) => {
  const cases: [string, unknown][] = [
    [`tenant-a_cnf-1-7d9f8b6c5-x2x7q_${UID}`, { namespace: 'tenant-a', name: 'cnf-1-7d9f8b6c5-x2x7q', uid: UID }],
    ['kube-system_kube-apiserver-node1_0f1e2d3c4b5a69788796a5b4c3d2e1f0', { namespace: 'kube-system', name: 'kube-apiserver-node1', uid: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' }],
    [`ns_pod.with.dots_${UID}`, { namespace: 'ns', name: 'pod.with.dots', uid: UID }],
    [`ns_pod_extra_${UID}`, undefined],
    ['ns_pod', undefined],
    [`NS_pod_${UID}`, undefined],
    ['ns_pod_not-a-uid', undefined],
  ];
  for (const [name, expected] of cases) t.strictSame(parsePodLogDir(name), expected, name);
});

t.test('KubeVirt launcher pods name their VM', async (t) => {
  t.equal(kubevirtVmOfPod('virt-launcher-web-vm-4k7xq'), 'web-vm');
  t.equal(kubevirtVmOfPod('virt-launcher-a-b-c-zzzzz'), 'a-b-c');
  t.equal(kubevirtVmOfPod('cnf-1-7d9f8b6c5-x2x7q'), undefined);
  t.equal(kubevirtVmOfPod('virt-launcher-'), undefined);
});
