// One way to measure scrapes and one table layout for them, used by every scrape benchmark at every size, so that
// rows compare. Each row is one run: fresh processes, their first scrape timed on its own (the exporter's fills
// its ethtool cache), a warm-up, then timed scrapes alternating between the targets so that load from elsewhere on
// the machine falls on both alike. A new measure is a new field of ScrapeCost and a new column in COLUMNS.

import * as os from 'node:os';
import { cpuTimes, readCalls, rssMiB } from './proc-stats.js';
import { scrapeOnce, seriesCount, type Target } from './bench-targets.js';
import { fixed, quantile } from './stats.js';

export interface ScrapeCost {
  /** The first scrape after start, ms. */
  readonly first: number;
  /** Wall time of each timed scrape, ms. */
  readonly times: readonly number[];
  /** CPU per timed scrape, ms: the process's own, and its waited-for children's (the exporter's ip and ethtool runs). */
  readonly cpuOwn: number;
  readonly cpuChildren: number;
  /** read() calls per timed scrape (/proc/PID/io syscr). */
  readonly reads: number;
  /** Resident memory after all scrapes, MiB. */
  readonly rss: number;
  /** Samples in the last scrape's body. */
  readonly series: number;
}

/** Scrapes `targets`: the first scrape of each, `warmup` untimed ones, then `scrapes` timed rounds in turn. */
export async function measureScrapes(targets: readonly Target[], scrapes: number, warmup = 1): Promise<ScrapeCost[]> {
  const first: number[] = [];
  for (const target of targets) first.push((await scrapeOnce(target)).ms);
  for (const target of targets) for (let i = 0; i < warmup; i++) await scrapeOnce(target);
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
      first: first[n] as number,
      times: times[n] as number[],
      cpuOwn: (cpu.own - was.cpu.own) / scrapes,
      cpuChildren: (cpu.children - was.cpu.children) / scrapes,
      reads: (readCalls(t.pid) - was.reads) / scrapes,
      rss: rssMiB(t.pid),
      series: seriesCount(bodies[n] as string),
    };
  });
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
