// Scrape benchmark at 1,024 VFs: sriov-exporter against node_exporter's netclass collector over the same synthetic
// sysfs tree, in a private network namespace with a real veth link for each of the host's 1,040 netdevs, so that
// the exporter runs the real `ip -j -s -d link show` and the real `ethtool -S` (see support/netns.ts).
//
//   npm run bench:scrape                                  # the full run (a few minutes)
//   BENCH_ROUNDS=1 BENCH_SCRAPES=30 npm run bench:scrape  # quicker, noisier
//   BENCH_COLD_SCRAPES=0 BENCH_PACED_SCRAPES=0 BENCH_PROBED_SCRAPES=0   # without the cold, paced or probed runs
//
// Both exporters are their own processes, scraped over the namespace's loopback one request at a time, alternating
// (support/scrape-table.ts). Printed as markdown: each round of fresh processes with a warm ethtool cache, a cold
// cache, memory under other V8 settings and with scrapes 15 s apart, and — measured in-process, since veth links
// carry neither — the parse of an `ip` output with SR-IOV vfinfo for 1,024 VFs and of 1,024 iavf `ethtool -S` outputs.
// After the timed scrapes of the first round, BENCH_PROBED_SCRAPES more, while a prober asks each server for a small
// page every 10 ms (support/prober.ts): its longest wait is the event-loop stall seen from outside. The figures of
// the issue-16 summary at 1,024 VFs come from here (support/figures.ts): the scrape median and CPU of all warm
// rounds together, and the worst round's RSS after the timed scrapes and first scrape.

import { isIssue, issueReason } from '../src/fact.js';
import { parseEthtoolStats, extractQueueCounters } from '../src/parse/ethtool-stats.js';
import { parseIpLinkJson } from '../src/parse/ip-link-json.js';
import { iavfStats, ipLinkJson } from '../test/support/synthetic-commands.js';
import { makeBenchHost, VFS_PER_PF, type BenchHost } from './support/bench-host.js';
import { requirePrograms, scrapeOnce, startExporter, startNodeExporter, stopTarget, type Target } from './support/bench-targets.js';
import { enterBenchNamespace } from './support/netns.js';
import { rssMiB } from './support/proc-stats.js';
import { WARMUP_ROUNDS, machineLine, measureScrapes, scrapeTable, type ScrapeCost, type ScrapeRow } from './support/scrape-table.js';
import { fixed, median, quantile } from './support/stats.js';
import { recordFigure } from './support/figures.js';
import { PROBE_INTERVAL_MS } from './support/prober.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 100);
const COLD_SCRAPES = Number(process.env.BENCH_COLD_SCRAPES ?? 2);
const PROBED_SCRAPES = Number(process.env.BENCH_PROBED_SCRAPES ?? 20);
const QUEUES = 4;
const PFS = 16;
/** The paced run: this many scrapes this far apart (0 scrapes: skipped). */
const PACED_SCRAPES = Number(process.env.BENCH_PACED_SCRAPES ?? 4);
const PACED_INTERVAL_S = Number(process.env.BENCH_PACED_INTERVAL ?? 15);
/** Repetitions of each in-process parse. */
const PARSE_RUNS = 20;

