// `ip -j -s -d link show` (all links, one JSON array) → the PFs among them and each VF as the PF sees it
// (rtnetlink IFLA_VFINFO_LIST). Pure and total: garbage gives a ParseIssue with a short cause, odd entries
// are skipped and named in `problems`.
//
// Keys are the ones iproute2's print_vfinfo()/print_vf_stats64() write (ip/ipaddress.c):
//   vf, address (iproute2 ≥ 5.3; "mac" before), vlan_list[{vlan, qos, protocol}] (each key only when
//   non-zero / not 802.1Q, so {} is vlan 0) or flat vlan/qos (kernels without IFLA_VF_VLAN_LIST),
//   tx_rate (legacy, only when non-zero), rate{max_tx, min_tx}, spoofchk, link_state, trust, query_rss_en,
//   stats{rx{bytes, packets, multicast, broadcast, dropped}, tx{tx_bytes, tx_packets, dropped}}.
// The stats keys are asymmetric. rx.dropped is IFLA_VF_STATS_RX_DROPPED (7) and tx.dropped is
// IFLA_VF_STATS_TX_DROPPED (8); vishvananda/netlink#870 swaps them, we must not. "dropped" exists only
// with iproute2 ≥ 4.19 on kernels ≥ 4.19; without it the fields stay undefined, never 0.
//
// Big numbers: Node 20's JSON.parse has no reviver `context.source` (V8 11.3; it arrives with Node 21),
// so the raw digits of a counter are not available. JSON.parse rounds a literal above 2^53 to the nearest
// double — the same value Prometheus will store — see vf-counters.ts. We accept such values rather than
// rejecting them: a busy VF's byte counter exceeds 2^53 within days.

import { type ParseIssue, type Parsed, parseIssue } from '../fact.js';
import { type CounterSlot, type VfCounters, counterFromJson, countersFromNamed } from './vf-counters.js';
import { normalizePciAddress, parseMac } from './sysfs-values.js';

export type VfLinkState = 'auto' | 'enable' | 'disable';

export interface VfVlan {
  readonly id: number;
  readonly qos: number;
  /** "802.1Q" unless iproute2 printed another protocol (e.g. "802.1ad"). */
  readonly protocol: string;
}

export interface IpLinkVf {
  readonly vf: number;
  readonly mac?: string;
  /** Undefined only when the entry held a vlan we could not read (named in problems). */
  readonly vlan?: VfVlan;
  /** Legacy IFLA_VF_TX_RATE in Mb/s; iproute2 omits it when 0, so absence reads as 0. */
  readonly txRateMbps: number;
  /** IFLA_VF_RATE in Mb/s, 0 = no limit; undefined on kernels that do not report it. */
  readonly maxTxRateMbps?: number;
  readonly minTxRateMbps?: number;
  /** Undefined when the driver reports -1 (iproute2 then omits the key). */
  readonly spoofCheck?: boolean;
  readonly trust?: boolean;
  readonly linkState?: VfLinkState;
  readonly queryRss?: boolean;
  /** Undefined without `-s` or when the kernel sent no IFLA_VF_STATS. */
  readonly counters?: VfCounters;
}

export interface IpLinkPf {
  readonly ifname: string;
  readonly ifindex: number;
  readonly operstate?: string;
  /** parentdev when parentbus is "pci" (needs `-d`). */
  readonly pciAddress?: string;
  readonly vfs: readonly IpLinkVf[];
}

export interface IpLinkTable {
  readonly pfs: readonly IpLinkPf[];
  /** operstate of every link by name, lowercased as sysfs writes it (VF netdevs included). */
  readonly operstates: ReadonlyMap<string, string>;
  /** Odd entries, each skipped alone. */
  readonly problems: readonly ParseIssue[];
}

