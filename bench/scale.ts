// Cost at scale: how sriov-exporter's scrape time, CPU per scrape, RSS and read calls grow with the number of
// VFs, beside node_exporter's netclass collector over the same trees in the same run, and how long a whole
// `sriov-check` run takes at the same sizes. Measures and prints; asserts nothing.
//
//   npm run bench:scale                          # 64, 256, 1,024 and 4,096 VFs (a few minutes)
//   BENCH_SCRAPES=10 npm run bench:scale         # quicker, noisier
//   BENCH_SIZES=64,1024 npm run bench:scale      # chosen sizes (multiples of 64)
//
// Per size, a fresh host (N PFs × 64 VFs, every VF on iavf with a host netdev and 4 queues) and fresh
// processes; two warm-up scrapes each (the first fills the exporter's ethtool cache, TTL 1h: the steady
// state when the TTL is at least the scrape interval), then BENCH_SCRAPES scrapes alternating between the two.
// The exporter runs without its readiness collector (that is the background preflight, measured as
// sriov-check), so that CPU and reads per scrape are the scrape's own.
//   - time: wall time of one scrape as the scraper sees it (median);
//   - CPU: user+system time per scrape, the exporter's own plus its ip runs (children it waited for);
//   - reads: read system calls per scrape (/proc/PID/io syscr), the exporter's own — then for its vf_traffic
//     collector alone, the per-VF counters: one `ip` run for all VFs, read through one pipe;
//   - RSS after all scrapes.

import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { makeBenchHost, VFS_PER_PF, type BenchHost } from './support/bench-host.js';
import { CHECK_BIN, requirePrograms, scrapeOnce, seriesCount, startExporter, startNodeExporter, stopTarget, type Target } from './support/bench-targets.js';
import { cpuTimes, readCalls, rssMiB } from './support/proc-stats.js';
import { fixed, median } from './support/stats.js';

const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 30);
const CHECK_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 5);
const SIZES = (process.env.BENCH_SIZES ?? '64,256,1024,4096').split(',').map(Number);

interface Cost {
  /** Median wall time of a scrape, ms. */
  readonly ms: number;
  /** CPU per scrape, ms (own + waited-for children). */
  readonly cpu: number;
  /** read() calls per scrape. */
  readonly reads: number;
  readonly rss: number;
  readonly series: number;
}

/** What `scrapes` scrapes cost each target, the scrapes alternating between them. */
async function costs(targets: readonly Target[], scrapes: number): Promise<Cost[]> {
  for (const target of targets) for (let i = 0; i < 2; i++) await scrapeOnce(target);
  const before = targets.map((t) => ({ cpu: cpuTimes(t.pid), reads: readCalls(t.pid) }));
  const times = targets.map(() => [] as number[]);
  const bodies = targets.map(() => '');
  for (let i = 0; i < scrapes; i++) {
    for (const [n, target] of targets.entries()) {
      const { ms, body } = await scrapeOnce(target);
      times[n]?.push(ms);
      bodies[n] = body;
    }
  }
  return targets.map((t, n) => {
    const cpu = cpuTimes(t.pid);
    const was = before[n] as (typeof before)[number];
    return {
      ms: median(times[n] as number[]),
      cpu: (cpu.own + cpu.children - was.cpu.own - was.cpu.children) / scrapes,
      reads: (readCalls(t.pid) - was.reads) / scrapes,
      rss: rssMiB(t.pid),
      series: seriesCount(bodies[n] as string),
    };
  });
}

async function withTargets<T>(starts: readonly (() => Promise<Target>)[], use: (targets: Target[]) => Promise<T>): Promise<T> {
  const targets: Target[] = [];
  try {
    for (const start of starts) targets.push(await start());
    return await use(targets);
  } finally {
    for (const target of targets) await stopTarget(target);
  }
}

/** Median wall time of a whole `sriov-check` run (spawn to exit), ms. */
function checkTime(host: BenchHost): number {
  const run = () => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [CHECK_BIN, '--path.rootfs', host.root, '--output', 'json'], { stdio: 'ignore' });
    if (result.error) throw result.error;
    return performance.now() - started;
  };
  run(); // the page cache and V8's code cache
  return median(Array.from({ length: CHECK_RUNS }, run));
}

