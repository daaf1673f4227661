// The targets of issue 16, in one table, and the summary `npm run bench` ends with: one row per target (and per
// size where a target holds at several), ours beside the peer measured in the same sitting, the ratio, the target
// and whether it is met. The figures come from the benchmarks themselves (figures.ts); nothing is measured here.

import type { Figure } from './figures.js';
import { fixed } from './stats.js';

export const SCRAPE_SIZES = ['64 VFs', '256 VFs', '1,024 VFs', '4,096 VFs'] as const;

export interface IssueTarget {
  readonly what: string;
  readonly unit: 'ms' | 'MiB' | 'calls' | 'opens/VF' | 'collectors';
  /** What the limit applies to: ours divided by the peer's, or ours alone. */
  readonly on: 'ratio' | 'ours';
  /** The upper limit (inclusive); none for a figure shown only beside the others. */
  readonly limit?: number;
  /** The points where the target holds, each a row; one row without. */
  readonly points?: readonly string[];
  /** The peer when it is not node_exporter's netclass collector. */
  readonly peer?: string;
}

export const ISSUE_TARGETS = {
  'scrape-median': { what: 'scrape median', unit: 'ms', on: 'ratio', limit: 0.5, points: SCRAPE_SIZES },
  'scrape-cpu': { what: 'CPU per scrape (own + ip/ethtool children)', unit: 'ms', on: 'ratio', limit: 0.5, points: SCRAPE_SIZES },
  'rss-after-scrapes': { what: 'RSS after 100 back-to-back scrapes, 1,024 VFs', unit: 'MiB', on: 'ours', limit: 80 },
  'rss-idle-start': { what: 'idle RSS after start, before any scrape, 1,024 VFs', unit: 'MiB', on: 'ours', limit: 55 },
  'rss-idle-after': { what: 'idle RSS after the scrapes stop, 1,024 VFs', unit: 'MiB', on: 'ours', limit: 55 },
  'rss-peak-load': { what: 'peak RSS, 50 concurrent scrapers, 1,024 VFs', unit: 'MiB', on: 'ours', limit: 120 },
  'first-scrape': { what: 'first scrape after start, 1,024 VF netdevs', unit: 'ms', on: 'ours', limit: 1000 },
  'first-scrape-failures': { what: 'collectors failing in that first scrape', unit: 'collectors', on: 'ours', limit: 0 },
  stall: { what: 'longest /healthz wait during scrapes (event-loop stall), 1,024 VFs', unit: 'ms', on: 'ours', limit: 20 },
  'check-run': { what: 'sriov-check whole run, 16 × 64 tree', unit: 'ms', on: 'ratio', limit: 1, peer: 'lspci -vvv' },
  'check-openat': { what: 'sriov-check system calls: openat', unit: 'calls', on: 'ours', peer: 'lspci -vvv' },
  'check-readlink': { what: 'sriov-check system calls: readlink(at)', unit: 'calls', on: 'ours', peer: 'lspci -vvv' },
  'check-statx': { what: 'sriov-check system calls: statx (and other stat by path)', unit: 'calls', on: 'ours', peer: 'lspci -vvv' },
  'check-syscalls': { what: 'sriov-check system calls: all', unit: 'calls', on: 'ours', peer: 'lspci -vvv' },
  'check-opens-per-vf': { what: 'sriov-check opens per VF (openat ÷ 1,024 VFs)', unit: 'opens/VF', on: 'ours', limit: 3, peer: 'lspci -vvv' },
} as const satisfies Record<string, IssueTarget>;

export type TargetId = keyof typeof ISSUE_TARGETS;

const DIGITS: Record<IssueTarget['unit'], number> = { ms: 1, MiB: 1, calls: 0, 'opens/VF': 2, collectors: 0 };

function value(target: IssueTarget, x: number | undefined, text: string | undefined): string {
  if (text !== undefined) return text;
  return x === undefined ? '–' : `${fixed(x, DIGITS[target.unit])} ${target.unit}`;
}

function limitText(target: IssueTarget): string {
  if (target.limit === undefined) return '–';
  return target.on === 'ratio' ? `≤ ${target.limit}×` : `≤ ${target.limit} ${target.unit}`;
}

/** One row of the summary: what, ours, peer, ratio, target, met. */
export function summaryRow(target: IssueTarget, at: string | undefined, figure: Figure | undefined): string[] {
  const what = at === undefined ? target.what : `${target.what}, ${at}`;
  if (figure === undefined) return [what, 'not measured', '–', '–', limitText(target), '–'];
  const ratio = figure.peer === undefined || figure.peer === 0 ? undefined : figure.ours / figure.peer;
  const judged = target.on === 'ratio' ? ratio : figure.ours;
  const met = target.limit === undefined ? '–' : judged === undefined || !Number.isFinite(judged) ? '?' : judged <= target.limit ? 'yes' : 'no';
  const peer = value(target, figure.peer, figure.peerText);
  return [
    what,
    value(target, figure.ours, figure.oursText),
    target.peer !== undefined && peer !== '–' ? `${peer} (${target.peer})` : peer,
    ratio === undefined || !Number.isFinite(ratio) ? '–' : `${fixed(ratio, 2)}×`,
    limitText(target),
    met,
  ];
}

/** The summary table over the figures of one run: every target, in the order of ISSUE_TARGETS. */
export function summaryTable(figures: readonly Figure[]): string {
  const rows: string[][] = [];
  for (const [id, target] of Object.entries(ISSUE_TARGETS) as [TargetId, IssueTarget][]) {
    const mine = figures.filter((f) => f.target === id);
    const points: readonly (string | undefined)[] = target.points ?? [undefined];
    for (const at of points) rows.push(summaryRow(target, at, mine.find((f) => f.at === at)));
  }
  return [
    '| what | ours | peer | ratio | target | met |',
    '|---|---:|---:|---:|---:|---|',
    ...rows.map((cells) => `| ${cells.join(' | ')} |`),
  ].join('\n');
}