/** stats.<rx|tx>.<key> → where it lands. The only place that decides receive vs transmit. */
export const VF_STATS_SLOTS: Readonly<Record<string, CounterSlot>> = {
  'rx.bytes': ['receive', 'bytes'],
  'rx.packets': ['receive', 'packets'],
  'rx.multicast': ['receive', 'multicast'],
  'rx.broadcast': ['receive', 'broadcast'],
  'rx.dropped': ['receive', 'dropped'],
  'tx.tx_bytes': ['transmit', 'bytes'],
  'tx.tx_packets': ['transmit', 'packets'],
  'tx.dropped': ['transmit', 'dropped'],
};

const LINK_STATES: readonly string[] = ['auto', 'enable', 'disable'];

type JsonObject = Record<string, unknown>;

export function parseIpLinkJson(text: string): Parsed<IpLinkTable> {
  let links: unknown;
  try {
    links = JSON.parse(text);
  } catch (error) {
    return parseIssue('EPARSE', `invalid JSON: ${shorten((error as Error).message)}`);
  }
  if (!Array.isArray(links)) return parseIssue('EPARSE', `expected a JSON array of links, found ${describe(links)}`);

  const problems = new Problems();
  const pfs: IpLinkPf[] = [];
  const operstates = new Map<string, string>();
  links.forEach((link, position) => {
    if (!isObject(link)) {
      problems.add(`link #${position}: expected an object, found ${describe(link)}; skipped`);
      return;
    }
    // IFLA_OPERSTATE, the value sysfs shows in lowercase as operstate.
    if (typeof link.ifname === 'string' && typeof link.operstate === 'string') operstates.set(link.ifname, link.operstate.toLowerCase());
    if (!('vfinfo_list' in link)) return; // lo, bridges, VF netdevs: not a PF
    const pf = readPf(link, position, problems);
    if (pf !== undefined) pfs.push(pf);
  });
  return { pfs, operstates, problems: problems.list() };
}

function readPf(link: JsonObject, position: number, problems: Problems): IpLinkPf | undefined {
  const ifname = typeof link.ifname === 'string' && link.ifname !== '' ? link.ifname : undefined;
  const ifindex = smallInteger(link.ifindex);
  if (ifname === undefined || ifindex === undefined) {
    problems.add(`link #${position}: vfinfo_list without a valid ifname/ifindex; skipped`);
    return undefined;
  }
  if (!Array.isArray(link.vfinfo_list)) {
    problems.add(`${ifname}: vfinfo_list is ${describe(link.vfinfo_list)}, not an array; skipped`);
    return undefined;
  }
  const vfs: IpLinkVf[] = [];
  const seen = new Set<number>();
  link.vfinfo_list.forEach((entry, at) => {
    if (!isObject(entry)) {
      problems.add(`${ifname}: vfinfo_list[${at}] is ${describe(entry)}, not an object; skipped`);
      return;
    }
    const vf = readVf(entry, `${ifname} vf`, problems);
    if (vf === undefined) {
      problems.add(`${ifname}: vfinfo_list[${at}] has no valid "vf" index; skipped`);
    } else if (seen.has(vf.vf)) {
      problems.add(`${ifname}: vf ${vf.vf} listed twice; kept the first`);
    } else {
      seen.add(vf.vf);
      vfs.push(vf);
    }
  });
  const operstate = typeof link.operstate === 'string' ? link.operstate : undefined;
  const pciAddress =
    link.parentbus === 'pci' && typeof link.parentdev === 'string' ? normalizePciAddress(link.parentdev) : undefined;
  return { ifname, ifindex, operstate, pciAddress, vfs };
}

