// The HTTP surface: /metrics in both formats, the landing page, /healthz, /readiness (sriov-check's JSON
// report), collector switches, the PF filter and the telemetry path.

import t from 'tap';
import { Counter, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { OPENMETRICS_TEXT, PROMETHEUS_TEXT, negotiateContentType } from '../../src/exporter/exposition/content-type.js';
import { renderExposition } from '../../src/exporter/exposition/exposition.js';
import { METRICS } from '../../src/exporter/exposition/metric-catalog.js';
import type { ProcessFamily } from '../../src/exporter/exposition/process-metrics.js';
import { SampleSink, vfLabels } from '../../src/exporter/exposition/sample-sink.js';
import { find, parseExposition, startExporter } from '../support/exporter-server.js';
import { runCheck } from '../support/run-cli.js';

/** 2^64 − 1, the largest u64 counter, as the double JSON.parse and Prometheus make of it. */
const U64_MAX = Number(2n ** 64n - 1n);

const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

t.test('content negotiation', async (t) => {
  const cases: Array<[string | undefined, string]> = [
    [undefined, PROMETHEUS_TEXT],
    ['', PROMETHEUS_TEXT],
    ['*/*', PROMETHEUS_TEXT],
    ['text/plain', PROMETHEUS_TEXT],
    [PROMETHEUS_ACCEPT, OPENMETRICS_TEXT],
    ['application/openmetrics-text', OPENMETRICS_TEXT],
    ['application/openmetrics-text; version=0.0.1', OPENMETRICS_TEXT],
    ['application/openmetrics-text; version=2.0.0', PROMETHEUS_TEXT],
    ['text/plain;q=0.9, application/openmetrics-text;q=0.5', PROMETHEUS_TEXT],
    ['application/openmetrics-text;q=0', PROMETHEUS_TEXT],
    ['application/json', PROMETHEUS_TEXT],
  ];
  for (const [accept, expected] of cases) t.equal(negotiateContentType(accept), expected, String(accept));
  t.equal(PROMETHEUS_TEXT, Registry.PROMETHEUS_CONTENT_TYPE, 'the content types are prom-client\'s');
  t.equal(OPENMETRICS_TEXT, Registry.OPENMETRICS_CONTENT_TYPE);
});

t.test('our formatter writes what prom-client writes, in both formats', async (t) => {
  const pfInfo = { pf: 'ens1f0', pci_address: '0000:3b:00.0', vendor_id: '8086', device_id: '1572', vendor: 'Intel "Corp"', model: 'back\\slash\nnewline', driver: 'i40e' };
  const noNames = { pf: '', pci_address: '0000:3b:00.1', vendor_id: '', device_id: '', vendor: '', model: '', driver: '' };
  const pf = { pf: 'ens1f0', pci_address: '0000:3b:00.0' };
  const sink = new SampleSink('inventory');
  const info = sink.emitter(METRICS.pfInfo);
  info(pfInfo, 1);
  info(noNames, 1);
  sink.emitter(METRICS.pfLinkSpeed)(pf, 3125000000);
  sink.emitter(METRICS.pfVfsEnabled)(pf, 0.5);
  const traffic = new SampleSink('vf_traffic');
  const bytes = traffic.vfEmitter(METRICS.vfReceiveBytes);
  bytes(vfLabels('ens1f0', '3', '0000:3b:02.3'), { source: 'netlink' }, U64_MAX);
  bytes(vfLabels('ens1f0', '4', '0000:3b:02.4'), { source: 'sysfs' }, 0);
  for (const contentType of [PROMETHEUS_TEXT, OPENMETRICS_TEXT] as const) {
    const ours = renderExposition([sink, traffic], [], contentType);
    // The same samples as prom-client metrics, rendered by prom-client.
    const registry = new Registry<RegistryContentType>();
    registry.setContentType(contentType);
    const gauge = <L extends readonly string[]>(family: { name: string; help: string; labels: L }) =>
      new Gauge({ name: family.name, help: family.help, labelNames: family.labels, registers: [registry] });
    const infoGauge = gauge(METRICS.pfInfo);
    infoGauge.set(pfInfo, 1);
    infoGauge.set(noNames, 1);
    gauge(METRICS.pfVfsEnabled).set(pf, 0.5);
    gauge(METRICS.pfLinkSpeed).set(pf, 3125000000);
    const family = METRICS.vfReceiveBytes;
    const counter = new Counter({ name: family.name, help: family.help, labelNames: family.labels, registers: [registry] });
    counter.inc({ pf: 'ens1f0', vf: '3', pci_address: '0000:3b:02.3', source: 'netlink' }, U64_MAX);
    counter.inc({ pf: 'ens1f0', vf: '4', pci_address: '0000:3b:02.4', source: 'sysfs' }, 0);
    t.equal(ours, await registry.metrics(), contentType);
  }
});

t.test('process metrics: prom-client\'s data in our format is what prom-client writes, histograms and counters too', async (t) => {
  for (const contentType of [PROMETHEUS_TEXT, OPENMETRICS_TEXT] as const) {
    // A registry of its own per format: prom-client renames counters in place when it writes OpenMetrics.
    const registry = new Registry<RegistryContentType>();
    registry.setContentType(contentType);
    new Gauge({ name: 'process_open_fds', help: 'Number of open file descriptors.', registers: [registry] }).set(12);
    new Counter({ name: 'process_cpu_user_seconds_total', help: 'Total user CPU time spent in seconds.', registers: [registry] }).inc(1.25);
    const gc = new Histogram({ name: 'nodejs_gc_duration_seconds', help: 'Garbage collection duration by kind.', labelNames: ['kind'], buckets: [0.001, 0.01, 1], registers: [registry] });
    gc.observe({ kind: 'minor' }, 0.004);
    gc.observe({ kind: 'major' }, 2);
    new Gauge({ name: 'nodejs_version_info', help: 'Node.js version info.', labelNames: ['version', 'major'], registers: [registry] }).set({ version: 'v20.0.0', major: '20' }, 1);
    const families = (await registry.getMetricsAsJSON()) as ProcessFamily[];
    t.equal(renderExposition([], families, contentType), await registry.metrics(), contentType);
  }
});

t.test('/metrics: Prometheus text by default, OpenMetrics when Prometheus asks for it', async (t) => {
  const exporter = await startExporter(t, 'x710-oot');
  const text = await exporter.scrape();
  t.equal(text.contentType, PROMETHEUS_TEXT);
  t.match(text.body, /^# TYPE sriov_vf_receive_bytes_total counter$/m);
  t.notMatch(text.body, /# EOF/);

  const om = await exporter.scrape(PROMETHEUS_ACCEPT);
  t.equal(om.status, 200);
  t.equal(om.contentType, OPENMETRICS_TEXT);
  t.ok(om.body.endsWith('\n# EOF\n'), 'ends with # EOF');
  t.equal(om.body.match(/# EOF/g)?.length, 1, 'once');
  t.match(om.body, /^# TYPE sriov_vf_receive_bytes counter$/m, 'a counter family is named without _total');
  t.match(om.body, /^sriov_vf_receive_bytes_total\{/m, 'its samples keep it');
  t.match(om.body, /^# TYPE process_cpu_seconds counter$/m, 'process metrics too');
  t.notMatch(om.body, /\n\n/, 'no blank lines in OpenMetrics');

  // prom-client renames counters in place when it writes OpenMetrics; a text scrape afterwards must not notice.
  const after = await exporter.scrape();
  t.match(after.body, /^process_cpu_seconds_total /m, 'process counters keep _total in the next text scrape');
  t.match(after.body, /^# TYPE process_cpu_seconds_total counter$/m);
});

t.test('/, /healthz, and /readiness with sriov-check\'s JSON report', async (t) => {
  const exporter = await startExporter(t, 'connectx-ofed');
  const before = await exporter.app.inject({ url: '/' });
  t.match(before.body, /not scraped yet/);
  await exporter.scrape();
  const page = await exporter.app.inject({ url: '/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /^text\/html/);
  t.match(page.body, /sriov-exporter 0\.0\.0-test/);
  for (const name of ['inventory', 'vf_traffic', 'vf_queues', 'readiness']) t.match(page.body, new RegExp(`<code>${name}</code></td><td><strong class="s-pass">OK</strong></td><td class="n">[0-9.]+ ms`), name);
  t.match(page.body, /href="\/metrics"/);
  t.match(page.body, /<p id="verdict" class="verdict v-not-ready">Verdict: <strong class="s-fail">NOT READY<\/strong>/, 'the readiness page, verdict first');
  const report = JSON.parse((await exporter.app.inject({ url: '/readiness' })).body) as { checks: { id: string; status: string }[] };
  for (const failing of report.checks.filter((c) => c.status === 'fail')) t.match(page.body, `<code>${failing.id}</code>`, `${failing.id} is on the page`);
  t.match(page.body, /<section id="vfs">/, 'with the VF table');

  const health = await exporter.app.inject({ url: '/healthz' });
  t.equal(health.statusCode, 200);
  t.equal(health.body, 'ok\n');

  const readiness = await exporter.app.inject({ url: '/readiness' });
  t.equal(readiness.statusCode, 200);
  t.match(readiness.headers['content-type'], /^application\/json/);
  const check = await runCheck(['--path.rootfs', exporter.root, '--output', 'json']);
  t.equal(check.code, 1);
  const expected = JSON.parse(check.stdout);
  const served = JSON.parse(readiness.body);
  t.equal(served.tool.name, 'sriov-exporter');
  t.strictSame({ ...served, tool: expected.tool }, expected, 'the same report as sriov-check --output json, but for the tool name');
});

t.test('/readiness is 503 while the readiness collector is off, which then has no series', async (t) => {
  const exporter = await startExporter(t, 'e810-iavf', { config: { collectors: { inventory: true, vf_traffic: true, vf_queues: true, attribution: true, readiness: false, hyperv_guest: false } } });
  const res = await exporter.app.inject({ url: '/readiness' });
  t.equal(res.statusCode, 503);
  t.match(JSON.parse(res.body), { error: /disabled/ });
  const series = parseExposition((await exporter.scrape()).body);
  t.same(find(series, 'sriov_exporter_collector_success', { collector: 'readiness' }), [], 'no success series for a disabled collector');
  t.same(find(series, 'sriov_check_status'), []);
  t.equal(find(series, 'sriov_exporter_collector_success').length, 4, 'inventory, vf_traffic, vf_queues and attribution');
});

t.test('--collector.pf-include / pf-exclude keep PFs by netdev name or PCI address', async (t) => {
  const include = await startExporter(t, 'e810-iavf', { config: { pfFilter: { include: /^ens2f1$/ } } });
  const included = parseExposition((await include.scrape()).body);
  t.strictSame(find(included, 'sriov_pf_info').map((s) => s.labels.pf), ['ens2f1']);
  t.ok(find(included, 'sriov_vf_receive_bytes_total').every((s) => s.labels.pf === 'ens2f1'));
  t.ok(find(included, 'sriov_check_status').every((s) => s.labels.subject === 'host' || s.labels.subject === 'ens2f1'), 'checks of excluded PFs are not exposed');

  const exclude = await startExporter(t, 'e810-iavf', { config: { pfFilter: { exclude: /37:00\.1/ } } });
  t.strictSame(find(parseExposition((await exclude.scrape()).body), 'sriov_pf_info').map((s) => s.labels.pf), ['ens2f0']);
});

t.test('--web.telemetry-path moves the metrics', async (t) => {
  const exporter = await startExporter(t, 'x710-oot', { config: { telemetryPath: '/sriov' } });
  t.equal((await exporter.app.inject({ url: '/sriov' })).statusCode, 200);
  t.equal((await exporter.app.inject({ url: '/metrics' })).statusCode, 404);
});
