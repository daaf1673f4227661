// One way to measure scrapes and one table layout for them, used by every scrape benchmark at every size, so that
// rows compare. Each row is one run: fresh processes, their first scrape timed on its own (the exporter's fills
// its ethtool cache), a warm-up, then timed scrapes alternating between the targets so that load from elsewhere on
// the machine falls on both alike. A new measure is a new field of ScrapeCost and a new column in COLUMNS.

import * as os from 'node:os';
import { cpuTimes, readCalls, rssMiB } from './proc-stats.js';
import { collectorStatus, scrapeOnce, seriesCount, type Target } from './bench-targets.js';
import { startProber } from './prober.js';
import { fixed, quantile } from './stats.js';

export interface ScrapeCost {
  /** The first scrape after start, ms. */
  readonly first: number;
  /** The collectors that first scrape reported, and those of them that failed. */
  readonly firstCollectors: { readonly total: number; readonly failed: readonly string[] };
  /** Wall time of each timed scrape, ms. */
  readonly times: readonly number[];
  /** CPU per timed scrape, ms: the process's own, and its children's, waited for or still running (the exporter's ip and ethtool). */
  readonly cpuOwn: number;
  readonly cpuChildren: number;
  /** read() calls per timed scrape (/proc/PID/io syscr). */
  readonly reads: number;
  /** Resident memory after the timed scrapes, MiB. */
  readonly rss: number;
  /** Samples in the last scrape's body. */
  readonly series: number;
  /** The longest event-loop delay the process published itself during the timed scrapes (prom-client's
   *  nodejs_eventloop_lag_max_seconds), ms; NaN when it publishes none. */
  readonly ownLoopMax: number;
  /** Latencies of the small requests probed during the probed scrapes (prober.ts), ms; empty without them. */
  readonly probes: readonly number[];
}

export interface MeasureOptions {
  /** Untimed rounds after the exporter has settled (default WARMUP_ROUNDS). */
  readonly warmup?: number;
  /** Scrapes after the timed ones, alternating as well, during which a prober sends small requests (default 0). */
  readonly probedScrapes?: number;
}

async function alternate(targets: readonly Target[], rounds: number, each: (n: number, result: { ms: number; body: string }) => void): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (const [n, target] of targets.entries()) each(n, await scrapeOnce(target));
  }
}

// Rounds that let V8 optimise the scrape path before the timed ones: the steady state of a long-running exporter.
export const WARMUP_ROUNDS = 20;

/**
 * Scrapes `targets`: the first scrape of each, then — once each has settled (the exporter's start-up readiness
 * run and vf_queues warm-up done, so that their CPU does not count as a scrape's) — `warmup` untimed rounds and
 * `scrapes` timed rounds in turn; CPU, reads and RSS are taken around the timed ones alone. Then the probed rounds,
 * when asked for.
 */
export async function measureScrapes(targets: readonly Target[], scrapes: number, options: MeasureOptions = {}): Promise<ScrapeCost[]> {
  const first: { ms: number; body: string }[] = [];
  for (const target of targets) first.push(await scrapeOnce(target));
  for (const target of targets) await target.settle();
  await alternate(targets, options.warmup ?? WARMUP_ROUNDS, () => undefined);
  const before = targets.map((t) => ({ cpu: cpuTimes(t.pid), reads: readCalls(t.pid) }));
  const times = targets.map(() => [] as number[]);
  const bodies = targets.map(() => '');
  const loopMax = targets.map(() => NaN);
  await alternate(targets, scrapes, (n, { ms, body }) => {
    times[n]?.push(ms);
    bodies[n] = body;
    const lag = /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(body)?.[1];
    if (lag !== undefined) loopMax[n] = Math.max(Number(lag) * 1000, Number.isNaN(loopMax[n] as number) ? 0 : (loopMax[n] as number));
  });
  const after = targets.map((t) => ({ cpu: cpuTimes(t.pid), reads: readCalls(t.pid), rss: rssMiB(t.pid) }));
  const probes: readonly (readonly number[])[] = options.probedScrapes ? await probed(targets, options.probedScrapes) : targets.map(() => []);
  return targets.map((_, n) => {
    const was = before[n] as (typeof before)[number];
    const now = after[n] as (typeof after)[number];
    const firstScrape = first[n] as { ms: number; body: string };
    return {
      first: firstScrape.ms,
      firstCollectors: collectorStatus(firstScrape.body),
      times: times[n] as number[],
      cpuOwn: (now.cpu.own - was.cpu.own) / scrapes,
      cpuChildren: (now.cpu.children - was.cpu.children) / scrapes,
      reads: (now.reads - was.reads) / scrapes,
      rss: now.rss,
      series: seriesCount(bodies[n] as string),
      ownLoopMax: loopMax[n] as number,
      probes: probes[n] ?? [],
    };
  });
}

