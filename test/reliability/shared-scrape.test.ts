// Scrapes that arrive together share one collection, and a scrape answers within the time Prometheus says
// it will wait (X-Prometheus-Scrape-Timeout-Seconds). Processes are counted through the stand-in's log and
// time limits are read from what the exporter logs and exposes — nothing here measures elapsed time.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Collector } from '../../src/exporter/collectors/collector.js';
import { ANSWER_MARGIN_MS, SCRAPE_TIMEOUT_HEADER, scrapeBudgetMs } from '../../src/exporter/http/scrape-budget.js';
import type { Collection } from '../../src/exporter/collectors/collect.js';
import { SharedCollection } from '../../src/exporter/http/shared-collection.js';
import { collectorSuccess, find, parseExposition, startExporter, type TestExporter } from '../support/exporter-server.js';

const success = (body: string, collector: string) => collectorSuccess(parseExposition(body), collector);

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Lines of the stand-in programs' call log that are `link show` requests to the exporter's ip process. */
function ipCalls(log: string): number {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l === 'batch: link show').length : 0;
}

function scrapeWith(exporter: TestExporter, headers: Record<string, string>) {
  return exporter.app.inject({ method: 'GET', url: '/metrics', headers });
}

t.test('scrapeBudgetMs: the scraper\'s timeout less a margin, never more than --collector.timeout', async (t) => {
  const cases: Array<[string | string[] | undefined, number]> = [
    [undefined, 5000],
    ['10', 5000], // the configured limit is lower than what Prometheus allows
    ['2', 1500],
    ['1.5', 1000],
    ['1', 500],
    ['0.4', 200], // half of a short timeout
    ['0.001', 1],
    [['2', '10'], 1500], // a repeated header: the first one
    ['0', 5000],
    ['-1', 5000],
    ['', 5000],
    ['ten', 5000],
    ['1e3', 5000],
    ['Infinity', 5000],
  ];
  for (const [header, expected] of cases) t.equal(scrapeBudgetMs(header, 5000), expected, JSON.stringify(header));
  t.equal(ANSWER_MARGIN_MS, 500);
});

t.test('SharedCollection: joins the collection in flight when it ends in time, else starts one', async (t) => {
  let clock = 0;
  const started: Array<{ budgetMs: number; done: ReturnType<typeof deferred<Collection>> }> = [];
  const shared = new SharedCollection(
    (budgetMs) => {
      const done = deferred<Collection>();
      started.push({ budgetMs, done });
      return done.promise;
    },
    () => clock,
  );
  const first = shared.join(5000);
  clock = 100;
  t.equal(shared.join(5000), first, 'a later request with the same budget ends later: it joins');
  t.equal(shared.join(4900), first, 'the same deadline: it joins');
  const second = shared.join(1000);
  t.not(second, first, 'a request that cannot wait that long starts its own');
  t.strictSame(started.map((s) => s.budgetMs), [5000, 1000]);
  t.equal(shared.join(2000), second, 'later requests join the newest one');

  const collection = {} as Collection;
  started[1]?.done.resolve(collection);
  t.equal(await second, collection);
  const third = shared.join(2000);
  t.not(third, second, 'a finished collection is never served again');
  t.equal(started.length, 3);
  started[0]?.done.resolve(collection);
  started[2]?.done.resolve(collection);
  await Promise.all([first, third]);
});

t.test('ten scrapes at once: one run of ip, one collection, the same answer for all', async (t) => {
  const log = path.join(t.testdir({}), 'calls.log');
  const exporter = await startExporter(t, 'e810-iavf', { fake: { log } });
  const answers = await Promise.all(Array.from({ length: 10 }, () => scrapeWith(exporter, {})));
  t.strictSame(answers.map((a) => a.statusCode), Array(10).fill(200));
  t.equal(ipCalls(log), 1, 'one ip request (netlink dump) for ten scrapes');
  t.equal(new Set(answers.map((a) => a.body)).size, 1, 'every scrape got the same exposition');
  t.equal(answers[0]?.headers['content-length'], String(Buffer.byteLength(answers[0]?.body ?? '')), 'its length is announced');
  t.equal(find(parseExposition(answers[0]?.body ?? ''), 'sriov_vf_info').length, 20);

  const [text, openMetrics] = await Promise.all([scrapeWith(exporter, {}), scrapeWith(exporter, { accept: 'application/openmetrics-text; version=1.0.0' })]);
  t.equal(ipCalls(log), 2, 'the next scrape reads afresh; two formats at once still share one collection');
  const starts = fs.readFileSync(log, 'utf8').split('\n').filter((l) => l === '-j -s -d -batch -').length;
  t.equal(starts, 1, 'both requests went to the one ip process started for the first');
  t.match(text.body, /^# TYPE sriov_vf_receive_bytes_total counter$/m);
  t.match(openMetrics.body, /^# TYPE sriov_vf_receive_bytes counter$/m);
  t.ok(openMetrics.body.endsWith('# EOF\n'));
});

t.test('X-Prometheus-Scrape-Timeout-Seconds: ip is killed within the scraper\'s budget, the answer comes with what was read', async (t) => {
  // --collector.timeout 60s: only the header can make this scrape end early.
  const exporter = await startExporter(t, 'x710-oot', { fake: { mode: 'hang' }, config: { collectorTimeoutMs: 60_000 } });
  const answer = await scrapeWith(exporter, { [SCRAPE_TIMEOUT_HEADER]: '1' });
  t.equal(answer.statusCode, 200);
  // 1 s from Prometheus, 500 ms kept for the answer: collectors get 500 ms, ip half of it.
  t.ok(exporter.logs.some((l) => l.includes('ip -j -s -d link show: timed out (no answer within 250 ms, killed)')), 'ip killed after half the budget');
  t.equal(success(answer.body, 'vf_traffic'), 0, 'vf_traffic says its netlink source failed');
  t.equal(find(parseExposition(answer.body), 'sriov_vf_receive_bytes_total', { source: 'sysfs' }).length, 1, 'and still has its sysfs counters');
  t.equal(success(answer.body, 'readiness'), 1, 'the others are intact');
});

t.test('X-Prometheus-Scrape-Timeout-Seconds: a collector that would take longer is cut off at the budget', async (t) => {
  const stuck: Collector<'vf_queues'> = { name: 'vf_queues', collect: () => new Promise<void>(() => undefined) };
  const exporter = await startExporter(t, 'e810-iavf', { build: { collectors: { vf_queues: stuck } }, config: { collectorTimeoutMs: 60_000 } });
  const answer = await scrapeWith(exporter, { [SCRAPE_TIMEOUT_HEADER]: '0.8' });
  t.equal(answer.statusCode, 200);
  t.equal(success(answer.body, 'vf_queues'), 0);
  t.ok(exporter.logs.some((l) => l.includes('collector vf_queues: no result within 400 ms')), '0.8 s less half of it');
  t.equal(success(answer.body, 'inventory'), 1);
  t.equal(find(parseExposition(answer.body), 'sriov_vf_info').length, 20, 'the other collectors\' series are all there');
});
