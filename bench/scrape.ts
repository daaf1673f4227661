// Scrape benchmark at 1,024 VFs: sriov-exporter against node_exporter's netclass collector over the same synthetic
// sysfs tree, in a private network namespace with a real veth link for each of the host's 1,040 netdevs, so that
// the exporter runs the real `ip -j -s -d link show` and the real `ethtool -S` (see support/netns.ts).
//
//   npm run bench:scrape                                  # the full run (a few minutes)
//   BENCH_ROUNDS=1 BENCH_SCRAPES=30 npm run bench:scrape  # quicker, noisier
//
// Both exporters are their own processes, scraped over the namespace's loopback one request at a time, alternating
// (support/scrape-table.ts). Printed as markdown: each round of fresh processes with a warm ethtool cache, a cold
// cache, memory under other V8 settings and with scrapes 15 s apart, and — measured in-process, since veth links
// carry neither — the parse of an `ip` output with SR-IOV vfinfo for 1,024 VFs and of 1,024 iavf `ethtool -S` outputs.

import { isIssue, issueReason } from '../src/fact.js';
import { parseEthtoolStats, extractQueueCounters } from '../src/parse/ethtool-stats.js';
import { parseIpLinkJson } from '../src/parse/ip-link-json.js';
import { iavfStats, ipLinkJson } from '../test/support/synthetic-commands.js';
import { makeBenchHost, VFS_PER_PF, type BenchHost } from './support/bench-host.js';
import { requirePrograms, scrapeOnce, startExporter, startNodeExporter, stopTarget, type Target } from './support/bench-targets.js';
import { enterBenchNamespace } from './support/netns.js';
import { rssMiB } from './support/proc-stats.js';
import { machineLine, measureScrapes, scrapeTable, type ScrapeCost, type ScrapeRow } from './support/scrape-table.js';
import { fixed, quantile } from './support/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 100);
const COLD_SCRAPES = Number(process.env.BENCH_COLD_SCRAPES ?? 3);
const QUEUES = 4;
const PFS = 16;
/** The paced run: this many scrapes this far apart (0 scrapes: skipped). */
const PACED_SCRAPES = Number(process.env.BENCH_PACED_SCRAPES ?? 6);
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

/** Fresh processes; the first scrape, one warm-up, then `scrapes` timed, alternating. */
async function run(host: BenchHost, ttl: string, scrapes: number, nodeArgs: readonly string[] = []): Promise<Run> {
  const targets: Target[] = [];
  try {
    targets.push(await startExporter(host, { ttl, nodeArgs }));
    targets.push(await startNodeExporter(host));
    const [exporter, node] = (await measureScrapes(targets, scrapes)) as [ScrapeCost, ScrapeCost];
    const target = targets[0] as Target;
    const body = (await scrapeOnce(target)).body;
    const readinessMs = Number(/"durationMs":(\d+),"msg":"readiness checks completed"/.exec(target.log())?.[1] ?? NaN);
    return { exporter, node, body, ...(Number.isNaN(readinessMs) ? {} : { readinessMs }) };
  } finally {
    for (const target of targets) await stopTarget(target);
  }
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

    console.log(`\n### Warm ethtool cache (TTL 1h), ${ROUNDS} rounds of fresh processes, ${SCRAPES} timed scrapes each\n`);
    const rows: ScrapeRow[] = [];
    const notes: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const warm = await run(host, '1h', SCRAPES);
      rows.push({ vfs: host.vfs, run: `warm, round ${round}`, exporter: warm.exporter, node: warm.node });
      notes.push(`- round ${round}: collectors of a scrape after the timed ones: ${collectorDurations(warm.body)}; background readiness run ${warm.readinessMs ?? '?'} ms`);
    }
    console.log(scrapeTable(rows));
    console.log(`\n${notes.join('\n')}`);

    console.log(`\n### Cold ethtool cache (TTL 0 s: ${host.vfs.toLocaleString('en-US')} ethtool runs per scrape), ${COLD_SCRAPES} timed scrapes\n`);
    const cold = await run(host, '0s', COLD_SCRAPES);
    console.log(scrapeTable([{ vfs: host.vfs, run: 'cold', exporter: cold.exporter, node: cold.node }]));
    console.log(`\n- collectors of a scrape after the timed ones: ${collectorDurations(cold.body)}`);

    console.log('\n### Memory of the exporter\n');
    console.log('| condition | RSS MiB | scrape median ms |');
    console.log('|---|---:|---:|');
    rows.forEach((r, i) => console.log(`| after ${SCRAPES + 2} back-to-back scrapes, default settings (round ${i + 1}) | ${fixed(r.exporter.rss)} | ${fixed(quantile(r.exporter.times, 0.5))} |`));
    for (const nodeArgs of [['--max-semi-space-size=2'], ['--optimize-for-size']]) {
      const small = await run(host, '1h', SCRAPES, nodeArgs);
      console.log(`| after ${SCRAPES + 2} back-to-back scrapes, \`node ${nodeArgs.join(' ')}\` | ${fixed(small.exporter.rss)} | ${fixed(quantile(small.exporter.times, 0.5))} |`);
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