/** `rounds` alternating scrapes with every target's small request probed meanwhile; the probes' latencies. */
async function probed(targets: readonly Target[], rounds: number): Promise<number[][]> {
  const stop = startProber(targets.map((t) => t.probeUrl));
  // The prober is stopped whether the scrapes succeed or not; their error, if any, is thrown after.
  const failure: unknown = await alternate(targets, rounds, () => undefined).then(() => undefined, (error: unknown) => error ?? new Error('scrape failed'));
  const results = await stop();
  if (failure !== undefined) throw failure;
  for (const [n, r] of results.entries()) if (r.errors > 0) console.error(`bench: ${r.errors} probes of ${targets[n]?.name} got no answer`);
  return results.map((r) => [...r.latencies]);
}

export interface ScrapeRow {
  readonly vfs: number;
  /** What distinguishes this row: the round, the cache setting. */
  readonly run: string;
  readonly exporter: ScrapeCost;
  readonly node: ScrapeCost;
}

const ms = (x: number) => fixed(x);
const pair = (e: number, n: number, f: (x: number) => string = ms) => `${f(e)} / ${f(n)}`;
const withRatio = (e: number, n: number) => `${ms(e)} / ${ms(n)} (${fixed(e / n, 2)})`;
const q = (c: ScrapeCost, p: number) => quantile(c.times, p);

/** The columns of every scrape table: heading and cell. sriov-exporter first, node_exporter second in each cell. */
const COLUMNS: readonly { readonly heading: string; readonly cell: (r: ScrapeRow) => string }[] = [
  { heading: 'VFs', cell: (r) => r.vfs.toLocaleString('en-US') },
  { heading: 'run', cell: (r) => r.run },
  { heading: 'timed scrapes', cell: (r) => String(r.exporter.times.length) },
  { heading: 'series', cell: (r) => pair(r.exporter.series, r.node.series, (x) => x.toLocaleString('en-US')) },
  { heading: 'first scrape ms', cell: (r) => pair(r.exporter.first, r.node.first) },
  { heading: 'median ms (ratio)', cell: (r) => withRatio(q(r.exporter, 0.5), q(r.node, 0.5)) },
  { heading: 'p90 ms (ratio)', cell: (r) => withRatio(q(r.exporter, 0.9), q(r.node, 0.9)) },
  { heading: 'max ms (ratio)', cell: (r) => withRatio(q(r.exporter, 1), q(r.node, 1)) },
  { heading: 'CPU ms/scrape: own + ip/ethtool', cell: (r) => `${ms(r.exporter.cpuOwn)} + ${ms(r.exporter.cpuChildren)} / ${ms(r.node.cpuOwn + r.node.cpuChildren)}` },
  { heading: 'RSS MiB after', cell: (r) => pair(r.exporter.rss, r.node.rss) },
  { heading: 'read calls/scrape', cell: (r) => pair(r.exporter.reads, r.node.reads, (x) => fixed(x, 0)) },
];

/** A markdown table of scrape rows, each cell "sriov-exporter / node_exporter". */
export function scrapeTable(rows: readonly ScrapeRow[]): string {
  return [
    `| ${COLUMNS.map((c) => c.heading).join(' | ')} |`,
    `|${COLUMNS.map((c, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${COLUMNS.map((c) => c.cell(r)).join(' | ')} |`),
  ].join('\n');
}

/** The line every benchmark prints first: where and when it ran. */
export function machineLine(name: string): string {
  return `${name}: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}
