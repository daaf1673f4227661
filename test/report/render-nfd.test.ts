// --output nfd: a features.d file whose every line is a valid Kubernetes label in NFD's namespace, with the host's
// and each PF's readiness, the IOMMU and VF counts; unknown facts have no label.

import t from 'tap';
import { isLabelName, isLabelValue, nfdLabels, pfLabelKey, renderNfd } from '../../src/report/render-nfd.js';
import { viewReport, type ReportView, type VfConsumer } from '../../src/report/report-view.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { fixtureReport, withConsumers } from '../support/fixture-report.js';

/** NFD's reading of a features.d file: comments and directives apart, `<ns>/<name>[=<value>]` per line. */
function parseFeatures(text: string): { labels: Map<string, string>; expiry?: string } {
  const labels = new Map<string, string>();
  let expiry: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const directive = /^# \+expiry-time=(.+)$/.exec(line);
    if (directive) expiry = directive[1];
    if (line.startsWith('#')) continue;
    const [key, value = 'true'] = line.split(/=(.*)/s);
    labels.set(key as string, value);
  }
  return { labels, ...(expiry ? { expiry } : {}) };
}

t.test('every fixture host: each label has the namespace, a valid name and a valid value; the file is small', async (t) => {
  for (const s of SCENARIOS) {
    const text = renderNfd(viewReport(await fixtureReport(s.name)), { expiresAt: new Date(Date.UTC(2030, 0, 2, 3, 4, 5, 678)) });
    t.ok(Buffer.byteLength(text) < 65536, `${s.name}: under NFD's 64 KiB limit`);
    const { labels, expiry } = parseFeatures(text);
    t.equal(expiry, '2030-01-02T03:04:05Z', `${s.name}: expiry in RFC 3339`);
    for (const [key, value] of labels) {
      const [namespace, name] = key.split('/');
      t.equal(namespace, 'feature.node.kubernetes.io', `${s.name}: ${key} in NFD's namespace`);
      t.ok(isLabelName(name ?? ''), `${s.name}: ${name} is a label name`);
      t.ok(isLabelValue(value), `${s.name}: ${value} is a label value`);
    }
  }
});

t.test('ready-intel: ready, IOMMU on, per-PF counts; no free counts while holders are unknown', async (t) => {
  const { labels } = parseFeatures(renderNfd(viewReport(await fixtureReport('ready-intel'))));
  t.same(Object.fromEntries(labels), {
    'feature.node.kubernetes.io/sriov-check.ready': 'true',
    'feature.node.kubernetes.io/sriov-check.verdict': 'ready',
    'feature.node.kubernetes.io/sriov-check.iommu': 'true',
    'feature.node.kubernetes.io/sriov-check.vfs-enabled': '16',
    'feature.node.kubernetes.io/sriov-check.pf.ens2f0np0.ready': 'true',
    'feature.node.kubernetes.io/sriov-check.pf.ens2f0np0.vfs-total': '128',
    'feature.node.kubernetes.io/sriov-check.pf.ens2f0np0.vfs-enabled': '8',
    'feature.node.kubernetes.io/sriov-check.pf.ens2f1np1.ready': 'true',
    'feature.node.kubernetes.io/sriov-check.pf.ens2f1np1.vfs-total': '128',
    'feature.node.kubernetes.io/sriov-check.pf.ens2f1np1.vfs-enabled': '8',
  });
});

t.test('vtd-off-bios: not ready, IOMMU off', async (t) => {
  const { labels } = parseFeatures(renderNfd(viewReport(await fixtureReport('vtd-off-bios'))));
  t.equal(labels.get('feature.node.kubernetes.io/sriov-check.ready'), 'false');
  t.equal(labels.get('feature.node.kubernetes.io/sriov-check.verdict'), 'not-ready');
  t.equal(labels.get('feature.node.kubernetes.io/sriov-check.iommu'), 'false');
});

t.test('free VFs once holders are known, host total and per PF', async (t) => {
  const report = await fixtureReport('ready-intel');
  const consumers = new Map<string, VfConsumer>(viewReport(report).vfs.map((vf) => [vf.pciAddress, vf.index < 2 ? { kind: 'pod', name: 'cnf', namespace: 'ran' } : { kind: 'none' }]));
  const text = renderNfd(viewReport(withConsumers(report, consumers)));
  t.notMatch(text, /left out/);
  const { labels } = parseFeatures(text);
  t.equal(labels.get('feature.node.kubernetes.io/sriov-check.vfs-free'), '12');
  t.equal(labels.get('feature.node.kubernetes.io/sriov-check.pf.ens2f0np0.vfs-free'), '6');
});

t.test('no expiry directive unless asked; an unknown IOMMU has no label', async (t) => {
  const base = viewReport(await fixtureReport('ready-intel'));
  const view: ReportView = { ...base, iommu: 'unknown' };
  const text = renderNfd(view);
  t.notMatch(text, /expiry-time/);
  t.notOk(nfdLabels(view).some(([k]) => k.endsWith('.iommu')));
});

t.test('PF keys: a netdev name that is no label name gives way to the PCI address', (t) => {
  t.equal(pfLabelKey({ subject: 'ens1f0', pciAddress: '0000:3b:00.0' }), 'ens1f0');
  t.equal(pfLabelKey({ subject: '0000:3b:00.0', pciAddress: '0000:3b:00.0' }), '0000-3b-00.0');
  t.equal(pfLabelKey({ subject: 'eth<0>', pciAddress: '0000:3b:00.1' }), '0000-3b-00.1');
  t.equal(pfLabelKey({ subject: 'x'.repeat(40), pciAddress: '0000:3b:00.1' }), '0000-3b-00.1', 'too long for 63 characters');
  t.ok(isLabelName('a'.repeat(63)));
  t.notOk(isLabelName('a'.repeat(64)));
  t.notOk(isLabelName('-a'));
  t.ok(isLabelValue(''));
  t.notOk(isLabelValue('not ready'));
  t.end();
});