function collectorDurations(body: string): string {
  return [...body.matchAll(/^sriov_exporter_collector_duration_seconds\{collector="([^"]+)"\} (\S+)$/gm)]
    .map((m) => `${m[1]} ${fixed(Number(m[2]) * 1000)} ms`)
    .join(', ');
}

interface Run {
  readonly exporter: ScrapeCost;
  readonly node: ScrapeCost;
  readonly body: string;
  readonly readinessMs?: number;
}

/** Fresh processes; the first scrape, the warm-up rounds, then `scrapes` timed, alternating (and `probed` more). */
async function run(host: BenchHost, ttl: string, scrapes: number, probedScrapes = 0): Promise<Run> {
  const targets: Target[] = [];
  try {
    targets.push(await startExporter(host, { ttl }));
    targets.push(await startNodeExporter(host));
    const [exporter, node] = (await measureScrapes(targets, scrapes, { probedScrapes })) as [ScrapeCost, ScrapeCost];
    const target = targets[0] as Target;
    const body = (await scrapeOnce(target)).body;
    const readinessMs = Number(/"durationMs":(\d+),"msg":"readiness checks completed"/.exec(target.log())?.[1] ?? NaN);
    return { exporter, node, body, ...(Number.isNaN(readinessMs) ? {} : { readinessMs }) };
  } finally {
    for (const target of targets) await stopTarget(target);
  }
}

/** RSS of the exporter alone after its first scrape, the warm-up rounds and `scrapes` timed ones, under other Node flags. */
async function memoryUnder(host: BenchHost, nodeArgs: readonly string[]): Promise<ScrapeCost> {
  const exporter = await startExporter(host, { nodeArgs });
  try {
    return (await measureScrapes([exporter], SCRAPES))[0] as ScrapeCost;
  } finally {
    await stopTarget(exporter);
  }
}

/** The summary's figures at 1,024 VFs: the warm rounds' scrapes together, the worst round's first scrape and RSS. */
function recordWarmFigures(runs: readonly Run[], vfs: number): void {
  const at = `${vfs.toLocaleString('en-US')} VFs`;
  const all = (side: 'exporter' | 'node') => runs.flatMap((r) => r[side].times);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cpu = (side: 'exporter' | 'node') => mean(runs.map((r) => r[side].cpuOwn + r[side].cpuChildren));
  const worst = (f: (c: ScrapeCost) => number, side: 'exporter' | 'node') => Math.max(...runs.map((r) => f(r[side])));
  recordFigure({ target: 'scrape-median', at, ours: median(all('exporter')), peer: median(all('node')) });
  recordFigure({ target: 'scrape-cpu', at, ours: cpu('exporter'), peer: cpu('node') });
  recordFigure({ target: 'rss-after-scrapes', ours: worst((c) => c.rss, 'exporter'), peer: worst((c) => c.rss, 'node') });
  recordFigure({ target: 'first-scrape', ours: worst((c) => c.first, 'exporter'), peer: worst((c) => c.first, 'node') });
  const failures = (side: 'exporter' | 'node') => {
    const failed = [...new Set(runs.flatMap((r) => r[side].firstCollectors.failed))];
    const total = Math.max(...runs.map((r) => r[side].firstCollectors.total));
    return { n: failed.length, text: failed.length ? `${failed.length} of ${total}: ${failed.join(', ')}` : `0 of ${total}` };
  };
  const ours = failures('exporter');
  const peer = failures('node');
  recordFigure({ target: 'first-scrape-failures', ours: ours.n, peer: peer.n, oursText: ours.text, peerText: peer.text });
}

/** The probed scrapes: the longest wait of a small request, ours and node_exporter's. */
function stallTable(run: Run): string {
  const line = (name: string, probes: readonly number[], own: string) =>
    `| ${name} | ${probes.length} | ${fixed(quantile(probes, 0.5))} / ${fixed(quantile(probes, 0.99))} / ${fixed(quantile(probes, 1))} | ${own} |`;
  recordFigure({ target: 'stall', ours: quantile(run.exporter.probes, 1), peer: quantile(run.node.probes, 1) });
  return [
    `| target (probed URL) | probes | wait p50 / p99 / max ms | own nodejs_eventloop_lag_max_seconds, max over the timed scrapes, ms |`,
    '|---|---:|---:|---:|',
    line('sriov-exporter (`/healthz`)', run.exporter.probes, Number.isNaN(run.exporter.ownLoopMax) ? 'not published' : fixed(run.exporter.ownLoopMax)),
    line('node_exporter netclass (`/`)', run.node.probes, '–'),
  ].join('\n');
}

/** RSS before each scrape when scrapes come 15 s apart, as from Prometheus: V8's memory reducer gets to run. */
async function paced(host: BenchHost): Promise<number[]> {
  const exporter = await startExporter(host);
  try {
    const samples: number[] = [];
    for (let i = 0; i < PACED_SCRAPES; i++) {
      await scrapeOnce(exporter);
      await new Promise((resolve) => setTimeout(resolve, PACED_INTERVAL_S * 1000));
      samples.push(rssMiB(exporter.pid));
    }
    return samples;
  } finally {
    await stopTarget(exporter);
  }
}

/** Median and max of `runs` timed calls of `work`, ms. */
function timed(work: () => unknown): { median: number; max: number } {
  work(); // warm
  const times: number[] = [];
  for (let i = 0; i < PARSE_RUNS; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return { median: quantile(times, 0.5), max: quantile(times, 1) };
}

/** What veth links cannot make the exporter do: parse SR-IOV vfinfo, and iavf's per-queue counters. */
function parsesTable(host: BenchHost): string {
  const json = ipLinkJson(host.spec);
  const outputs = (host.spec.pfs ?? []).flatMap((pf, p) => (pf.vfs ?? []).map((vf, i) => iavfStats(p, i, vf.netdev?.queues ?? 1)));
  const ip = timed(() => {
    const parsed = parseIpLinkJson(json);
    if (isIssue(parsed)) throw new Error(`synthetic ip output: ${issueReason(parsed)}`);
  });
  const ethtool = timed(() => {
    for (const text of outputs) {
      const parsed = parseEthtoolStats(text);
      if (isIssue(parsed) || extractQueueCounters(parsed.values, 'iavf').length === 0) throw new Error('synthetic ethtool output without queues');
    }
  });
  return [
    '| part (in-process, this script\'s own thread) | input | median ms | max ms |',
    '|---|---|---:|---:|',
    `| parse \`ip -j -s -d link show\` with SR-IOV vfinfo | ${(host.spec.pfs ?? []).length} PFs with ${host.vfs.toLocaleString('en-US')} vfinfo entries, ${Math.round(json.length / 1024)} KiB | ${fixed(ip.median)} | ${fixed(ip.max)} |`,
    `| parse \`ethtool -S\` and take the queue counters | ${outputs.length.toLocaleString('en-US')} iavf outputs, ${QUEUES} queues each | ${fixed(ethtool.median)} | ${fixed(ethtool.max)} |`,
  ].join('\n');
}

async function main(): Promise<void> {
  await enterBenchNamespace();
  requirePrograms();
  console.log(`## Scrape at ${(PFS * VFS_PER_PF).toLocaleString('en-US')} VFs (\`npm run bench:scrape\`)\n`);
  console.log(machineLine('scrape benchmark'));

  const host = makeBenchHost(PFS, { queues: QUEUES });
  try {
    console.log(`host: ${PFS} PFs × ${VFS_PER_PF} VFs = ${host.vfs.toLocaleString('en-US')} VFs (iavf, ${QUEUES} queues each); ${host.links.toLocaleString('en-US')} veth links in the benchmark namespace`);

    console.log(`\n### Warm ethtool cache (TTL 1h), ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} of fresh processes, ${SCRAPES} timed scrapes each\n`);
    const rows: ScrapeRow[] = [];
    const notes: string[] = [];
    const warmRuns: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const warm = await run(host, '1h', SCRAPES, round === 1 ? PROBED_SCRAPES : 0);
      warmRuns.push(warm);
      rows.push({ vfs: host.vfs, run: `warm, round ${round}`, exporter: warm.exporter, node: warm.node });
      const failed = warm.exporter.firstCollectors.failed;
      notes.push(
        `- round ${round}: collectors failing in the first scrape: ${failed.length ? failed.join(', ') : 'none'} (of ${warm.exporter.firstCollectors.total}); ` +
          `collectors of a scrape after the timed ones: ${collectorDurations(warm.body)}; background readiness run ${warm.readinessMs ?? '?'} ms`,
      );
    }
    console.log(scrapeTable(rows));
    console.log(`\n${notes.join('\n')}`);
    recordWarmFigures(warmRuns, host.vfs);
    const probedRun = warmRuns[0];
    if (PROBED_SCRAPES > 0 && probedRun) {
      console.log(`\n### Waits during scrapes: a small request every ${PROBE_INTERVAL_MS} ms to each server during ${PROBED_SCRAPES} more alternating scrapes of round 1\n`);
      console.log(stallTable(probedRun));
    }

    if (COLD_SCRAPES > 0) {
      console.log(`\n### Cold ethtool cache (TTL 0 s: ${host.vfs.toLocaleString('en-US')} ethtool runs per scrape), ${COLD_SCRAPES} timed scrapes\n`);
      const cold = await run(host, '0s', COLD_SCRAPES);
      console.log(scrapeTable([{ vfs: host.vfs, run: 'cold', exporter: cold.exporter, node: cold.node }]));
      console.log(`\n- collectors of a scrape after the timed ones: ${collectorDurations(cold.body)}`);
    }

    console.log('\n### Memory of the exporter\n');
    console.log('| condition | RSS MiB | scrape median ms |');
    console.log('|---|---:|---:|');
    rows.forEach((r, i) => console.log(`| after ${SCRAPES + 1 + WARMUP_ROUNDS} back-to-back scrapes, default settings (round ${i + 1}) | ${fixed(r.exporter.rss)} | ${fixed(quantile(r.exporter.times, 0.5))} |`));
    for (const nodeArgs of [['--max-semi-space-size=2'], ['--optimize-for-size']]) {
      const small = await memoryUnder(host, nodeArgs);
      console.log(`| after ${SCRAPES + 1 + WARMUP_ROUNDS} back-to-back scrapes, \`node ${nodeArgs.join(' ')}\` (the exporter alone) | ${fixed(small.rss)} | ${fixed(quantile(small.times, 0.5))} |`);
    }
    if (PACED_SCRAPES > 0) {
      const samples = await paced(host);
      samples.forEach((rss, i) => console.log(`| before scrape ${i + 2} of scrapes ${PACED_INTERVAL_S} s apart | ${fixed(rss)} | – |`));
    }

    console.log('\n### What veth links cannot carry, measured in-process\n');
    console.log(parsesTable(host));
  } finally {
    host.remove();
  }
}

await main();
