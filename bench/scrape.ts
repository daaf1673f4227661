// Scrape benchmark: sriov-exporter against node_exporter's netclass collector over the same synthetic sysfs.
//
//   npm run bench:scrape                      # the full run (a few minutes)
//   BENCH_ROUNDS=1 BENCH_SCRAPES=30 npm run bench:scrape   # quicker, noisier
//
// Both exporters run as their own processes and are scraped over HTTP one request at a time, alternating
// between the two so that load from other work on the machine hits both alike. The host is the synthetic
// E810 host of test/support/synthetic-host.ts (N PFs × 64 VFs, every VF on iavf with a host netdev and 4
// queues); the stand-in `ip` and `ethtool` print outputs generated for it. Reported:
//   - median and p90 scrape time of both and their ratio, warm ethtool cache (TTL longer than the run: the
//     steady state when the TTL is at least the scrape interval) and cold (TTL 0: every scrape runs ethtool
//     for every VF netdev);
//   - RSS of the exporter after 100 back-to-back scrapes, with two V8 memory settings, and with scrapes 15 s apart;
//   - (growth with the number of VFs is bench/scale.ts)
//   - each round separately, so that the spread between rounds shows how noisy the machine was.

import * as os from 'node:os';
import { makeBenchHost, VFS_PER_PF, type BenchHost } from './support/bench-host.js';
import { requirePrograms, scrapeOnce, seriesCount, startExporter, startNodeExporter, stopTarget, type Target } from './support/bench-targets.js';
import { rssMiB } from './support/proc-stats.js';
import { quantile } from './support/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 100);
const COLD_SCRAPES = Number(process.env.BENCH_COLD_SCRAPES ?? 10);
const QUEUES = 4;
/** The paced run: this many scrapes this far apart (0 scrapes: skipped). */
const PACED_SCRAPES = Number(process.env.BENCH_PACED_SCRAPES ?? 10);
const PACED_INTERVAL_S = Number(process.env.BENCH_PACED_INTERVAL ?? 15);

interface Timing {
  readonly median: number;
  readonly p90: number;
}

const timing = (ms: readonly number[]): Timing => ({ median: quantile(ms, 0.5), p90: quantile(ms, 0.9) });
const fmt = (t: Timing) => `median ${t.median.toFixed(1)} ms, p90 ${t.p90.toFixed(1)} ms`;

/** Alternating scrapes of both targets; returns their times and the last exporter body. */
async function race(exporter: Target, node: Target, scrapes: number): Promise<{ exporter: number[]; node: number[]; body: string }> {
  const times = { exporter: [] as number[], node: [] as number[], body: '' };
  for (let i = 0; i < scrapes; i++) {
    const e = await scrapeOnce(exporter);
    times.exporter.push(e.ms);
    times.body = e.body;
    times.node.push((await scrapeOnce(node)).ms);
  }
  return times;
}

