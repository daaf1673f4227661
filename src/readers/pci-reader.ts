// Reads the PCI devices of a host from /sys/bus/pci/devices into PciDevice records.
//
// Cost matters (a host can have thousands of VFs): one `uevent` read gives ids, class and driver; SR-IOV
// attributes are read only where `sriov_totalvfs` exists; link speeds and config space only for network
// functions that are not VFs and for the bridges above them; netdev names from /sys/class/net's links.

import { type HostFs, naturalCompare, readFact } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue, parseFact, placed } from '../fact.js';
import { isBridgeClass, isNetworkClass } from '../parse/pci-class.js';
import { parsePciConfig, type PciConfig } from '../parse/pci-config.js';
import { iovResources, parsePciResources, type PciResource } from '../parse/pci-resource.js';
import {
  isPciAddress,
  parseBareHex,
  parseBit,
  parseLinkSpeed,
  parseLinkWidth,
  parsePrefixedHex,
  parseSigned,
  parseUevent,
  parseUnsigned,
  type LinkSpeed,
} from '../parse/sysfs-values.js';
import { readNetdevOwners } from './netdev-owners.js';

export interface SriovAttributes {
  readonly totalVfs: Fact<number>;
  readonly numVfs: Fact<number>;
  readonly offset: Fact<number>;
  readonly stride: Fact<number>;
  readonly vfDeviceId: Fact<string>;
  readonly driversAutoprobe: Fact<boolean>;
  readonly vfTotalMsix: Fact<number>;
}

export interface VirtualFunctionLink {
  readonly index: number;
  readonly address: Fact<string>;
}

export interface PciDevice {
  readonly address: string;
  /** Canonical sysfs path (/sys/devices/pci0000:00/…/0000:3b:00.0). */
  readonly devicePath: string;
  /** PCI addresses of the bridges above, nearest first. */
  readonly upstream: readonly string[];
  readonly vendorId: Fact<string>;
  readonly deviceId: Fact<string>;
  readonly classCode: Fact<string>;
  readonly subsystemVendorId?: Fact<string>;
  readonly subsystemDeviceId?: Fact<string>;
  /** Bound driver; undefined when none is bound. */
  readonly driver: Fact<string>;
  readonly numaNode?: Fact<number>;
  readonly iommuGroup?: Fact<string>;
  /** `ari_enabled`: ARI forwarding enabled on the bus this device sits on (readable without root). */
  readonly ariEnabled?: Fact<boolean>;
  readonly currentLinkSpeed?: Fact<LinkSpeed | null>;
  readonly currentLinkWidth?: Fact<number | null>;
  readonly maxLinkSpeed?: Fact<LinkSpeed | null>;
  readonly maxLinkWidth?: Fact<number | null>;
  /** For a VF: its PF's address and its index there. */
  readonly physfn?: string;
  readonly vfIndex?: number;
  /** Present only when the kernel made the device a PF (`sriov_totalvfs` exists). */
  readonly sriov?: SriovAttributes;
  readonly virtfns?: readonly VirtualFunctionLink[];
  readonly netdevs: Fact<readonly string[]>;
  /** Decoded config space; read for network functions that are not VFs, and for bridges above them. */
  readonly config?: Fact<PciConfig>;
  /** PF only: the six VF BAR windows from `resource` (lines 7–12); all zeros when the firmware placed none. */
  readonly iovResources?: Fact<readonly PciResource[]>;
  /** Bridges above a NIC: the bus range behind them (secondary_bus_number, subordinate_bus_number). */
  readonly secondaryBus?: Fact<number>;
  readonly subordinateBus?: Fact<number>;
}

export const PCI_DEVICES_DIR = '/sys/bus/pci/devices';
const CONFIG_MAX_BYTES = 4096;

export interface PciReadResult {
  readonly devices: PciDevice[];
  /** Set when the device list itself could not be read. */
  readonly listIssue?: ReadIssue;
}

