// Reads network interfaces backed by PCI functions (/sys/devices/…/<bdf>/net/<name>/…).
// Virtual interfaces (bridges, veth, bonds) are of no interest to SR-IOV checks and are never read.

import { type HostFs } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue, parseFact } from '../host/read-issue.js';
import { type CounterSlot, type VfCounters, countersFromNamed, parseCounter } from '../parse/vf-counters.js';
import { parseBit, parseMac, parseSigned, parseUnsigned } from '../parse/sysfs-values.js';
import type { NetDevice, PciDevice } from '../snapshot/snapshot-types.js';

/** Errors that mean "no value right now" for some attributes: EINVAL for speed/carrier of a down link. */
const NO_VALUE_CODES = new Set(['EINVAL', 'EOPNOTSUPP', 'ENODATA']);

export function readNetDevice(host: HostFs, device: Pick<PciDevice, 'address' | 'devicePath'>, name: string): NetDevice {
  const base = `${device.devicePath}/net/${name}`;
  const text = (attr: string): Fact<string> => noValueAsAbsent(host.readText(`${base}/${attr}`));
  const speed = parseFact(`${base}/speed`, text('speed'), parseSpeed, 'a speed in Mb/s');
  const queues = host.list(`${base}/queues`);
  const count = (prefix: string): Fact<number> =>
    queues === undefined || isIssue(queues) ? queues : queues.filter((q) => q.startsWith(prefix)).length;
  return {
    name,
    pciAddress: device.address,
    operstate: parseFact(`${base}/operstate`, text('operstate'), parseWord, 'an operstate word'),
    carrier: parseFact(`${base}/carrier`, text('carrier'), parseBit, '0 or 1'),
    speedMbps: speed === null ? undefined : speed,
    address: parseFact(`${base}/address`, text('address'), parseMac, 'a link-layer address'),
    mtu: parseFact(`${base}/mtu`, text('mtu'), parseUnsigned, 'an unsigned decimal'),
    rxQueues: count('rx-'),
    txQueues: count('tx-'),
    physPortName: emptyAsAbsent(text('phys_port_name')),
  };
}

/** Reads every netdev of the given PCI functions. */
export function readNetDevices(host: HostFs, devices: readonly PciDevice[]): NetDevice[] {
  const result: NetDevice[] = [];
  for (const device of devices) {
    if (!Array.isArray(device.netdevs)) continue;
    for (const name of device.netdevs as readonly string[]) result.push(readNetDevice(host, device, name));
  }
  return result;
}

function noValueAsAbsent(fact: Fact<string>): Fact<string> {
  return isIssue(fact) && NO_VALUE_CODES.has(fact.code) ? undefined : fact;
}

function emptyAsAbsent(fact: Fact<string>): Fact<string> {
  return typeof fact === 'string' ? fact.trim() || undefined : fact;
}

/** `speed` is empty or -1 when the link is down or the speed unknown: no value rather than garbage. */
function parseSpeed(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const value = parseSigned(text);
  if (value === undefined) return undefined;
  return value <= 0 || value === 4294967295 ? null : value;
}

function parseWord(text: string): string | undefined {
  const word = text.trim();
  return /^[a-z]+$/.test(word) ? word : undefined;
}

/**
 * sysfs `statistics/` names (struct rtnl_link_stats64, one decimal per file) that map onto VfCounters. Unlike
 * /proc/net/dev, rx_dropped here is the driver's drop count alone (rx_missed_errors is a file of its own).
 */
export const SYSFS_STAT_SLOTS: Readonly<Record<string, CounterSlot>> = {
  rx_bytes: ['receive', 'bytes'],
  rx_packets: ['receive', 'packets'],
  rx_dropped: ['receive', 'dropped'],
  rx_errors: ['receive', 'errors'],
  multicast: ['receive', 'multicast'],
  tx_bytes: ['transmit', 'bytes'],
  tx_packets: ['transmit', 'packets'],
  tx_dropped: ['transmit', 'dropped'],
  tx_errors: ['transmit', 'errors'],
};

export interface NetStatistics {
  readonly counters: VfCounters;
  /** Files that exist but could not be read or parsed. */
  readonly issues: readonly ReadIssue[];
}

/**
 * A netdev's counters from `/sys/class/net/<name>/statistics/` — one read per file, so the exporter prefers
 * /proc/net/dev (all netdevs in one read); this is for when a single netdev is wanted or /proc is not there.
 */
export function readNetStatistics(host: HostFs, name: string): Fact<NetStatistics> {
  const dir = `/sys/class/net/${name}/statistics`;
  const values: [string, number][] = [];
  const issues: ReadIssue[] = [];
  let found = 0;
  for (const file of Object.keys(SYSFS_STAT_SLOTS)) {
    const path = `${dir}/${file}`;
    const value = parseFact(path, noValueAsAbsent(host.readText(path)), parseCounter, 'a counter');
    if (value === undefined) continue;
    found++;
    if (isIssue(value)) issues.push(value);
    else values.push([file, value]);
  }
  if (found === 0) {
    const listing = host.list(dir);
    return isIssue(listing) ? listing : undefined;
  }
  return { counters: countersFromNamed(values, SYSFS_STAT_SLOTS), issues };
}
