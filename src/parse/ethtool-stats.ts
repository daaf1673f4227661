// `ethtool -S <netdev>` → a map of counter name → value, and the per-queue packet/byte counters in it.
//
// ethtool prints "NIC statistics:" and then one "     %.*s: %llu" line per counter (ethtool.c do_gstats).
// A name may itself contain ": " (bnxt_en prints "[0]: rx_ucast_packets"), so the value is what follows
// the LAST ": ". Which names are per-queue counters depends on the driver (`ethtool -i`), one row of
// QUEUE_NAMINGS per family; the queue number goes into a record field, never into a metric name.
// Sources, read in the kernel tree:
//   iavf/i40evf/i40e  "tx-%u.packets" "tx-%u.bytes" "rx-%u.…"  (iavf_ethtool.c; new iavf interleaves tx-0,
//                     rx-0, tx-1…, older lists all tx first). Before 2018 i40e/i40evf wrote "tx-%u.tx_packets".
//   ixgbe/ixgbevf     "tx_queue_%u_packets" "…_bytes", then rx_queue_…; "xdp_queue_%u_…" are not netdev queues.
//   ice               the same names as ixgbe since "ice: Format ethtool reported stats" (netdev, 2019-05-23);
//                     before that "tx-queue-%u.tx_packets" / "rx-queue-%u.rx_bytes". Port representors print
//                     no queue counters; an E810 VF runs iavf, not ice.
//   mlx5_core         "rx%d_packets" "rx%d_bytes" "tx%d_…" (channel stats). Not rx_packets_phy, rx_vport_*,
//                     rx_prio0_*, ch%d_*, rx%d_xdp_* or ptp_*: only the exact names count.
//   bnxt_en           per completion ring "[%d]: rx_ucast_packets" … "[%d]: tx_bcast_bytes" (bnxt_ethtool.c);
//                     see bnxtRings for how rings become queues and ucast/mcast/bcast become packets.
//   virtio_net        "rx_queue_%u_packets"/"_bytes" until 2024; since "virtio_net: remove "_queue" from
//                     ethtool -S" the names are rx%u_drops, rx%u_kicks… and packets/bytes are gone from
//                     ethtool (queue stats moved to netdev netlink). A modern virtio_net gives no records —
//                     rather none than rx0_xdp_packets mistaken for packets.

import { type ParseIssue, type Parsed, parseIssue } from '../fact.js';
import { parseCounter } from './vf-counters.js';
import { cutOffIssue, splitCompleteLines } from './text-lines.js';

export interface EthtoolStats {
  readonly values: ReadonlyMap<string, number>;
  /** Lines that were set aside; a cut-off last line is ESHORT. */
  readonly problems: readonly ParseIssue[];
}

export type QueueDirection = 'receive' | 'transmit';

export interface QueueCounters {
  readonly direction: QueueDirection;
  readonly queue: number;
  readonly packets?: number;
  readonly bytes?: number;
}

const HEADER = 'NIC statistics:';

export function parseEthtoolStats(text: string): Parsed<EthtoolStats> {
  const { lines, cutOff } = splitCompleteLines(text);
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return cutOff === undefined ? parseIssue('EPARSE', 'empty output') : cutOffIssue(cutOff);
  const header = (lines[first] as string).trim();
  if (header !== HEADER) {
    return parseIssue('EPARSE', `expected "${HEADER}", found ${JSON.stringify(header.slice(0, 60))}`);
  }
  const values = new Map<string, number>();
  const problems: ParseIssue[] = [];
  for (let i = first + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const cut = line.lastIndexOf(': ');
    const name = cut === -1 ? '' : line.slice(0, cut).trim();
    const value = cut === -1 ? undefined : parseCounter(line.slice(cut + 2));
    if (name === '' || value === undefined) {
      problems.push(parseIssue('EPARSE', `line ${i + 1}: not "name: value": ${JSON.stringify(line.trim().slice(0, 60))}; skipped`));
    } else if (values.has(name)) {
      // Some drivers do print a name twice; the first is as good a guess as the second.
      problems.push(parseIssue('EPARSE', `line ${i + 1}: ${name} repeated; kept the first`));
    } else {
      values.set(name, value);
    }
  }
  if (cutOff !== undefined) problems.push(cutOffIssue(cutOff));
  return { values, problems };
}

interface QueueNaming {
  readonly name: string;
  /** `driver:` of `ethtool -i`. */
  readonly drivers: readonly string[];
  readonly extract: (values: ReadonlyMap<string, number>) => QueueCounters[];
}

// Named groups: dir (tx|rx), queue (digits), field (packets|bytes). \k<dir> ties "tx-0.tx_packets" together.
const DASH_DOT = /^(?<dir>tx|rx)-(?<queue>\d+)\.(?<field>packets|bytes)$/;
const DASH_DOT_OLD = /^(?<dir>tx|rx)-(?<queue>\d+)\.\k<dir>_(?<field>packets|bytes)$/;
const UNDERSCORE_QUEUE = /^(?<dir>tx|rx)_queue_(?<queue>\d+)_(?<field>packets|bytes)$/;
const ICE_OLD = /^(?<dir>tx|rx)-queue-(?<queue>\d+)\.\k<dir>_(?<field>packets|bytes)$/;
const MLX5_CHANNEL = /^(?<dir>tx|rx)(?<queue>\d+)_(?<field>packets|bytes)$/;

