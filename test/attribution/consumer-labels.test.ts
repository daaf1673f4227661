import t from 'tap';
import { consumerLabels, hashName, sanitizeLabelValue } from '../../src/attribution/consumer-labels.js';
import type { VfConsumer } from '../../src/attribution/consumer-types.js';

const vm: VfConsumer = { address: '0000:3b:02.1', kind: 'vm', consumer: 'instance-0000002a', namespace: '', source: 'libvirt', details: { vmUuid: '9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e', displayName: 'customer-db' } };
const pve: VfConsumer = { address: '0000:d0:15.1', kind: 'vm', consumer: 'db02', namespace: '', source: 'proxmox', details: { vmid: 100 } };
const pod: VfConsumer = { address: '0000:3b:02.6', kind: 'pod', consumer: 'cnf-1', namespace: 'tenant-a', source: 'checkpoint', details: { podUid: '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b' } };
const argvVm: VfConsumer = { address: '0000:3b:02.2', kind: 'vm', consumer: 'lab', namespace: '', source: 'procfs', details: {} };
const dpdk: VfConsumer = { address: '0000:3b:02.7', kind: 'dpdk', consumer: 'tpmd', namespace: '', source: 'procfs', details: {} };
const none: VfConsumer = { address: '0000:3b:02.0', kind: 'none', consumer: '', namespace: '', source: 'sysfs', details: {} };

t.test('policy name: as found; the display name only when asked for', async (t) => {
  t.strictSame(consumerLabels(vm, { policy: 'name' }), { consumer_kind: 'vm', consumer: 'instance-0000002a', consumer_namespace: '' });
  t.strictSame(consumerLabels(vm, { policy: 'name', displayNames: true }), { consumer_kind: 'vm', consumer: 'instance-0000002a', consumer_namespace: '', display_name: 'customer-db' });
  t.strictSame(consumerLabels(pod, { policy: 'name' }), { consumer_kind: 'pod', consumer: 'cnf-1', consumer_namespace: 'tenant-a' });
});

t.test('policy id: UUID, VMID or pod UID; a hash where there is no ID; namespaces stay', async (t) => {
  t.equal(consumerLabels(vm, { policy: 'id', displayNames: true }).consumer, '9b8c7d6e-5f4a-4b3c-9d2e-1f0a9b8c7d6e');
  t.equal(consumerLabels(vm, { policy: 'id', displayNames: true }).display_name, undefined, 'never a display name outside policy name');
  t.equal(consumerLabels(pve, { policy: 'id' }).consumer, '100');
  t.strictSame(consumerLabels(pod, { policy: 'id' }), { consumer_kind: 'pod', consumer: '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b', consumer_namespace: 'tenant-a' });
  t.equal(consumerLabels(argvVm, { policy: 'id', salt: 's' }).consumer, hashName('lab', 's'));
  t.equal(consumerLabels(dpdk, { policy: 'id' }).consumer, 'tpmd', 'DPDK prefixes are the operator\'s');
  t.equal(consumerLabels(none, { policy: 'id' }).consumer, '');
});

t.test('policy hash: salted, stable, name and namespace apart', async (t) => {
  const a = consumerLabels(pod, { policy: 'hash', salt: 'node-1' });
  t.match(a.consumer, /^[0-9a-f]{16}$/);
  t.match(a.consumer_namespace, /^[0-9a-f]{16}$/);
  t.not(a.consumer, 'cnf-1');
  t.strictSame(consumerLabels(pod, { policy: 'hash', salt: 'node-1' }), a, 'the same name, the same value');
  t.not(consumerLabels(pod, { policy: 'hash', salt: 'node-2' }).consumer, a.consumer, 'another salt, another value');
  t.not(hashName('a', ''), hashName('b', ''));
  t.equal(consumerLabels(dpdk, { policy: 'hash' }).consumer, 'tpmd');
  t.equal(consumerLabels(none, { policy: 'hash' }).consumer, '', 'nothing to hash');
});

t.test('sanitising: control and bidi characters out, lone surrogates replaced, 128 characters at most', async (t) => {
  const cases: [string, string][] = [
    ['web01', 'web01'],
    ['a\nb\tc\u0000d\u007fe\u0085f', 'abcdef'],
    ['evil\u202egnp.exe', 'evilgnp.exe'],
    ['\u2066x\u2069', 'x'],
    ['bad\ud800surrogate', 'bad\ufffdsurrogate'],
    ['\udc00', '\ufffd'],
    ['Ünïcödé 名前 🚀', 'Ünïcödé 名前 🚀'],
  ];
  for (const [input, expected] of cases) t.equal(sanitizeLabelValue(input), expected, JSON.stringify(input));
  t.equal(sanitizeLabelValue('x'.repeat(200)).length, 128);
  const rockets = sanitizeLabelValue('🚀'.repeat(200));
  t.equal(Array.from(rockets).length, 128, '128 characters, not 128 UTF-16 units');
  t.equal(Buffer.from(rockets, 'utf8').toString('utf8'), rockets, 'no pair cut in half');
  t.equal(consumerLabels({ ...pod, consumer: 'x\u0000y', namespace: 'n\u001bs' }, { policy: 'name' }).consumer_namespace, 'ns');
});
