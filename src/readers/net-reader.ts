// Reads network interfaces backed by PCI functions (/sys/devices/…/<bdf>/net/<name>/…): the whole NetDevice
// for the snapshot, or one attribute at a time for the exporter's scrapes. Virtual interfaces (bridges, veth,
// bonds) are of no interest and are never read.

import { type HostFs } from '../host/host-fs.js';
import { type Fact, isIssue, parseFact, trimmedFact } from '../fact.js';
import { parseBit, parseMac, parseSigned, parseUnsigned } from '../parse/sysfs-values.js';
import type { PciDevice } from './pci-reader.js';

export interface NetDevice {
  readonly name: string;
  readonly pciAddress: string;
  readonly operstate: Fact<string>;
  readonly carrier: Fact<boolean>;
  /** Mb/s; undefined while the link is down (the kernel answers EINVAL or -1). */
  readonly speedMbps: Fact<number>;
  readonly address: Fact<string>;
  readonly mtu: Fact<number>;
  readonly rxQueues: Fact<number>;
  readonly txQueues: Fact<number>;
  /** `p0` for a physical port, `pf0vf3` for a representor (parse/switch-ports.ts); absent without a devlink port. */
  readonly physPortName?: Fact<string>;
  /** The embedded switch the netdev is a port of (switchdev uplinks and representors). */
  readonly physSwitchId?: Fact<string>;
}

/** Errors that mean "no value right now" for some attributes: EINVAL for speed/carrier of a down link. */
const NO_VALUE_CODES = new Set(['EINVAL', 'EOPNOTSUPP', 'ENODATA']);

export function readNetDevice(host: HostFs, device: Pick<PciDevice, 'address' | 'devicePath'>, name: string): NetDevice {
  const base = `${device.devicePath}/net/${name}`;
  const text = (attr: string): Fact<string> => noValueAsAbsent(host.readText(`${base}/${attr}`));
  const queues = readQueueCounts(host, device.devicePath, name);
  const count = (direction: 'receive' | 'transmit'): Fact<number> => (queues === undefined || isIssue(queues) ? queues : queues[direction]);
  return {
    name,
    pciAddress: device.address,
    operstate: parseFact(`${base}/operstate`, text('operstate'), parseWord, 'an operstate word'),
    carrier: parseFact(`${base}/carrier`, text('carrier'), parseBit, '0 or 1'),
    speedMbps: readSpeedMbps(host, device.devicePath, name),
    address: parseFact(`${base}/address`, text('address'), parseMac, 'a link-layer address'),
    mtu: parseFact(`${base}/mtu`, text('mtu'), parseUnsigned, 'an unsigned decimal'),
    rxQueues: count('receive'),
    txQueues: count('transmit'),
    physPortName: trimmedFact(text('phys_port_name')),
    physSwitchId: trimmedFact(text('phys_switch_id')),
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

/** A netdev's link speed in Mb/s; absent while the link is down or the speed unknown. */
export function readSpeedMbps(host: HostFs, devicePath: string, netdev: string): Fact<number> {
  const file = `${devicePath}/net/${netdev}/speed`;
  const speed = parseFact(file, noValueAsAbsent(host.readText(file)), parseSpeed, 'a speed in Mb/s');
  return speed === null ? undefined : speed;
}

function noValueAsAbsent(fact: Fact<string>): Fact<string> {
  return isIssue(fact) && NO_VALUE_CODES.has(fact.code) ? undefined : fact;
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

/** `operstate` of a netdev of a PCI function (up, down, lowerlayerdown, unknown, …). */
export function readOperstate(host: HostFs, devicePath: string, netdev: string): Fact<string> {
  const text = host.readText(`${devicePath}/net/${netdev}/operstate`);
  return typeof text === 'string' ? text.trim() : text;
}

export interface QueueCounts {
  readonly receive: number;
  readonly transmit: number;
}

/** rx-N and tx-N entries of a netdev's queues/ directory (configuration only; counters are not there). */
export function readQueueCounts(host: HostFs, devicePath: string, netdev: string): Fact<QueueCounts> {
  const entries = host.list(`${devicePath}/net/${netdev}/queues`, { sorted: false });
  if (entries === undefined || isIssue(entries)) return entries;
  let receive = 0;
  let transmit = 0;
  for (const entry of entries) {
    if (entry.startsWith('rx-')) receive++;
    else if (entry.startsWith('tx-')) transmit++;
  }
  return { receive, transmit };
}
