// The SR-IOV PFs of a host and their VFs, as the exporter labels them. Read afresh for every scrape: a PF
// that appears after start-up (driver reload, hot-plug) or a VF created or destroyed shows at the next one.
//
// Reads what the metrics need and no more, because it runs at every scrape on hosts with thousands of VFs
// (readPciDevices, for sriov-check, reads every function's identity, config space and links):
// - PFs: functions in /sys/bus/pci/devices with sriov_totalvfs, visited in address order so that each PF comes
//   before its VFs (a VF's routing ID is its PF's plus a non-zero offset) and the VFs are not probed at all;
// - VFs: at the addresses the kernel gives them (routing ID = PF's + sriov_offset + sriov_stride × index, as
//   drivers/pci/iov.c computes it), each confirmed by its directory, rather than one readlink per virtfnN
//   link (the links are read when offset or stride cannot be); per VF its IOMMU group link and numa_node;
// - drivers: one listing per PCI driver of /sys/bus/pci/drivers/<driver>/, which holds a link named after
//   each bound function — a few dozen listings instead of a readlink per VF;
// - netdevs: one listing of /sys/class/net and one readlink each, whose target names the PCI function
//   (…/<pci address>/net/<name>), instead of listing net/ under every VF.

import * as path from 'node:path';
import { type HostFs, readFact } from '../host/host-fs.js';
import { type ReadIssue, isIssue, known, parseFact, readIssue } from '../fact.js';
import { isPciAddress, parseSigned, parseUnsigned } from '../parse/sysfs-values.js';
import { addressOf, domainOf, routingId } from '../parse/pci-routing.js';
import type { VirtualFunctionLink } from './pci-reader.js';
import { isNetworkClass } from '../parse/pci-class.js';
import { PCI_DEVICES_DIR, readIdentity, readVirtfns } from './pci-reader.js';

export const CLASS_NET_DIR = '/sys/class/net';
export const PCI_DRIVERS_DIR = '/sys/bus/pci/drivers';

export interface SriovVf {
  /** Index on the PF (virtfnN). */
  readonly index: number;
  readonly address: string;
  /** Canonical sysfs directory of the VF. */
  readonly devicePath: string;
  /** Bound driver, when one is bound and readable. */
  readonly driver?: string;
  /** Its netdev in this network namespace (a VF in a VM, on vfio-pci or in a container has none here). */
  readonly netdev?: string;
  /** -1 when the firmware gives no proximity. */
  readonly numaNode?: number;
  readonly iommuGroup?: string;
}

export interface SriovPf {
  readonly address: string;
  /** The `pf` label: the PF's netdev, or its PCI address when it has none. */
  readonly label: string;
  readonly netdev?: string;
  readonly devicePath: string;
  readonly vendorId?: string;
  readonly deviceId?: string;
  readonly driver?: string;
  readonly totalVfs?: number;
  readonly numVfs?: number;
  readonly vfs: readonly SriovVf[];
}

export interface SriovInventory {
  readonly pfs: readonly SriovPf[];
  /**
   * What could not be read that leaves PFs or VFs out or mislabels their counters (the device list, a virtfn
   * link, a VF's directory or driver, the netdev list), one line each: every collector is incomplete then.
   */
  readonly problems: readonly ReadIssue[];
  /** What could not be read of the facts only the inventory publishes (VF counts, class, NUMA node, IOMMU group). */
  readonly infoProblems: readonly ReadIssue[];
}