/** One row per naming family; a driver not listed has no known per-queue counters. */
export const QUEUE_NAMINGS: readonly QueueNaming[] = [
  { name: 'intel-dash-dot', drivers: ['iavf', 'i40evf', 'i40e'], extract: byPatterns([DASH_DOT, DASH_DOT_OLD]) },
  { name: 'ixgbe', drivers: ['ixgbevf', 'ixgbe'], extract: byPatterns([UNDERSCORE_QUEUE]) },
  { name: 'ice', drivers: ['ice'], extract: byPatterns([UNDERSCORE_QUEUE, ICE_OLD]) },
  { name: 'mlx5', drivers: ['mlx5_core'], extract: byPatterns([MLX5_CHANNEL]) },
  { name: 'bnxt', drivers: ['bnxt_en'], extract: bnxtRings },
  { name: 'virtio', drivers: ['virtio_net'], extract: byPatterns([UNDERSCORE_QUEUE]) },
];

/** The naming family for a driver, or undefined when we do not know where its queue counters are. */
export function queueNamingOf(driver: string): string | undefined {
  return QUEUE_NAMINGS.find((naming) => naming.drivers.includes(driver))?.name;
}

/** Per-queue counters of `ethtool -S`, sorted receive before transmit, then by queue. Unknown driver: []. */
export function extractQueueCounters(values: ReadonlyMap<string, number>, driver: string): QueueCounters[] {
  const naming = QUEUE_NAMINGS.find((row) => row.drivers.includes(driver));
  return naming === undefined ? [] : sortQueues(naming.extract(values));
}

function byPatterns(patterns: readonly RegExp[]): (values: ReadonlyMap<string, number>) => QueueCounters[] {
  return (values) => {
    const queues = new QueueTable();
    for (const [name, value] of values) {
      for (const pattern of patterns) {
        const groups = pattern.exec(name)?.groups;
        if (groups === undefined) continue;
        const queue = Number(groups.queue);
        if (Number.isSafeInteger(queue)) queues.set(direction(groups.dir), queue, groups.field as 'packets' | 'bytes', value);
        break;
      }
    }
    return queues.records();
  };
}

const BNXT_RING = /^\[(?<ring>\d+)\]: (?<dir>rx|tx)_(?<cast>ucast|mcast|bcast)_(?<field>packets|bytes)$/;

/**
 * bnxt_en counts per completion ring and splits each direction into unicast, multicast and broadcast.
 * Packets (bytes) of a queue = ucast + mcast + bcast, as bnxt's own ndo_get_stats64 adds them; a queue
 * missing any of the three parts gets no packets (bytes) rather than a partial sum.
 * Rings → queues (is_rx_ring/is_tx_ring in bnxt_ethtool.c): with shared rings (combined channels) ring i
 * holds rx queue i and tx queue i; with separate rx/tx channels rings 0..R-1 are rx queues and rings
 * R..R+T-1 are tx queues 0..T-1. We detect the second layout by the first tx ring having no rx counters.
 * (With XDP attached bnxt adds XDP tx rings; their queue numbers are ring positions, not netdev txqs.)
 */
function bnxtRings(values: ReadonlyMap<string, number>): QueueCounters[] {
  const parts = new Map<string, Map<string, number>>(); // "rx:3:packets" → cast → value
  const rings: Record<'rx' | 'tx', Set<number>> = { rx: new Set(), tx: new Set() };
  for (const [name, value] of values) {
    const groups = BNXT_RING.exec(name)?.groups;
    if (groups === undefined) continue;
    const ring = Number(groups.ring);
    const side = groups.dir as 'rx' | 'tx';
    rings[side].add(ring);
    const key = `${side}:${ring}:${groups.field}`;
    const casts = parts.get(key) ?? new Map<string, number>();
    casts.set(groups.cast as string, value);
    parts.set(key, casts);
  }
  const firstTx = Math.min(...rings.tx);
  const txBase = rings.tx.size > 0 && !rings.rx.has(firstTx) ? firstTx : 0;
  const queues = new QueueTable();
  for (const [key, casts] of parts) {
    const [side, ring, field] = key.split(':') as ['rx' | 'tx', string, 'packets' | 'bytes'];
    if (casts.size !== 3) continue;
    const total = [...casts.values()].reduce((sum, part) => sum + part, 0);
    const queue = side === 'tx' ? Number(ring) - txBase : Number(ring);
    queues.set(direction(side), queue, field, total);
  }
  return queues.records();
}

class QueueTable {
  private readonly rows = new Map<string, { direction: QueueDirection; queue: number; packets?: number; bytes?: number }>();

  set(dir: QueueDirection, queue: number, field: 'packets' | 'bytes', value: number): void {
    const key = `${dir}:${queue}`;
    const row = this.rows.get(key) ?? { direction: dir, queue };
    row[field] = value;
    this.rows.set(key, row);
  }

  records(): QueueCounters[] {
    return [...this.rows.values()];
  }
}

function direction(text: string | undefined): QueueDirection {
  return text === 'rx' ? 'receive' : 'transmit';
}

function sortQueues(queues: QueueCounters[]): QueueCounters[] {
  return queues.sort((a, b) =>
    a.direction === b.direction ? a.queue - b.queue : a.direction === 'receive' ? -1 : 1,
  );
}