function readVf(entry: JsonObject, where: string, problems: Problems): IpLinkVf | undefined {
  const index = smallInteger(entry.vf);
  if (index === undefined) return undefined;
  const label = `${where} ${index}`;
  const macText = typeof entry.address === 'string' ? entry.address : typeof entry.mac === 'string' ? entry.mac : undefined;
  const rate = isObject(entry.rate) ? entry.rate : undefined;
  return {
    vf: index,
    mac: macText === undefined ? undefined : parseMac(macText),
    vlan: readVlan(entry, label, problems),
    txRateMbps: smallInteger(entry.tx_rate) ?? 0,
    maxTxRateMbps: rate === undefined ? undefined : smallInteger(rate.max_tx),
    minTxRateMbps: rate === undefined ? undefined : smallInteger(rate.min_tx),
    spoofCheck: boolean(entry.spoofchk),
    trust: boolean(entry.trust),
    linkState: typeof entry.link_state === 'string' && LINK_STATES.includes(entry.link_state)
      ? (entry.link_state as VfLinkState)
      : undefined,
    queryRss: boolean(entry.query_rss_en),
    counters: readStats(entry.stats, label, problems),
  };
}

function readVlan(entry: JsonObject, label: string, problems: Problems): VfVlan | undefined {
  // The kernel sends one entry (MAX_VLAN_LIST_LEN is 1); a longer list would be a future kernel's.
  // Without vlan_list (kernels before IFLA_VF_VLAN_LIST) the flat keys live on the entry itself.
  if ('vlan_list' in entry && !Array.isArray(entry.vlan_list)) {
    problems.add(`${label}: vlan_list is ${describe(entry.vlan_list)}, not an array`);
    return undefined;
  }
  const source: unknown = Array.isArray(entry.vlan_list) ? (entry.vlan_list[0] ?? {}) : entry;
  if (!isObject(source)) {
    problems.add(`${label}: vlan_list entry is ${describe(source)}`);
    return undefined;
  }
  const id = source.vlan === undefined ? 0 : smallInteger(source.vlan);
  const qos = source.qos === undefined ? 0 : smallInteger(source.qos);
  const protocol = source.protocol === undefined ? '802.1Q' : source.protocol;
  if (id === undefined || qos === undefined || typeof protocol !== 'string') {
    problems.add(`${label}: unreadable vlan ${JSON.stringify({ vlan: source.vlan, qos: source.qos, protocol: source.protocol })}`);
    return undefined;
  }
  return { id, qos, protocol };
}

function readStats(stats: unknown, label: string, problems: Problems): VfCounters | undefined {
  if (stats === undefined) return undefined;
  if (!isObject(stats)) {
    problems.add(`${label}: stats is ${describe(stats)}`);
    return undefined;
  }
  const named: Array<[string, number]> = [];
  for (const side of ['rx', 'tx'] as const) {
    const group = stats[side];
    if (group === undefined) continue;
    if (!isObject(group)) {
      problems.add(`${label}: stats.${side} is ${describe(group)}`);
      continue;
    }
    for (const [key, raw] of Object.entries(group)) {
      const name = `${side}.${key}`;
      if (!Object.hasOwn(VF_STATS_SLOTS, name)) {
        // Once per key, not per VF: a wrong key in a recorded file would otherwise drown the log.
        problems.addOnce(`stats.${name} is not a key iproute2 writes; ignored`);
        continue;
      }
      const value = counterFromJson(raw);
      if (value === undefined) problems.add(`${label}: stats.${name} is ${describe(raw)}, not a u64 counter`);
      else named.push([name, value]);
    }
  }
  return countersFromNamed(named, VF_STATS_SLOTS);
}

class Problems {
  private readonly items: ParseIssue[] = [];
  private readonly once = new Set<string>();

  add(message: string): void {
    this.items.push(parseIssue('EPARSE', message));
  }

  addOnce(message: string): void {
    if (this.once.has(message)) return;
    this.once.add(message);
    this.add(message);
  }

  list(): readonly ParseIssue[] {
    return this.items;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Indexes, vlan ids, rates: non-negative integers that are exact in a double. */
function smallInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function boolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(shorten(value))}`;
  return `${typeof value} ${String(value)}`;
}

function shorten(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 80)}…` : line;
}