export function readSriovInventory(host: HostFs): SriovInventory {
  const problems: ReadIssue[] = [];
  const infoProblems: ReadIssue[] = [];
  const names = host.list(PCI_DEVICES_DIR, { sorted: false });
  if (names === undefined) return { pfs: [], problems, infoProblems };
  if (isIssue(names)) return { pfs: [], problems: [names], infoProblems };

  const netdevs = netdevsByPciAddress(host, problems);
  const drivers = driversByPciAddress(host);
  const seenVfs = new Set<string>();
  const pfs: SriovPf[] = [];
  for (const address of inRoutingOrder(names.filter(isPciAddress))) {
    if (seenVfs.has(address)) continue;
    const base = `${PCI_DEVICES_DIR}/${address}`;
    const total = host.readText(`${base}/sriov_totalvfs`);
    if (total === undefined) continue; // not a PF
    const devicePath = host.resolve(base);
    if (devicePath === undefined) continue; // removed meanwhile
    if (isIssue(devicePath)) {
      problems.push(devicePath);
      continue;
    }
    const identity = readIdentity(host, devicePath);
    // SR-IOV capable storage, GPUs and accelerators are not ours; an unreadable class might be a NIC.
    if (!isNetworkClass(identity.classCode) && !isIssue(identity.classCode)) continue;
    const totalVfs = parseFact(`${devicePath}/sriov_totalvfs`, total, parseUnsigned, 'a number');
    const numVfs = readFact(host, `${devicePath}/sriov_numvfs`, parseUnsigned, 'a number');
    for (const fact of [totalVfs, numVfs, identity.classCode]) if (isIssue(fact)) infoProblems.push(fact);

    const vfs: SriovVf[] = [];
    for (const link of vfLinks(host, address, devicePath, known(numVfs), infoProblems)) {
      if (isIssue(link.address) || link.address === undefined) {
        if (link.address) problems.push(link.address);
        continue;
      }
      seenVfs.add(link.address);
      const vf = readVf(host, link.index, link.address, devicePath, netdevs, drivers, { problems, infoProblems });
      if (vf) vfs.push(vf);
    }
    // VFs being created or removed right now (sriov_numvfs written meanwhile): what was found is exposed, and
    // the collector says it is not the whole picture.
    if (typeof numVfs === 'number' && vfs.length !== numVfs) {
      problems.push(readIssue(`${devicePath}/sriov_numvfs`, 'ECHANGED', `${numVfs} VFs enabled, ${vfs.length} found (VFs being created or removed?)`));
    }
    const netdev = pfNetdev(host, devicePath, netdevs.get(address) ?? []);
    pfs.push({
      address,
      label: netdev ?? address,
      ...(netdev !== undefined ? { netdev } : {}),
      devicePath,
      ...defined('vendorId', known(identity.vendorId)),
      ...defined('deviceId', known(identity.deviceId)),
      ...defined('driver', known(identity.driver)),
      ...defined('totalVfs', known(totalVfs)),
      ...defined('numVfs', known(numVfs)),
      vfs,
    });
  }
  return { pfs, problems, infoProblems };
}

/** A VF whose directory is gone (VFs being removed right now) is left out. */
function readVf(
  host: HostFs,
  index: number,
  address: string,
  pfPath: string,
  netdevs: ReadonlyMap<string, readonly string[]>,
  drivers: ReadonlyMap<string, string> | undefined,
  found: { readonly problems: ReadIssue[]; readonly infoProblems: ReadIssue[] },
): SriovVf | undefined {
  // The kernel gives a VF its PF's parent (drivers/pci/iov.c: virtfn->dev.parent = dev->dev.parent), so
  // its directory is the PF's sibling, as the virtfn link (../<address>) says.
  const devicePath = `${path.posix.dirname(pfPath)}/${address}`;
  const present = host.exists(devicePath);
  if (isIssue(present)) found.problems.push(present);
  if (present !== true) return undefined;
  const driver = drivers ? drivers.get(address) : host.linkName(`${devicePath}/driver`);
  const group = host.linkName(`${devicePath}/iommu_group`);
  const numa = readFact(host, `${devicePath}/numa_node`, parseSigned, 'a NUMA node');
  // Unreadable or garbled: the label is empty (unknown), and the collector says why.
  // Without its driver a VF's queues are not read; NUMA node and group are only sriov_vf_info labels.
  if (isIssue(driver)) found.problems.push(driver);
  for (const fact of [group, numa]) if (isIssue(fact)) found.infoProblems.push(fact);
  const netdev = netdevs.get(address)?.[0];
  return {
    index,
    address,
    devicePath,
    ...defined('driver', known(driver)),
    ...defined('netdev', netdev),
    ...defined('numaNode', known(numa)),
    ...defined('iommuGroup', known(group)),
  };
}

