// Load: 50 concurrent scrapers for 60 s against the exporter on the 16 PF × 64 VF synthetic host, over loopback.
// Reports errors, scrape latency (p50/p99/max), RSS sampled every second with its trend, and how long the event
// loop was held up. Bounded in time and in the number of requests; measures, never asserts.
//
//   npm run bench:load
//   BENCH_SCRAPERS=50 BENCH_SECONDS=60 BENCH_READINESS_INTERVAL=15s npm run bench:load
//
// The readiness preflight runs in the background every BENCH_READINESS_INTERVAL during the load (default 15 s,
// not the 5 min default), so that its runs fall inside the window. Scrapes that overlap share one collection
// (the exporter's design); the scrapers do not wait between requests, so this is far more than any Prometheus
// setup asks of one exporter. The event loop is seen two ways: the exporter's own nodejs_eventloop_lag_max_seconds
// (prom-client resets it at each scrape, so the largest value over all scrapes is the largest delay of the run),
// and the latency of GET /healthz probed 4 times a second beside the load. Afterwards RSS is sampled for
// BENCH_IDLE_SECONDS (default 30) of idleness: memory that does not come back down is a leak.

import * as os from 'node:os';
import { makeBenchHost, VFS_PER_PF } from './support/bench-host.js';
import { requirePrograms, startExporter, stopTarget, type Target } from './support/bench-targets.js';
import { rssMiB } from './support/proc-stats.js';
import { fixed, quantile, slope } from './support/stats.js';

const SCRAPERS = Number(process.env.BENCH_SCRAPERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const READINESS_INTERVAL = process.env.BENCH_READINESS_INTERVAL ?? '15s';
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
/** A ceiling on requests, whatever the machine's speed. */
const MAX_REQUESTS = 1_000_000;

interface Tally {
  readonly latencies: number[];
  /** Non-200 answers and failed requests, by cause. */
  readonly errors: Map<string, number>;
  /** nodejs_eventloop_lag_max_seconds of each scrape, ms. */
  readonly loopMax: number[];
  /** The sriov_readiness_last_run_timestamp_seconds values seen: one per completed background run. */
  readonly readinessRuns: Set<string>;
  requests: number;
}

function countError(tally: Tally, cause: string): void {
  tally.errors.set(cause, (tally.errors.get(cause) ?? 0) + 1);
}

async function scraper(target: Target, deadline: number, tally: Tally): Promise<void> {
  while (performance.now() < deadline && tally.requests < MAX_REQUESTS) {
    tally.requests++;
    const started = performance.now();
    try {
      const res = await fetch(target.url);
      const body = await res.text();
      tally.latencies.push(performance.now() - started);
      if (res.status !== 200) countError(tally, `HTTP ${res.status}`);
      const lag = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(body)?.[1];
      if (lag !== undefined) tally.loopMax.push(Number(lag) * 1000);
      const run = /^sriov_readiness_last_run_timestamp_seconds (\S+)$/m.exec(body)?.[1];
      if (run !== undefined) tally.readinessRuns.add(run);
      if (!body.includes('sriov_exporter_collector_success')) countError(tally, 'a body without collector status');
    } catch (error) {
      countError(tally, (error as Error).message);
    }
  }
}

async function every(ms: number, deadline: number, task: () => Promise<void> | void): Promise<void> {
  while (performance.now() < deadline) {
    const started = performance.now();
    await task();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms - (performance.now() - started))));
  }
}

async function main(): Promise<void> {
  requirePrograms();
  const host = makeBenchHost(16);
  let exporter: Target | undefined;
  try {
    exporter = await startExporter(host, { args: ['--collector.readiness.interval', READINESS_INTERVAL] });
    const target = exporter;
    const startRss = rssMiB(target.pid);
    // Two scrapes before the clock starts: the ethtool cache filled, the code warm.
    for (let i = 0; i < 2; i++) await (await fetch(target.url)).text();
    console.log(`load benchmark: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`${SCRAPERS} scrapers without pause for ${SECONDS} s, 16 PFs × ${VFS_PER_PF} VFs (${host.vfs} VFs, 4 queues each), readiness every ${READINESS_INTERVAL}`);

    const startedAt = performance.now();
    const deadline = startedAt + SECONDS * 1000;
    const tally: Tally = { latencies: [], errors: new Map(), loopMax: [], readinessRuns: new Set(), requests: 0 };
    const rss: [number, number][] = [];
    const health: number[] = [];
    await Promise.all([
      ...Array.from({ length: SCRAPERS }, () => scraper(target, deadline, tally)),
      every(1000, deadline, () => void rss.push([(performance.now() - startedAt) / 1000, rssMiB(target.pid)])),
      every(250, deadline, async () => {
        const started = performance.now();
        const res = await fetch(`${target.base}/healthz`);
        await res.text();
        health.push(performance.now() - started);
      }),
    ]);
    const elapsed = (performance.now() - startedAt) / 1000;

    const errors = [...tally.errors].map(([cause, n]) => `${n} × ${cause}`).join(', ');
    const lat = tally.latencies;
    console.log(`\nrequests: ${tally.requests} in ${fixed(elapsed)} s (${fixed(tally.requests / elapsed)}/s), errors: ${errors === '' ? 0 : errors}`);
    console.log(`scrape latency: p50 ${fixed(quantile(lat, 0.5))} ms, p99 ${fixed(quantile(lat, 0.99))} ms, max ${fixed(quantile(lat, 1))} ms`);
    const rssValues = rss.map(([, v]) => v);
    // The trend over the second half, after the heap has found its working size.
    const late = rss.filter(([t]) => t >= elapsed / 2);
    console.log(
      `RSS: ${rss.length} samples, first ${fixed(rssValues[0] ?? NaN)} MiB, max ${fixed(quantile(rssValues, 1))} MiB, last ${fixed(rssValues.at(-1) ?? NaN)} MiB; ` +
        `trend over the second half ${fixed(slope(late) * 60, 2)} MiB/min, over the whole run ${fixed(slope(rss) * 60, 2)} MiB/min`,
    );
    console.log(`event loop delay (exporter's own, per scrape interval): p50 ${fixed(quantile(tally.loopMax, 0.5))} ms, p99 ${fixed(quantile(tally.loopMax, 0.99))} ms, max ${fixed(quantile(tally.loopMax, 1))} ms`);
    console.log(`GET /healthz beside the load: ${health.length} probes, p50 ${fixed(quantile(health, 0.5))} ms, p99 ${fixed(quantile(health, 0.99))} ms, max ${fixed(quantile(health, 1))} ms`);
    // A leak shows as memory that stays: once the load stops, V8's memory reducer collects what is garbage.
    const idle: string[] = [];
    for (let second = 1; second <= IDLE_SECONDS; second++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (second % 10 === 0) idle.push(`${second} s ${fixed(rssMiB(target.pid))} MiB`);
    }
    console.log(`RSS after the load, idle: ${idle.join(', ')} (at start-up, before any scrape: ${fixed(startRss)} MiB)`);
    console.log(`background readiness runs seen by the scrapes (the start-up run included): ${tally.readinessRuns.size}`);
  } finally {
    if (exporter) await stopTarget(exporter);
    host.remove();
  }
}

await main();
