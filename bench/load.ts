// Load: 50 concurrent scrapers for 60 s against the exporter on the 16 PF × 64 VF synthetic host, then the same
// load against node_exporter's netclass collector over the same tree, in one run, inside the benchmark namespace
// (real ip and ethtool over veth links, support/netns.ts), over its loopback. Reports errors, scrape latency,
// RSS sampled every second with its trend and peak, the event loop delay and /healthz latency beside the load
// (the exporter's), and RSS while idle afterwards. Bounded in time and requests; measures, never asserts.
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

import { makeBenchHost, VFS_PER_PF } from './support/bench-host.js';
import { requirePrograms, startExporter, startNodeExporter, stopTarget, type Target } from './support/bench-targets.js';
import { enterBenchNamespace } from './support/netns.js';
import { rssMiB } from './support/proc-stats.js';
import { machineLine } from './support/scrape-table.js';
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
  /** nodejs_eventloop_lag_max_seconds of each scrape, ms (the exporter's). */
  readonly loopMax: number[];
  /** The sriov_readiness_last_run_timestamp_seconds values seen: one per completed background run. */
  readonly readinessRuns: Set<string>;
  requests: number;
}

interface LoadResult {
  readonly name: string;
  readonly tally: Tally;
  readonly elapsed: number;
  readonly startRss: number;
  readonly rss: readonly (readonly [number, number])[];
  /** GET /healthz latencies beside the load (the exporter only). */
  readonly health: readonly number[];
  /** RSS every 10 s of idleness after the load. */
  readonly idle: readonly string[];
}

function countError(tally: Tally, cause: string): void {
  tally.errors.set(cause, (tally.errors.get(cause) ?? 0) + 1);
}

async function scraper(target: Target, deadline: number, tally: Tally, exporter: boolean): Promise<void> {
  while (performance.now() < deadline && tally.requests < MAX_REQUESTS) {
    tally.requests++;
    const started = performance.now();
    try {
      const res = await fetch(target.url);
      const body = await res.text();
      tally.latencies.push(performance.now() - started);
      if (res.status !== 200) countError(tally, `HTTP ${res.status}`);
      if (!exporter) continue;
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

async function load(target: Target, exporter: boolean): Promise<LoadResult> {
  const startRss = rssMiB(target.pid);
  // Two scrapes before the clock starts: the ethtool cache filled, the code warm.
  for (let i = 0; i < 2; i++) await (await fetch(target.url)).text();
  const startedAt = performance.now();
  const deadline = startedAt + SECONDS * 1000;
  const tally: Tally = { latencies: [], errors: new Map(), loopMax: [], readinessRuns: new Set(), requests: 0 };
  const rss: [number, number][] = [];
  const health: number[] = [];
  await Promise.all([
    ...Array.from({ length: SCRAPERS }, () => scraper(target, deadline, tally, exporter)),
    every(1000, deadline, () => void rss.push([(performance.now() - startedAt) / 1000, rssMiB(target.pid)])),
    ...(exporter
      ? [
          every(250, deadline, async () => {
            const started = performance.now();
            await (await fetch(`${target.base}/healthz`)).text();
            health.push(performance.now() - started);
          }),
        ]
      : []),
  ]);
  const elapsed = (performance.now() - startedAt) / 1000;
  // A leak shows as memory that stays: once the load stops, V8's memory reducer collects what is garbage.
  const idle: string[] = [];
  for (let second = 1; second <= IDLE_SECONDS; second++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (second % 10 === 0) idle.push(`${second} s: ${fixed(rssMiB(target.pid))}`);
  }
  return { name: target.name, tally, elapsed, startRss, rss, health, idle };
}

function printTable(results: readonly LoadResult[]): void {
  console.log('| target | requests (per s) | errors | latency p50 / p99 / max ms | RSS MiB at start → peak → last | RSS trend MiB/min (second half / whole) | RSS MiB idle after the load | event loop delay p50 / p99 / max ms | /healthz beside the load p50 / p99 / max ms |');
  console.log('|---|---:|---|---:|---:|---:|---|---:|---:|');
  for (const r of results) {
    const lat = r.tally.latencies;
    const values = r.rss.map(([, v]) => v);
    // The trend over the second half, after the heap has found its working size.
    const late = r.rss.filter(([t]) => t >= r.elapsed / 2);
    const errors = [...r.tally.errors].map(([cause, n]) => `${n} × ${cause}`).join(', ') || '0';
    const loop = r.tally.loopMax.length ? `${fixed(quantile(r.tally.loopMax, 0.5))} / ${fixed(quantile(r.tally.loopMax, 0.99))} / ${fixed(quantile(r.tally.loopMax, 1))}` : '–';
    const health = r.health.length ? `${fixed(quantile(r.health, 0.5))} / ${fixed(quantile(r.health, 0.99))} / ${fixed(quantile(r.health, 1))}` : '–';
    console.log(
      `| ${r.name} | ${r.tally.requests} (${fixed(r.tally.requests / r.elapsed)}) | ${errors} | ${fixed(quantile(lat, 0.5))} / ${fixed(quantile(lat, 0.99))} / ${fixed(quantile(lat, 1))} | ` +
        `${fixed(r.startRss)} → ${fixed(quantile(values, 1))} → ${fixed(values.at(-1) ?? NaN)} | ${fixed(slope(late) * 60, 2)} / ${fixed(slope(r.rss) * 60, 2)} | ${r.idle.join(', ')} | ${loop} | ${health} |`,
    );
  }
}

async function main(): Promise<void> {
  await enterBenchNamespace();
  requirePrograms();
  const host = makeBenchHost(16);
  try {
    console.log('## Load (`npm run bench:load`)\n');
    console.log(machineLine('load benchmark'));
    console.log(`${SCRAPERS} scrapers without pause for ${SECONDS} s on each target, 16 PFs × ${VFS_PER_PF} VFs (${host.vfs.toLocaleString('en-US')} VFs, 4 queues each, ${host.links.toLocaleString('en-US')} veth links), exporter readiness every ${READINESS_INTERVAL}\n`);
    const results: LoadResult[] = [];
    let readinessRuns = 0;
    for (const start of [() => startExporter(host, { args: ['--collector.readiness.interval', READINESS_INTERVAL] }), () => startNodeExporter(host)]) {
      const target = await start();
      try {
        const result = await load(target, target.name === 'sriov-exporter');
        results.push(result);
        if (target.name === 'sriov-exporter') readinessRuns = result.tally.readinessRuns.size;
      } finally {
        await stopTarget(target);
      }
    }
    printTable(results);
    console.log(`\n- background readiness runs seen by the exporter's scrapes (the start-up run included): ${readinessRuns}`);
  } finally {
    host.remove();
  }
}

await main();