/**
 * The VF links of a PF: computed from sriov_numvfs, sriov_offset and sriov_stride when all three are there,
 * otherwise read from the virtfnN links.
 */
function vfLinks(host: HostFs, pfAddress: string, pfPath: string, numVfs: number | undefined, problems: ReadIssue[]): VirtualFunctionLink[] {
  const offsetFact = readFact(host, `${pfPath}/sriov_offset`, parseUnsigned, 'a number');
  const strideFact = readFact(host, `${pfPath}/sriov_stride`, parseUnsigned, 'a number');
  for (const fact of [offsetFact, strideFact]) if (isIssue(fact)) problems.push(fact);
  const offset = known(offsetFact);
  const stride = known(strideFact);
  const rid = routingId(pfAddress);
  if (numVfs === undefined || offset === undefined || stride === undefined || rid === undefined) return readVirtfns(host, pfPath);
  const domain = domainOf(pfAddress);
  const links: VirtualFunctionLink[] = [];
  for (let index = 0; index < numVfs; index++) {
    const vf = rid + offset + stride * index;
    if (vf > 0xffff) break; // beyond the last bus: the kernel would not have created it
    links.push({ index, address: addressOf(domain, vf) });
  }
  return links;
}

/**
 * PCI address → bound driver, from /sys/bus/pci/drivers/<driver>/<address> links; undefined when the drivers
 * directory cannot be listed (each VF's driver link is read then).
 */
function driversByPciAddress(host: HostFs): Map<string, string> | undefined {
  const drivers = host.list(PCI_DRIVERS_DIR, { sorted: false });
  if (drivers === undefined || isIssue(drivers)) return undefined;
  const result = new Map<string, string>();
  for (const driver of drivers) {
    const entries = host.list(`${PCI_DRIVERS_DIR}/${driver}`, { sorted: false });
    if (entries === undefined || isIssue(entries)) return undefined;
    for (const entry of entries) if (isPciAddress(entry)) result.set(entry, driver);
  }
  return result;
}

/** PCI address → its netdevs, from the /sys/class/net links (…/<pci address>/net/<name>). */
function netdevsByPciAddress(host: HostFs, problems: ReadIssue[]): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const names = host.list(CLASS_NET_DIR, { sorted: false });
  if (isIssue(names)) problems.push(names);
  if (names === undefined || isIssue(names)) return result;
  for (const name of names) {
    const target = host.readLink(`${CLASS_NET_DIR}/${name}`);
    if (typeof target !== 'string') continue;
    const parts = target.split('/');
    const at = parts.lastIndexOf('net');
    const owner = at > 0 ? parts[at - 1] : undefined;
    if (owner === undefined || !isPciAddress(owner) || parts[at + 1] !== name) continue; // virtual netdevs
    const list = result.get(owner) ?? [];
    list.push(name);
    result.set(owner, list);
  }
  for (const list of result.values()) list.sort(); // a function's few netdevs, in a stable order
  return result;
}

/** Port representors (switchdev mode) hang off the PF too; their phys_port_name is pf0vf3, pf0, c1pf0vf3. */
const REPRESENTOR_PORT = /^(c\d+)?pf\d+(vf\d+|sf\d+)?$/;

/** The PF's own netdev: the only one, or among several the one that is not a representor. */
function pfNetdev(host: HostFs, devicePath: string, names: readonly string[]): string | undefined {
  if (names.length <= 1) return names[0];
  const own = names.find((name) => {
    const port = host.readText(`${devicePath}/net/${name}/phys_port_name`);
    return !(typeof port === 'string' && REPRESENTOR_PORT.test(port.trim()));
  });
  return own ?? names[0];
}

/** PCI addresses in routing-ID order (hex fields compared as numbers, domain first). */
function inRoutingOrder(addresses: readonly string[]): string[] {
  return addresses
    .map((address) => ({ address, key: routingKey(address) }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.address);
}

function routingKey(address: string): number {
  const [domain = '0', bus = '0', slot = '0.0'] = address.split(':');
  const [device = '0', fn = '0'] = slot.split('.');
  return ((parseInt(domain, 16) * 256 + parseInt(bus, 16)) * 32 + parseInt(device, 16)) * 8 + Number(fn);
}

function defined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
