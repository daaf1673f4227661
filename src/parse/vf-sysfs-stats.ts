// Per-VF counters that out-of-tree drivers publish under <pf pci dev>/sriov/<N>/stats. Inbox drivers have
// neither form; the collector then uses netlink (ip-link-json.ts).
//
// (a) a FILE of "name<pad>: value" lines — MLNX_OFED mlx5 (sriov_sysfs.c, "%-14s: %llu": tx_packets
//     tx_bytes tx_dropped rx_packets rx_bytes rx_broadcast rx_multicast tx_broadcast tx_multicast
//     rx_dropped), Broadcom's out-of-tree bnxt_en (same names, rx_dropped right after rx_bytes) and ZTE's
//     zxdh (adds tx_error, rx_error). Order differs between drivers, so lines are matched by name only.
// (b) a DIRECTORY of one-number files — Intel's out-of-tree i40e/ice "VF-d" (kcompat_vfd.c: rx_bytes
//     rx_dropped rx_packets tx_bytes tx_dropped tx_packets tx_spoofed tx_errors, each "%llu\n"). The caller
//     reads the files (a file whose read fails, e.g. EOPNOTSUPP for an op the driver lacks, is left out)
//     and hands us name → content.
// Both give VfCounters, the shape ip-link-json.ts gives for netlink.

import { type ParseIssue, type Parsed, parseIssue } from '../fact.js';
import { type CounterSlot, type VfCounters, countersFromNamed, parseCounter } from './vf-counters.js';
import { cutOffIssue, splitCompleteLines } from './text-lines.js';

export interface VfSysfsStats {
  readonly counters: VfCounters;
  /** Every counter that parsed, known to VfCounters or not (tx_spoofed, future names). */
  readonly values: ReadonlyMap<string, number>;
  /** What was set aside; a cut-off last line is ESHORT. */
  readonly problems: readonly ParseIssue[];
}

/** Counter name → VfCounters slot; the singular *_error names are ZTE's. */
export const SYSFS_VF_STAT_SLOTS: Readonly<Record<string, CounterSlot>> = {
  rx_bytes: ['receive', 'bytes'],
  rx_packets: ['receive', 'packets'],
  rx_dropped: ['receive', 'dropped'],
  rx_broadcast: ['receive', 'broadcast'],
  rx_multicast: ['receive', 'multicast'],
  rx_errors: ['receive', 'errors'],
  rx_error: ['receive', 'errors'],
  tx_bytes: ['transmit', 'bytes'],
  tx_packets: ['transmit', 'packets'],
  tx_dropped: ['transmit', 'dropped'],
  tx_broadcast: ['transmit', 'broadcast'],
  tx_multicast: ['transmit', 'multicast'],
  tx_errors: ['transmit', 'errors'],
  tx_error: ['transmit', 'errors'],
};

const STATS_LINE = /^(\w+)\s*:\s*(\d+)$/;

/** (a) The sriov/<N>/stats file of MLNX_OFED / Broadcom / ZTE out-of-tree drivers. */
export function parseVfStatsFile(text: string): Parsed<VfSysfsStats> {
  const values = new Map<string, number>();
  const problems: ParseIssue[] = [];
  const { lines, cutOff } = splitCompleteLines(text);
  lines.forEach((raw, at) => {
    const line = raw.trim();
    if (line === '') return;
    const match = STATS_LINE.exec(line);
    const value = match ? parseCounter(match[2] as string) : undefined;
    if (!match || value === undefined) {
      problems.push(parseIssue('EPARSE', `line ${at + 1}: not "name : value": ${JSON.stringify(line.slice(0, 60))}; skipped`));
      return;
    }
    remember(values, match[1] as string, value, problems);
  });
  if (cutOff !== undefined) problems.push(cutOffIssue(cutOff));
  if (values.size === 0) return parseIssue('EPARSE', problems[0] ? `no counter lines (${problems[0].detail})` : 'empty stats file');
  return { counters: countersFromNamed(values, SYSFS_VF_STAT_SLOTS), values, problems };
}

/** (b) The sriov/<N>/stats/ directory of Intel's out-of-tree drivers: file name → file content. */
export function parseVfStatsDirectory(files: Readonly<Record<string, string>>): Parsed<VfSysfsStats> {
  const values = new Map<string, number>();
  const problems: ParseIssue[] = [];
  for (const [name, content] of Object.entries(files)) {
    const value = parseCounter(content);
    if (value === undefined) problems.push(parseIssue('EPARSE', `${name}: ${JSON.stringify(content.trim().slice(0, 40))} is not a counter; skipped`));
    else remember(values, name, value, problems);
  }
  if (values.size === 0) return parseIssue('EPARSE', problems[0] ? `no readable counter (${problems[0].detail})` : 'empty stats directory');
  return { counters: countersFromNamed(values, SYSFS_VF_STAT_SLOTS), values, problems };
}

function remember(values: Map<string, number>, name: string, value: number, problems: ParseIssue[]): void {
  if (values.has(name)) problems.push(parseIssue('EPARSE', `${name} repeated; kept the first`));
  else values.set(name, value);
}