function collectorDurations(body: string): string {
  return [...body.matchAll(/^sriov_exporter_collector_duration_seconds\{collector="([^"]+)"\} (\S+)$/gm)]
    .map((m) => `${m[1]} ${(Number(m[2]) * 1000).toFixed(1)} ms`)
    .join(', ');
}

interface Measured {
  readonly exporter: number[];
  readonly node: number[];
  readonly body: string;
  /** RSS of the exporter after all its scrapes (warm-up included). */
  readonly rss: number;
  readonly series: number;
  /** How long the background readiness run took. */
  readonly readinessMs?: number;
}

/**
 * RSS when scrapes come at an interval as from Prometheus, not back to back: between scrapes V8's memory
 * reducer may collect and give back the garbage a scrape left, which back-to-back scrapes never let it do.
 */
async function paced(host: BenchHost): Promise<number[]> {
  const exporter = await startExporter(host);
  try {
    const samples: number[] = [];
    for (let i = 0; i < PACED_SCRAPES; i++) {
      await scrapeOnce(exporter);
      await new Promise((resolve) => setTimeout(resolve, PACED_INTERVAL_S * 1000));
      // Taken just before the next scrape would come.
      samples.push(rssMiB(exporter.pid));
    }
    return samples;
  } finally {
    await stopTarget(exporter);
  }
}

async function measure(host: BenchHost, ttl: string, scrapes: number, warmup: number, nodeArgs: readonly string[] = []): Promise<Measured> {
  const exporter = await startExporter(host, { ttl, nodeArgs });
  const node = await startNodeExporter(host);
  try {
    await race(exporter, node, warmup);
    const result = await race(exporter, node, scrapes);
    const readinessMs = Number(/"durationMs":(\d+),"msg":"readiness checks completed"/.exec(exporter.log())?.[1] ?? NaN);
    return { ...result, rss: rssMiB(exporter.pid), series: seriesCount(result.body), ...(Number.isNaN(readinessMs) ? {} : { readinessMs }) };
  } finally {
    await stopTarget(exporter);
    await stopTarget(node);
  }
}

async function main(): Promise<void> {
  requirePrograms();
  console.log(`scrape benchmark: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${ROUNDS} rounds of ${SCRAPES} scrapes`);

  const host = makeBenchHost(16, { queues: QUEUES });
  try {
    console.log(`\n## 16 PFs × ${VFS_PER_PF} VFs = ${host.vfs} VFs, ${QUEUES} queues each, warm ethtool cache (TTL 1h)`);
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A fresh exporter each round: its first scrape fills the ethtool cache (not timed), the next
      // SCRAPES - 1 are timed, and RSS is taken after SCRAPES scrapes in all.
      const warm = await measure(host, '1h', SCRAPES - 1, 1);
      const e = timing(warm.exporter);
      const n = timing(warm.node);
      ratios.push(e.median / n.median);
      console.log(`round ${round}: sriov-exporter ${fmt(e)} (${warm.series} series) | node_exporter ${fmt(n)} | ratio ${(e.median / n.median).toFixed(2)} (p90 ${(e.p90 / n.p90).toFixed(2)}) | exporter RSS after ${SCRAPES} scrapes ${warm.rss.toFixed(1)} MiB`);
      console.log(`         last scrape's collectors: ${collectorDurations(warm.body)}; background readiness run ${warm.readinessMs ?? '?'} ms`);
    }
    console.log(`ratio of medians over rounds: min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}`);

    console.log(`\n## the same host, cold ethtool cache (TTL 0: ${host.vfs} ethtool runs per scrape, ${COLD_SCRAPES} scrapes)`);
    const cold = await measure(host, '0s', COLD_SCRAPES, 1);
    const ce = timing(cold.exporter);
    const cn = timing(cold.node);
    console.log(`sriov-exporter ${fmt(ce)} | node_exporter ${fmt(cn)} | ratio ${(ce.median / cn.median).toFixed(2)}`);
    console.log(`last scrape's collectors: ${collectorDurations(cold.body)}`);

    console.log(`\n## memory: RSS after ${SCRAPES} back-to-back scrapes with V8 settings that trade speed for memory`);
    for (const nodeArgs of [['--max-semi-space-size=2'], ['--optimize-for-size']]) {
      const small = await measure(host, '1h', SCRAPES - 1, 1, nodeArgs);
      console.log(`node ${nodeArgs.join(' ')}: sriov-exporter ${fmt(timing(small.exporter))}, RSS ${small.rss.toFixed(1)} MiB`);
    }
    if (PACED_SCRAPES > 0) {
      console.log(`\n## memory: RSS before each of ${PACED_SCRAPES} scrapes ${PACED_INTERVAL_S} s apart (default settings)`);
      console.log((await paced(host)).map((m) => `${m.toFixed(1)}`).join(', ') + ' MiB');
    }
    console.log('\nHow the cost grows with the number of VFs: npm run bench:scale');
  } finally {
    host.remove();
  }
}

await main();
