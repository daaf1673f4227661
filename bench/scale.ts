// Cost at scale: how sriov-exporter's scrape time, CPU per scrape (its own and its ip/ethtool children's), RSS and
// read calls grow with the number of VFs, beside node_exporter's netclass collector over the same trees in the same
// run, and how long a whole `sriov-check` run takes at the same sizes. Measures and prints; asserts nothing.
//
//   npm run bench:scale                          # 64, 256, 1,024 and 4,096 VFs
//   BENCH_SCRAPES=10 npm run bench:scale         # quicker, noisier
//   BENCH_SIZES=64,1024 npm run bench:scale      # chosen sizes (multiples of 64)
//
// Per size, a fresh host (N PFs × 64 VFs, every VF on iavf with a host netdev and 4 queues) with a real veth link
// per netdev in the benchmark namespace (support/netns.ts), and fresh processes: the first scrape of each (the
// exporter's runs ethtool for every VF netdev: TTL 1h, the steady state when the TTL is at least the scrape
// interval), 20 warm-up rounds once settled, then BENCH_SCRAPES scrapes alternating between the two, in the table layout of every
// scrape benchmark (support/scrape-table.ts). The exporter runs with its default collectors, as in bench/scrape.ts;
// its timed scrapes start once its start-up readiness run (the background preflight, measured as sriov-check) is
// done, so that CPU and reads per scrape are the scrape's own. A second table has the vf_traffic collector alone:
// the per-VF counters, one `ip` run per scrape for all VFs. Each size's median and CPU go to the issue-16 summary
// (support/figures.ts); `npm run bench` leaves 1,024 VFs to bench/scrape.ts, which measures that size already.

import { spawnSync } from 'node:child_process';
import { makeBenchHost, VFS_PER_PF, type BenchHost } from './support/bench-host.js';
import { CHECK_BIN, requirePrograms, startExporter, startNodeExporter, stopTarget, type Target } from './support/bench-targets.js';
import { enterBenchNamespace } from './support/netns.js';
import { machineLine, measureScrapes, scrapeTable, type ScrapeCost, type ScrapeRow } from './support/scrape-table.js';
import { recordFigure } from './support/figures.js';
import { fixed, median } from './support/stats.js';

const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 30);
const CHECK_RUNS = Number(process.env.BENCH_CHECK_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '64,256,1024,4096').split(',').map(Number);

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

interface Size {
  readonly row: ScrapeRow;
  readonly trafficOnly: ScrapeCost;
  readonly checkMs: number;
}

async function measureSize(vfs: number): Promise<Size> {
  const host = makeBenchHost(vfs / VFS_PER_PF);
  try {
    const [exporter, node] = (await withTargets(
      [() => startExporter(host), () => startNodeExporter(host)],
      (targets) => measureScrapes(targets, SCRAPES),
    )) as [ScrapeCost, ScrapeCost];
    const [trafficOnly] = (await withTargets(
      [() => startExporter(host, { args: ['--no-collector.readiness', '--no-collector.inventory', '--no-collector.vf_queues'] })],
      (targets) => measureScrapes(targets, SCRAPES),
    )) as [ScrapeCost];
    const at = `${vfs.toLocaleString('en-US')} VFs`;
    recordFigure({ target: 'scrape-median', at, ours: median(exporter.times), peer: median(node.times) });
    recordFigure({ target: 'scrape-cpu', at, ours: exporter.cpuOwn + exporter.cpuChildren, peer: node.cpuOwn + node.cpuChildren });
    return { row: { vfs, run: `${host.links.toLocaleString('en-US')} links`, exporter, node }, trafficOnly, checkMs: checkTime(host) };
  } finally {
    host.remove();
  }
}

function printTables(sizes: readonly Size[]): void {
  console.log('\n### Scrape: sriov-exporter (default collectors) / node_exporter netclass\n');
  console.log(scrapeTable(sizes.map((s) => s.row)));
  const first = sizes[0] as Size;
  console.log('\n### Growth against the smallest size (VF factor = linear; above it = worse than linear)\n');
  console.log('| VFs | VF factor | exporter median time | exporter CPU (own + children) | node_exporter median time | node_exporter CPU | sriov-check ms | sriov-check factor |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  const cpu = (c: ScrapeCost) => c.cpuOwn + c.cpuChildren;
  const mid = (c: ScrapeCost) => median(c.times);
  for (const s of sizes) {
    const g = (a: number, b: number) => fixed(a / b, 2);
    const r = s.row;
    console.log(
      `| ${r.vfs.toLocaleString('en-US')} | ${g(r.vfs, first.row.vfs)} | ${g(mid(r.exporter), mid(first.row.exporter))} | ${g(cpu(r.exporter), cpu(first.row.exporter))} | ${g(mid(r.node), mid(first.row.node))} | ${g(cpu(r.node), cpu(first.row.node))} | ${fixed(s.checkMs, 0)} | ${g(s.checkMs, first.checkMs)} |`,
    );
  }
  console.log('\n### The per-VF counters alone (the vf_traffic collector: one real ip run per scrape for all links)\n');
  console.log('| VFs | median ms | CPU ms/scrape: own + ip | read calls/scrape | reads per VF |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const s of sizes) {
    const c = s.trafficOnly;
    console.log(`| ${s.row.vfs.toLocaleString('en-US')} | ${fixed(median(c.times))} | ${fixed(c.cpuOwn)} + ${fixed(c.cpuChildren)} | ${fixed(c.reads, 0)} | ${fixed(c.reads / s.row.vfs, 2)} |`);
  }
}

async function main(): Promise<void> {
  if (SIZES.some((n) => !Number.isInteger(n) || n <= 0 || n % VFS_PER_PF !== 0)) {
    console.error(`bench: BENCH_SIZES must be multiples of ${VFS_PER_PF}`);
    process.exit(2);
  }
  await enterBenchNamespace();
  requirePrograms();
  console.log('## Cost at scale (`npm run bench:scale`)\n');
  console.log(machineLine('scale benchmark'));
  console.log(`${SCRAPES} timed scrapes per target and size; sriov-check: median of ${CHECK_RUNS} runs`);
  const sizes: Size[] = [];
  for (const vfs of SIZES) sizes.push(await measureSize(vfs));
  printTables(sizes);
}

await main();
