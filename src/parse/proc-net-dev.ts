// /proc/net/dev → VfCounters for every netdev of the namespace in one read (net/core/net-procfs.c,
// dev_seq_printf_stats). Two header lines, then "%6s: %7llu %7llu …" — 16 columns:
//   receive  bytes packets errs drop fifo frame compressed multicast
//   transmit bytes packets errs drop fifo colls carrier compressed
// Old kernels printed "%6s:%8lu", so a long name or a wide number leaves no space after the colon
// ("eth0:123456789 …"); names cannot contain ':' (dev_valid_name), so the first colon ends the name.
// Column meanings differ from sysfs statistics/: "drop" is rx_dropped + rx_missed_errors, "frame" sums
// length/over/crc/frame errors, "carrier" sums carrier/aborted/window/heartbeat errors. Only bytes,
// packets, errs, drop and multicast map to VfCounters; this file has no broadcast counts.

import { type ParseIssue, type Parsed, parseIssue } from '../fact.js';
import { type CounterSlot, type VfCounters, countersFromNamed, parseCounter } from './vf-counters.js';
import { cutOffIssue, splitCompleteLines } from './text-lines.js';

export interface ProcNetDev {
  /** netdev name → counters, in file order. */
  readonly netdevs: ReadonlyMap<string, VfCounters>;
  /** Lines that were set aside; a cut-off last line is ESHORT. */
  readonly problems: readonly ParseIssue[];
}

const COLUMNS = [
  'rx_bytes', 'rx_packets', 'rx_errs', 'rx_drop', 'rx_fifo', 'rx_frame', 'rx_compressed', 'rx_multicast',
  'tx_bytes', 'tx_packets', 'tx_errs', 'tx_drop', 'tx_fifo', 'tx_colls', 'tx_carrier', 'tx_compressed',
] as const;

export const PROC_NET_DEV_SLOTS: Readonly<Record<string, CounterSlot>> = {
  rx_bytes: ['receive', 'bytes'],
  rx_packets: ['receive', 'packets'],
  rx_errs: ['receive', 'errors'],
  rx_drop: ['receive', 'dropped'],
  rx_multicast: ['receive', 'multicast'],
  tx_bytes: ['transmit', 'bytes'],
  tx_packets: ['transmit', 'packets'],
  tx_errs: ['transmit', 'errors'],
  tx_drop: ['transmit', 'dropped'],
};

export function parseProcNetDev(text: string): Parsed<ProcNetDev> {
  const { lines, cutOff } = splitCompleteLines(text);
  if (!(lines[0] ?? '').startsWith('Inter-|') || !(lines[1] ?? '').includes('face |')) {
    return parseIssue('EPARSE', `not /proc/net/dev: first line ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`);
  }
  const netdevs = new Map<string, VfCounters>();
  const problems: ParseIssue[] = [];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim();
    const fields = colon === -1 ? [] : line.slice(colon + 1).trim().split(/\s+/);
    const values = fields.map(parseCounter);
    if (name === '' || values.length !== COLUMNS.length || values.includes(undefined)) {
      problems.push(parseIssue('EPARSE', `line ${i + 1}: expected "name: ${COLUMNS.length} counters": ${JSON.stringify(line.trim().slice(0, 60))}; skipped`));
    } else if (netdevs.has(name)) {
      problems.push(parseIssue('EPARSE', `line ${i + 1}: ${name} repeated; kept the first`));
    } else {
      const named = COLUMNS.map((column, at) => [column, values[at] as number] as const);
      netdevs.set(name, countersFromNamed(named, PROC_NET_DEV_SLOTS));
    }
  }
  if (cutOff !== undefined) problems.push(cutOffIssue(cutOff));
  return { netdevs, problems };
}
