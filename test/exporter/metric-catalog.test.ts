// The typed metric catalog: a collector emits a family with an object of exactly its labels, and only the
// families its owner names. The compiler holds that: each expected type error below fails `npm run typecheck`
// the day it compiles; at run time the lines come out with the catalog's label names and order.

import t from 'tap';
import { METRICS, METRIC_FAMILIES } from '../../src/exporter/exposition/metric-catalog.js';
import { SampleSink, vfLabels } from '../../src/exporter/exposition/sample-sink.js';

const pf = { pf: 'ens1f0', pci_address: '0000:3b:00.0' };
const lines = (sink: SampleSink, family: (typeof METRIC_FAMILIES)[number]) => (sink.textOf(family) ?? []).join('');

t.test('a misspelt, missing or extra label does not compile', async (t) => {
  const sink = new SampleSink('inventory');
  const enabled = sink.emitter(METRICS.pfVfsEnabled);
  // @ts-expect-error -- `pci_adress` is not a label of sriov_pf_vfs_enabled
  enabled({ pf: 'ens1f0', pci_adress: '0000:3b:00.0' }, 4);
  // @ts-expect-error -- pci_address is missing
  enabled({ pf: 'ens1f0' }, 4);
  // @ts-expect-error -- `vf` is not a label of a PF family
  enabled({ ...pf, vf: '0' }, 4);
  enabled(pf, 8);
  t.match(lines(sink, METRICS.pfVfsEnabled), /sriov_pf_vfs_enabled\{pf="ens1f0",pci_address="0000:3b:00\.0"\} 8\n$/);
});

t.test('a per-VF family takes pf, vf and pci_address once, then exactly its own labels', async (t) => {
  const sink = new SampleSink('vf_traffic');
  const bytes = sink.vfEmitter(METRICS.vfReceiveBytes);
  const vf = vfLabels('ens1f0', '3', '0000:3b:02.3');
  // @ts-expect-error -- `sorce` is not a label of sriov_vf_receive_bytes_total
  bytes(vf, { sorce: 'netlink' }, 1);
  // @ts-expect-error -- source is missing
  bytes(vf, {}, 1);
  bytes(vf, { source: 'representor' }, 1024);
  t.match(lines(sink, METRICS.vfReceiveBytes), /\{pf="ens1f0",vf="3",pci_address="0000:3b:02\.3",source="representor"\} 1024\n/);
});

t.test('a collector emits only the families it owns', async (t) => {
  const inventory = new SampleSink('inventory');
  // @ts-expect-error -- sriov_vf_receive_bytes_total belongs to vf_traffic
  t.throws(() => inventory.vfEmitter(METRICS.vfReceiveBytes), /inventory may not emit sriov_vf_receive_bytes_total \(owned by vf_traffic\)/);
  // @ts-expect-error -- the exporter's own families are the exporter's
  t.throws(() => inventory.emitter(METRICS.collectorSuccess), /owned by exporter/);
});

t.test('every family of the catalog is in METRIC_FAMILIES once, by a unique name', async (t) => {
  const names = METRIC_FAMILIES.map((f) => f.name);
  t.equal(new Set(names).size, names.length);
  t.same(new Set(Object.values(METRICS)), new Set(METRIC_FAMILIES));
});