export interface Identity {
  vendorId: Fact<string>;
  deviceId: Fact<string>;
  classCode: Fact<string>;
  subsystemVendorId?: Fact<string>;
  subsystemDeviceId?: Fact<string>;
  driver: Fact<string>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function readPciDevices(host: HostFs): PciReadResult {
  const listed = host.list(PCI_DEVICES_DIR, { sorted: false });
  if (listed === undefined) return { devices: [] };
  if (isIssue(listed)) return { devices: [], listIssue: listed };
  // Plain sorting of fixed-width hex addresses is bus order (a natural sort would put bus 1c before 10). A VF's
  // routing ID is its PF's plus a positive offset, so every PF comes before its VFs and marks them first.
  const names = listed.sort();

  const devices: Mutable<PciDevice>[] = [];
  for (const name of names) {
    if (!isPciAddress(name)) continue;
    const devicePath = host.resolve(`${PCI_DEVICES_DIR}/${name}`);
    // A device removed between the listing and now is simply gone.
    if (devicePath === undefined) continue;
    const path = isIssue(devicePath) ? `${PCI_DEVICES_DIR}/${name}` : devicePath;
    devices.push({
      address: name,
      devicePath: path,
      upstream: upstreamBridges(path, name),
      ...readIdentity(host, path),
      netdevs: [],
    });
  }

  const byAddress = new Map(devices.map((d) => [d.address, d]));
  const needsConfig = new Set<string>();

  // SR-IOV PFs and their VFs. Only network functions are looked at closely (class 02: Ethernet, InfiniBand…).
  for (const device of devices) {
    if (device.physfn !== undefined || !isNetworkClass(device.classCode)) continue;
    const sriov = readSriov(host, device.devicePath);
    if (sriov === undefined) continue;
    device.sriov = sriov;
    device.virtfns = readVirtfns(host, device.devicePath);
    for (const link of device.virtfns) {
      const vf = typeof link.address === 'string' ? byAddress.get(link.address) : undefined;
      if (vf) {
        vf.physfn = device.address;
        vf.vfIndex = link.index;
        delete vf.sriov; // a VF listed before its PF was probed too; VFs have no sriov_* files anyway
      }
    }
  }
  for (const device of devices) {
    if (device.physfn !== undefined || !isNetworkClass(device.classCode)) continue;
    needsConfig.add(device.address);
    for (const bridge of device.upstream) needsConfig.add(bridge);
  }

  const netdevsOf = netdevLister(host);
  for (const device of devices) {
    const base = device.devicePath;
    const isVf = device.physfn !== undefined;
    const network = isNetworkClass(device.classCode);
    device.iommuGroup = host.linkName(`${base}/iommu_group`);
    if (network || isVf) {
      device.numaNode = readFact(host, `${base}/numa_node`, parseSigned, 'a decimal NUMA node');
      device.netdevs = netdevsOf(device);
    }
    if (needsConfig.has(device.address)) {
      device.ariEnabled = readFact(host, `${base}/ari_enabled`, parseBit, '0 or 1');
      device.currentLinkSpeed = readFact(host, `${base}/current_link_speed`, parseLinkSpeed, 'a link speed like "8.0 GT/s PCIe"');
      device.currentLinkWidth = readFact(host, `${base}/current_link_width`, parseLinkWidth, 'a lane count');
      device.maxLinkSpeed = readFact(host, `${base}/max_link_speed`, parseLinkSpeed, 'a link speed like "8.0 GT/s PCIe"');
      device.maxLinkWidth = readFact(host, `${base}/max_link_width`, parseLinkWidth, 'a lane count');
      device.config = readConfig(host, `${base}/config`);
      if (device.sriov !== undefined) device.iovResources = readIovResources(host, `${base}/resource`);
      if (isBridgeClass(device.classCode)) {
        // Readable by anyone: the kernel reads the bridge's config for us (pci-sysfs.c *_bus_number_show).
        device.secondaryBus = readFact(host, `${base}/secondary_bus_number`, parseUnsigned, 'a bus number');
        device.subordinateBus = readFact(host, `${base}/subordinate_bus_number`, parseUnsigned, 'a bus number');
      }
    }
  }
  return { devices };
}

/**
 * The netdevs of a PCI function, sorted as list() sorts: from /sys/class/net's links when all of them could be
 * read (no listing of net/ per VF), else from the function's own net/ directory, whose issue then names it.
 */
function netdevLister(host: HostFs): (device: Pick<PciDevice, 'address' | 'devicePath'>) => Fact<readonly string[]> {
  const found = readNetdevOwners(host);
  if (found === undefined || isIssue(found) || found.unreadable) return (device) => host.list(`${device.devicePath}/net`) ?? [];
  return (device) => [...(found.owners.get(device.address) ?? [])].sort(naturalCompare);
}

/** Bridges between the device and its root complex, nearest first, from the canonical sysfs path. */
export function upstreamBridges(devicePath: string, address: string): string[] {
  const parts = devicePath.match(PCI_ADDRESS_IN_PATH) ?? [];
  return parts.filter((part) => part !== address).reverse();
}

const PCI_ADDRESS_IN_PATH = /(?<=\/)[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7](?=\/|$)/g;

export function readIdentity(host: HostFs, base: string): Identity {
  const ueventPath = `${base}/uevent`;
  const uevent = host.readText(ueventPath);
  if (typeof uevent === 'string') {
    const values = parseUevent(uevent);
    const id = /^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$/.exec(values.get('PCI_ID') ?? '');
    const subsys = /^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$/.exec(values.get('PCI_SUBSYS_ID') ?? '');
    const klass = /^[0-9A-Fa-f]{1,6}$/.test(values.get('PCI_CLASS') ?? '') ? (values.get('PCI_CLASS') as string) : undefined;
    if (id && klass !== undefined) {
      return {
        vendorId: (id[1] as string).toLowerCase(),
        deviceId: (id[2] as string).toLowerCase(),
        classCode: klass.toLowerCase().padStart(6, '0'),
        ...(subsys ? { subsystemVendorId: (subsys[1] as string).toLowerCase(), subsystemDeviceId: (subsys[2] as string).toLowerCase() } : {}),
        driver: values.get('DRIVER') || undefined,
      };
    }
  }
  // No usable uevent: the individual attributes say the same, at five reads instead of one.
  const hexAttr = (name: string, digits: number): Fact<string> =>
    readFact(host, `${base}/${name}`, (t) => parsePrefixedHex(t, digits), `0x followed by ${digits} hex digits`);
  return {
    vendorId: hexAttr('vendor', 4),
    deviceId: hexAttr('device', 4),
    classCode: hexAttr('class', 6),
    subsystemVendorId: hexAttr('subsystem_vendor', 4),
    subsystemDeviceId: hexAttr('subsystem_device', 4),
    driver: host.linkName(`${base}/driver`),
  };
}

function readSriov(host: HostFs, base: string): SriovAttributes | undefined {
  const totalPath = `${base}/sriov_totalvfs`;
  const totalRaw = host.readText(totalPath);
  if (totalRaw === undefined) return undefined;
  const decimal = (name: string): Fact<number> => readFact(host, `${base}/${name}`, parseUnsigned, 'an unsigned decimal');
  return {
    totalVfs: parseFact(totalPath, totalRaw, parseUnsigned, 'an unsigned decimal'),
    numVfs: decimal('sriov_numvfs'),
    offset: decimal('sriov_offset'),
    stride: decimal('sriov_stride'),
    vfDeviceId: readFact(host, `${base}/sriov_vf_device`, (t) => parseBareHex(t, 4), 'a hex device id'),
    driversAutoprobe: readFact(host, `${base}/sriov_drivers_autoprobe`, parseBit, '0 or 1'),
    vfTotalMsix: decimal('sriov_vf_total_msix'),
  };
}

export function readVirtfns(host: HostFs, base: string): VirtualFunctionLink[] {
  // virtfnN order comes from N below, so the listing need not be sorted.
  const entries = host.list(base, { sorted: false });
  if (entries === undefined || isIssue(entries)) return [];
  const links: VirtualFunctionLink[] = [];
  for (const entry of entries) {
    const match = /^virtfn(\d+)$/.exec(entry);
    if (!match) continue;
    const linkPath = `${base}/${entry}`;
    const target = host.readLink(linkPath);
    let address: Fact<string>;
    if (typeof target === 'string') {
      const name = target.slice(target.lastIndexOf('/') + 1);
      address = isPciAddress(name) ? name : { kind: 'issue', path: linkPath, code: 'EPARSE', detail: `points to ${target}` };
    } else {
      address = target;
    }
    // A VF that vanished between the listing and the readlink is gone, not broken.
    if (address === undefined) continue;
    links.push({ index: Number(match[1]), address });
  }
  return links.sort((a, b) => a.index - b.index);
}

/** The VF BAR windows; undefined when the kernel lists no IOV resources (built without CONFIG_PCI_IOV). */
function readIovResources(host: HostFs, path: string): Fact<readonly PciResource[]> {
  const rows = parseFact(path, host.readText(path), parsePciResources, '"0x… 0x… 0x…" lines');
  return Array.isArray(rows) ? iovResources(rows) : rows;
}

function readConfig(host: HostFs, path: string): Fact<PciConfig> {
  const bytes = host.readBytes(path, CONFIG_MAX_BYTES);
  if (bytes === undefined || isIssue(bytes)) return bytes;
  return placed(path, parsePciConfig(bytes));
}