interface Row {
  readonly vfs: number;
  readonly exporter: Cost;
  readonly node: Cost;
  readonly trafficOnly: Cost;
  readonly checkMs: number;
}

async function measureSize(vfs: number): Promise<Row> {
  const host = makeBenchHost(vfs / VFS_PER_PF);
  try {
    const [exporter, node] = await withTargets(
      [() => startExporter(host, { args: ['--no-collector.readiness'] }), () => startNodeExporter(host)],
      (targets) => costs(targets, SCRAPES),
    );
    const [trafficOnly] = await withTargets(
      [() => startExporter(host, { args: ['--no-collector.readiness', '--no-collector.inventory', '--no-collector.vf_queues'] })],
      (targets) => costs(targets, SCRAPES),
    );
    return { vfs, exporter: exporter as Cost, node: node as Cost, trafficOnly: trafficOnly as Cost, checkMs: checkTime(host) };
  } finally {
    host.remove();
  }
}

function printTables(rows: readonly Row[]): void {
  const first = rows[0] as Row;
  console.log('\n### scrape: sriov-exporter (all collectors but readiness) beside node_exporter netclass');
  console.log('| VFs | series | time ms (ratio) | CPU ms/scrape (ratio) | RSS MiB (node_exporter) | read calls/scrape (node_exporter) | reads per VF (node_exporter) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const e = r.exporter;
    const n = r.node;
    console.log(
      `| ${r.vfs} | ${e.series} | ${fixed(e.ms)} / ${fixed(n.ms)} (${fixed(e.ms / n.ms, 2)}) | ${fixed(e.cpu)} / ${fixed(n.cpu)} (${fixed(e.cpu / n.cpu, 2)}) | ${fixed(e.rss)} (${fixed(n.rss)}) | ${fixed(e.reads, 0)} (${fixed(n.reads, 0)}) | ${fixed(e.reads / r.vfs, 2)} (${fixed(n.reads / r.vfs, 2)}) |`,
    );
  }
  console.log('\n### growth against the smallest size (1.00 = the cost per VF stays the same; above the VF factor = worse than linear)');
  console.log('| VFs | VF factor | exporter time | exporter CPU | node_exporter time | node_exporter CPU | sriov-check ms | sriov-check factor |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const g = (a: number, b: number) => fixed(a / b, 2);
    console.log(
      `| ${r.vfs} | ${g(r.vfs, first.vfs)} | ${g(r.exporter.ms, first.exporter.ms)} | ${g(r.exporter.cpu, first.exporter.cpu)} | ${g(r.node.ms, first.node.ms)} | ${g(r.node.cpu, first.node.cpu)} | ${fixed(r.checkMs, 0)} | ${g(r.checkMs, first.checkMs)} |`,
    );
  }
  console.log('\n### the per-VF counters alone (the vf_traffic collector: one ip run per scrape for all VFs)');
  console.log('| VFs | time ms | CPU ms/scrape | read calls/scrape | reads per VF |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const c = r.trafficOnly;
    console.log(`| ${r.vfs} | ${fixed(c.ms)} | ${fixed(c.cpu)} | ${fixed(c.reads, 0)} | ${fixed(c.reads / r.vfs, 2)} |`);
  }
}

async function main(): Promise<void> {
  requirePrograms();
  if (SIZES.some((n) => !Number.isInteger(n) || n <= 0 || n % VFS_PER_PF !== 0)) {
    console.error(`bench: BENCH_SIZES must be multiples of ${VFS_PER_PF}`);
    process.exit(2);
  }
  console.log(`scale benchmark: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${SCRAPES} scrapes per target and size; sriov-check: median of ${CHECK_RUNS} runs`);
  const rows: Row[] = [];
  for (const vfs of SIZES) {
    const row = await measureSize(vfs);
    rows.push(row);
    console.log(`measured ${vfs} VFs`);
  }
  printTables(rows);
}

await main();
