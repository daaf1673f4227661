// A collector that throws, times out or loses a source fails alone: the scrape answers 200, the other
// collectors' series are all there, its success is 0, and the log says why.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Collector } from '../../src/exporter/collectors/collector.js';
import { METRICS } from '../../src/exporter/exposition/metric-catalog.js';
import type { ReadIssue } from '../../src/fact.js';
import type { EthtoolWrapper } from '../../src/host/commands.js';
import { syntheticHost } from '../support/synthetic-host.js';
import { writeSyntheticCommands } from '../support/synthetic-commands.js';
import { collectorSuccess, find, parseExposition, startExporter, type Series, type TestExporter } from '../support/exporter-server.js';

/** Scrapes, requiring HTTP 200 whatever failed inside. */
async function scrape200(t: Test, exporter: TestExporter): Promise<Series[]> {
  const { status, body } = await exporter.scrape();
  t.equal(status, 200, 'the scrape answers 200');
  return parseExposition(body);
}

const count = (series: readonly Series[], name: string) => find(series, name).length;

/** A small synthetic host (2 PFs × 3 VFs, all with iavf netdevs) and its generated ip/ethtool outputs. */
function synthetic(t: Test) {
  const spec = syntheticHost({ pfs: 2, vfsPerPf: 3, queues: 2 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-exporter-commands-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { spec, ...writeSyntheticCommands(spec, dir) };
}

t.test('ip hangs: killed after half the collector timeout; inventory and vf_traffic report it, the rest is intact', async (t) => {
  const exporter = await startExporter(t, 'x710-oot', { fake: { mode: 'hang' }, config: { collectorTimeoutMs: 1000 } });
  const series = await scrape200(t, exporter);
  t.equal(collectorSuccess(series, 'inventory'), 0);
  t.equal(collectorSuccess(series, 'vf_traffic'), 0);
  t.equal(collectorSuccess(series, 'readiness'), 1);
  t.equal(count(series, 'sriov_pf_info'), 2, 'PFs still listed');
  t.equal(find(series, 'sriov_vf_info', { pf: 'enp2s0f0', vf: '0', mac: '' }).length, 1, 'the VF is there, its netlink facts unknown');
  t.equal(find(series, 'sriov_vf_receive_bytes_total', { source: 'sysfs' }).length, 1, 'traffic from the next source');
  t.ok(count(series, 'sriov_check_status') > 0, 'readiness series intact');
  t.ok(exporter.logs.some((l) => l.includes('no answer within 500 ms, killed')), 'the log says ip was killed');
});

t.test('ip prints garbage or exits 1: the same, with the cause in the log', async (t) => {
  for (const [mode, cause] of [['garbage', 'invalid JSON'], ['fail', 'exit status 1: Cannot open netlink socket']] as const) {
    const exporter = await startExporter(t, 'e810-iavf', { fake: { mode } });
    const series = await scrape200(t, exporter);
    t.equal(collectorSuccess(series, 'vf_traffic'), 0, `${mode}: vf_traffic fails`);
    t.equal(count(series, 'sriov_vf_info'), 20, `${mode}: every VF still listed`);
    t.ok(exporter.logs.some((l) => l.includes(cause)), `${mode}: "${cause}" logged`);
  }
});

t.test('ethtool fails for one VF netdev: the others keep their queue series', async (t) => {
  const host = synthetic(t);
  fs.writeFileSync(path.join(host.ethtoolDir, 'ens1f0v1.mode'), 'fail\n');
  const exporter = await startExporter(t, host, { fake: { ethtoolDir: host.ethtoolDir } });
  const series = await scrape200(t, exporter);
  t.equal(collectorSuccess(series, 'vf_queues'), 0);
  t.same(find(series, 'sriov_vf_queue_receive_packets_total', { pf: 'ens1f0', vf: '1' }), [], 'no reading for the failing netdev');
  t.equal(find(series, 'sriov_vf_queue_receive_packets_total').length, 5 * 2, 'five netdevs × two queues');
  t.equal(collectorSuccess(series, 'inventory'), 1);
  t.equal(collectorSuccess(series, 'vf_traffic'), 1);
  t.ok(exporter.logs.some((l) => l.includes('1 of 6 VF netdevs could not be read') && l.includes('ens1f0v1')), 'logged with the netdev');
});

t.test('a collector that throws: success 0, its series dropped, the others untouched', async (t) => {
  const throwing: Collector<'vf_queues'> = {
    name: 'vf_queues',
    async collect(scrape, out) {
      const pf = (await scrape.topology()).pfs[0];
      const vf = pf?.vfs[0];
      if (pf && vf) out.vfEmitter(METRICS.vfQueues)(scrape.vfLabels(pf, vf), { direction: 'receive' }, 1);
      throw new Error('boom');
    },
  };
  const exporter = await startExporter(t, 'e810-iavf', { build: { collectors: { vf_queues: throwing } } });
  const series = await scrape200(t, exporter);
  t.equal(collectorSuccess(series, 'vf_queues'), 0);
  t.equal(count(series, 'sriov_vf_queues'), 0, 'what it emitted before throwing is not exposed');
  t.equal(collectorSuccess(series, 'inventory'), 1);
  t.equal(count(series, 'sriov_vf_info'), 20);
  t.ok(exporter.logs.some((l) => l.includes('"collector":"vf_queues"') && l.includes('internal error: boom')));
});

t.test('a collector that never ends: success 0 after the time limit, the scrape still answers', async (t) => {
  const stuck: Collector<'readiness'> = { name: 'readiness', collect: () => new Promise<void>(() => undefined) };
  // The limit must exceed what the other collectors take on a loaded 2-core machine (inventory alone has taken
  // 400–700 ms here), or they time out too and the test says nothing about the stuck one.
  const exporter = await startExporter(t, 'e810-iavf', { build: { collectors: { readiness: stuck } }, config: { collectorTimeoutMs: 3000 } });
  const series = await scrape200(t, exporter);
  t.equal(collectorSuccess(series, 'readiness'), 0);
  t.equal(collectorSuccess(series, 'inventory'), 1);
  t.equal(count(series, 'sriov_vf_info'), 20);
  t.ok(exporter.logs.some((l) => l.includes('no result within 3000 ms')));
});

t.test('everything failing at once still gives a 200 with the exporter\'s own metrics', async (t) => {
  const exporter = await startExporter(t, 'connectx-ofed', { fake: { mode: 'fail' }, config: { ipPath: '/nonexistent/ip' } });
  const series = await scrape200(t, exporter);
  t.equal(collectorSuccess(series, 'vf_traffic'), 0);
  t.equal(collectorSuccess(series, 'vf_queues'), 0);
  t.equal(count(series, 'sriov_exporter_build_info'), 1);
  t.ok(exporter.logs.some((l) => l.includes('/nonexistent/ip -j -s -d link show: not found')));
});

t.test('closing the server stops the programs it started: a hung ethtool does not outlive it', async (t) => {
  const host = synthetic(t);
  fs.writeFileSync(path.join(host.ethtoolDir, 'ens1f0v0.mode'), 'hang\n');
  let resolveStarted!: () => void;
  const started = new Promise<void>((resolve) => (resolveStarted = resolve));
  const results: Array<string | ReadIssue> = [];
  const watched: EthtoolWrapper = async (netdev, run) => {
    if (netdev === 'ens1f0v0') resolveStarted();
    const result = await run();
    if (netdev === 'ens1f0v0') results.push(result);
    return result;
  };
  // A time limit far beyond the test: only closing can end the hung ethtool.
  const exporter = await startExporter(t, host, { fake: { ethtoolDir: host.ethtoolDir }, config: { collectorTimeoutMs: 600_000 }, build: { wrapEthtool: watched } });
  const scrape = exporter.scrape();
  await started;
  await exporter.app.close();
  await scrape;
  t.equal(results.length, 1);
  t.match(results[0], { kind: 'issue', path: /-S ens1f0v0$/, code: 'ECANCELED', detail: 'the exporter is shutting down' });
});
