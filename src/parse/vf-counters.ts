// The one shape of traffic counters the vf_traffic collector handles, whichever source produced them:
// rtnetlink IFLA_VF_STATS (`ip -j -s -d link show`), an out-of-tree driver's sriov/<N>/stats file or
// directory, or a host netdev's line in /proc/net/dev. A counter the source does not have is absent
// (undefined) — never 0 — so the collector emits no series for it.
//
// Precision: counters are u64 in the kernel and `number` (a double) here. Every integer up to 2^53 − 1
// is exact; above that a value is the nearest double (relative error ≤ 2^-53, so rates are unaffected
// and rounding never makes a counter go backwards). Prometheus stores samples as float64 too, so keeping
// a BigInt here would buy nothing past the exposition. Note that a 100 Gb/s VF's byte counter passes
// 2^53 after about eight days at line rate: values that large are normal, not garbage.

export const COUNTER_DIRECTIONS = ['receive', 'transmit'] as const;
export type CounterDirection = (typeof COUNTER_DIRECTIONS)[number];

/** In metric-name order: sriov_vf_<direction>_<kind>[_packets]_total. */
export const COUNTER_KINDS = ['bytes', 'packets', 'dropped', 'broadcast', 'multicast', 'errors'] as const;
export type CounterKind = (typeof COUNTER_KINDS)[number];

export type DirectionCounters = { readonly [K in CounterKind]?: number };

export interface VfCounters {
  readonly receive: DirectionCounters;
  readonly transmit: DirectionCounters;
}

const U64_MAX = 18446744073709551615n;

/** A u64 counter as printed by the kernel or a tool ("%llu"): decimal digits only. */
export function parseCounter(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,20}$/.test(trimmed)) return undefined;
  if (trimmed.length === 20 && BigInt(trimmed) > U64_MAX) return undefined;
  return Number(trimmed);
}

/** A u64 counter that JSON.parse already turned into a number: a non-negative integer within u64. */
export function counterFromJson(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > Number(U64_MAX)) return undefined;
  return value;
}

/** Where a source's counter name lands in VfCounters. */
export type CounterSlot = readonly [CounterDirection, CounterKind];

/**
 * Builds VfCounters from name → value pairs through a table of names; names the table does not know
 * are left out. The table is the one place that says which field is receive and which is transmit.
 */
export function countersFromNamed(
  values: Iterable<readonly [string, number]>,
  slots: Readonly<Record<string, CounterSlot>>,
): VfCounters {
  const receive: Partial<Record<CounterKind, number>> = {};
  const transmit: Partial<Record<CounterKind, number>> = {};
  for (const [name, value] of values) {
    const slot = Object.hasOwn(slots, name) ? slots[name] : undefined;
    if (slot === undefined) continue;
    (slot[0] === 'receive' ? receive : transmit)[slot[1]] = value;
  }
  return { receive, transmit };
}

/** True when no counter at all is known (e.g. a stats object that held nothing we recognise). */
export function hasNoCounters(counters: VfCounters): boolean {
  return Object.keys(counters.receive).length === 0 && Object.keys(counters.transmit).length === 0;
}
