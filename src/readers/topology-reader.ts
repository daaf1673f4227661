// The SR-IOV topology of a host: its PFs, each PF's VFs, the netdevs of both, and — for a PF whose embedded
// switch is in switchdev mode — the representor netdev of each VF. One model for the exporter and the checks:
// readTopology() reads it afresh at every scrape (a PF that appears after start-up or a VF created or destroyed
// shows at the next one); topologyOf() makes it from the PCI and netdev records the snapshot has read anyway,
// for the checks. Both name a PF by its uplink and map representors to VFs through parse/switch-ports.ts.
//
// readTopology reads what the metrics need and no more, because it runs at every scrape on hosts with thousands
// of VFs (readPciDevices, for sriov-check, reads every function's identity, config space and links):
// - PFs: functions in /sys/bus/pci/devices with sriov_totalvfs, visited in address order so that each PF comes
//   before its VFs (a VF's routing ID is its PF's plus a non-zero offset) and the VFs are not probed at all;
// - VFs: at the addresses the kernel gives them (routing ID = PF's + sriov_offset + sriov_stride × index, as
//   drivers/pci/iov.c computes it), each confirmed by its directory, rather than one readlink per virtfnN
//   link (the links are read when offset or stride cannot be); per VF its IOMMU group link and numa_node;
// - drivers: one listing per PCI driver of /sys/bus/pci/drivers/<driver>/, which holds a link named after
//   each bound function — a few dozen listings instead of a readlink per VF;
// - netdevs: one listing of /sys/class/net and one readlink each, whose target names the PCI function
//   (…/<pci address>/net/<name>), instead of listing net/ under every VF; phys_port_name only where a PF has
//   several netdevs (a switchdev PF's uplink and representors), phys_switch_id only of a switchdev uplink.

import * as path from 'node:path';
import { type HostFs, readFact } from '../host/host-fs.js';
import { type ReadIssue, isIssue, known, parseFact, readIssue, trimmedFact } from '../fact.js';
import { isNetworkClass } from '../parse/pci-class.js';
import { addressOf, domainOf, routingId } from '../parse/pci-routing.js';
import { functionNumber, pfPorts, type PfPorts, type PortNetdev } from '../parse/switch-ports.js';
import { isPciAddress, parseSigned, parseUnsigned } from '../parse/sysfs-values.js';
import type { NetDevice } from './net-reader.js';
import { readNetdevOwnersPaced } from './netdev-owners.js';
import { PCI_DEVICES_DIR, readIdentity, readVirtfns, type PciDevice, type VirtualFunctionLink } from './pci-reader.js';

export interface TopologyVf {
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
  /** The netdev that stands for it on its PF's switch, when the PF is in switchdev mode. */
  readonly representor?: string;
}

/** What a PF in switchdev mode has beyond its VFs' representors. */
export interface SwitchdevPf {
  /** phys_switch_id of the uplink, which its representors share. */
  readonly switchId?: string;
  /** Representors of anything but this PF's VFs found here (the PF itself, subfunctions, VFs gone meanwhile). */
  readonly otherRepresentors: readonly string[];
}

export interface TopologyPf {
  readonly address: string;
  /** How reports and metrics name the PF (the `pf` label, a finding's subject): its uplink netdev, or its PCI address. */
  readonly label: string;
  /** The PF's own netdev: the uplink, never a representor. */
  readonly netdev?: string;
  readonly devicePath: string;
  readonly vendorId?: string;
  readonly deviceId?: string;
  readonly driver?: string;
  readonly totalVfs?: number;
  readonly numVfs?: number;
  /** Set when the PF's switch is in switchdev mode, which its representors show (devlink is not asked). */
  readonly switchdev?: SwitchdevPf;
  readonly vfs: readonly TopologyVf[];
}

export interface Topology {
  readonly pfs: readonly TopologyPf[];
}

export interface TopologyReading extends Topology {
  /**
   * What could not be read that leaves PFs or VFs out or mislabels their counters (the device list, a virtfn
   * link, a VF's directory or driver, the netdev list): every collector is incomplete then.
   */
  readonly problems: readonly ReadIssue[];
  /** What could not be read of the facts only the inventory publishes (VF counts, class, NUMA node, IOMMU group). */
  readonly infoProblems: readonly ReadIssue[];
}

export { CLASS_NET_DIR } from './netdev-owners.js';
export const PCI_DRIVERS_DIR = '/sys/bus/pci/drivers';

export function readTopology(host: HostFs): TopologyReading {
  const walk = topologyWalk(host);
  while (!walk.prepare.next().done);
  for (const address of walk.addresses) walk.readPf(address);
  return walk.reading;
}

/**
 * The same reading, handing the thread back (`pause`) between PFs and every NETDEV_PACE netdev links (netdev-owners.ts): each step
 * is synchronous, and a host with many PFs would otherwise hold the event loop for all of them at once.
 */
export async function readTopologyPaced(host: HostFs, pause: () => Promise<void>): Promise<TopologyReading> {
  const walk = topologyWalk(host);
  while (!walk.prepare.next().done) await pause();
  for (const address of walk.addresses) if (walk.readPf(address)) await pause();
  return walk.reading;
}

interface TopologyWalk {
  /** The candidate PF addresses, in routing order. */
  readonly addresses: readonly string[];
  /** Reads what every PF needs (netdevs, drivers), a step at a time; readPf only after its last step. */
  readonly prepare: Iterator<void>;
  /** Reads one candidate into the growing reading; true when it was a PF. */
  readonly readPf: (address: string) => boolean;
  readonly reading: TopologyReading;
}

function topologyWalk(host: HostFs): TopologyWalk {
  const problems: ReadIssue[] = [];
  const infoProblems: ReadIssue[] = [];
  const pfs: TopologyPf[] = [];
  const reading = { pfs, problems, infoProblems };
  const names = host.list(PCI_DEVICES_DIR, { sorted: false });
  if (names === undefined || isIssue(names)) {
    if (names) problems.push(names);
    return { addresses: [], prepare: [][Symbol.iterator](), readPf: () => false, reading };
  }

  const netdevs = new Map<string, string[]>();
  let drivers: Map<string, string> | undefined;
  function* prepare(): Generator<void> {
    yield* netdevsByPciAddress(host, problems, netdevs);
    drivers = driversByPciAddress(host);
  }
  const seenVfs = new Set<string>();
  const readPf = (address: string): boolean => {
    if (seenVfs.has(address)) return false;
    const base = `${PCI_DEVICES_DIR}/${address}`;
    const total = host.readText(`${base}/sriov_totalvfs`);
    if (total === undefined) return false; // not a PF
    const devicePath = host.resolve(base);
    if (devicePath === undefined) return false; // removed meanwhile
    if (isIssue(devicePath)) {
      problems.push(devicePath);
      return false;
    }
    const identity = readIdentity(host, devicePath);
    // SR-IOV capable storage, GPUs and accelerators are not ours; an unreadable class might be a NIC.
    if (!isNetworkClass(identity.classCode) && !isIssue(identity.classCode)) return false;
    const totalVfs = parseFact(`${devicePath}/sriov_totalvfs`, total, parseUnsigned, 'a number');
    const numVfs = readFact(host, `${devicePath}/sriov_numvfs`, parseUnsigned, 'a number');
    for (const fact of [totalVfs, numVfs, identity.classCode]) if (isIssue(fact)) infoProblems.push(fact);

    const ports = readPorts(host, devicePath, address, netdevs.get(address) ?? []);
    const vfs: TopologyVf[] = [];
    for (const link of vfLinks(host, address, devicePath, known(numVfs), infoProblems)) {
      if (isIssue(link.address) || link.address === undefined) {
        if (link.address) problems.push(link.address);
        continue;
      }
      seenVfs.add(link.address);
      const vf = readVf(host, link.index, link.address, devicePath, netdevs, drivers, { problems, infoProblems });
      if (vf) vfs.push(withRepresentor(vf, ports));
    }
    // VFs being created or removed right now (sriov_numvfs written meanwhile): what was found is exposed, and
    // the collector says it is not the whole picture.
    if (typeof numVfs === 'number' && vfs.length !== numVfs) {
      problems.push(readIssue(`${devicePath}/sriov_numvfs`, 'ECHANGED', `${numVfs} VFs enabled, ${vfs.length} found (VFs being created or removed?)`));
    }
    pfs.push(
      topologyPf(address, devicePath, ports, vfs, {
        vendorId: known(identity.vendorId),
        deviceId: known(identity.deviceId),
        driver: known(identity.driver),
        totalVfs: known(totalVfs),
        numVfs: known(numVfs),
      }),
    );
    return true;
  };
  return { addresses: inRoutingOrder(names.filter(isPciAddress)), prepare: prepare(), readPf, reading };
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
): TopologyVf | undefined {
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

/** PCI address → its netdevs, from the /sys/class/net links (…/<pci address>/net/<name>), into `result`; a step per NETDEV_PACE links. */
function* netdevsByPciAddress(host: HostFs, problems: ReadIssue[], result: Map<string, string[]>): Generator<void> {
  const found = yield* readNetdevOwnersPaced(host);
  if (isIssue(found)) problems.push(found);
  if (found === undefined || isIssue(found)) return;
  for (const [owner, list] of found.owners) result.set(owner, list.sort()); // a function's few netdevs, in a stable order
}

/**
 * The PF's own netdev and its representors. A PF with one netdev needs no read; among several (a switchdev PF's
 * uplink and representors) each one's phys_port_name says which is which, and the uplink's phys_switch_id which
 * switch they are ports of.
 */
function readPorts(host: HostFs, devicePath: string, address: string, names: readonly string[]): PfPorts {
  const netdevs: PortNetdev[] = names.map((name) => {
    if (names.length <= 1) return { name };
    const portName = known(trimmedFact(host.readText(`${devicePath}/net/${name}/phys_port_name`)));
    return portName === undefined ? { name } : { name, portName };
  });
  const ports = pfPorts(functionNumber(address), netdevs);
  if (ports.uplink === undefined || (ports.vfRepresentors.size === 0 && ports.otherRepresentors.length === 0)) return ports;
  const switchId = known(trimmedFact(host.readText(`${devicePath}/net/${ports.uplink}/phys_switch_id`)));
  return switchId === undefined ? ports : { ...ports, switchId };
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

/** A VF with its representor, when its PF has one for it. */
function withRepresentor(vf: TopologyVf, ports: PfPorts): TopologyVf {
  const representor = ports.vfRepresentors.get(vf.index);
  return representor === undefined ? vf : { ...vf, representor };
}

interface PfFacts {
  readonly vendorId: string | undefined;
  readonly deviceId: string | undefined;
  readonly driver: string | undefined;
  readonly totalVfs: number | undefined;
  readonly numVfs: number | undefined;
}

/** A PF of the model, named by its uplink; switchdev when representors hang off it. */
function topologyPf(address: string, devicePath: string, ports: PfPorts, vfs: readonly TopologyVf[], facts: PfFacts): TopologyPf {
  const found = new Set(vfs.map((vf) => vf.index));
  const orphans = [...ports.vfRepresentors].filter(([index]) => !found.has(index)).map(([, name]) => name);
  const representors = ports.vfRepresentors.size + ports.otherRepresentors.length;
  const switchdev: SwitchdevPf | undefined =
    representors === 0 ? undefined : { ...(ports.switchId ? { switchId: ports.switchId } : {}), otherRepresentors: [...ports.otherRepresentors, ...orphans].sort() };
  return {
    address,
    label: ports.uplink ?? address,
    ...(ports.uplink !== undefined ? { netdev: ports.uplink } : {}),
    devicePath,
    ...defined('vendorId', facts.vendorId),
    ...defined('deviceId', facts.deviceId),
    ...defined('driver', facts.driver),
    ...defined('totalVfs', facts.totalVfs),
    ...defined('numVfs', facts.numVfs),
    ...(switchdev ? { switchdev } : {}),
    vfs,
  };
}

/**
 * The same model from the PCI and netdev records a snapshot holds (the checks' view), without reading anything
 * again: the PFs are the functions the kernel made PFs, in address order, with their VFs by virtfn index.
 */
export function topologyOf(devices: readonly PciDevice[], netDevices: readonly NetDevice[]): Topology {
  const byAddress = new Map(devices.map((d) => [d.address, d]));
  const netdevs = new Map(netDevices.map((n) => [n.name, n]));
  const names = (d: PciDevice) => (Array.isArray(d.netdevs) ? (d.netdevs as readonly string[]) : []);
  const pfs: TopologyPf[] = [];
  for (const pf of devices) {
    if (pf.sriov === undefined) continue;
    const ports = pfPorts(
      functionNumber(pf.address),
      names(pf).map((name) => {
        const record = netdevs.get(name);
        const portName = known(record?.physPortName);
        const switchId = known(record?.physSwitchId);
        return { name, ...(portName !== undefined ? { portName } : {}), ...(switchId !== undefined ? { switchId } : {}) };
      }),
    );
    const vfs: TopologyVf[] = [];
    for (const link of pf.virtfns ?? []) {
      const vf = typeof link.address === 'string' ? byAddress.get(link.address) : undefined;
      if (vf === undefined) continue;
      const [netdev] = names(vf);
      const vfFacts: TopologyVf = {
        index: link.index,
        address: vf.address,
        devicePath: vf.devicePath,
        ...defined('driver', known(vf.driver)),
        ...defined('netdev', netdev),
        ...defined('numaNode', known(vf.numaNode)),
        ...defined('iommuGroup', known(vf.iommuGroup)),
      };
      vfs.push(withRepresentor(vfFacts, ports));
    }
    pfs.push(
      topologyPf(pf.address, pf.devicePath, ports, vfs, {
        vendorId: known(pf.vendorId),
        deviceId: known(pf.deviceId),
        driver: known(pf.driver),
        totalVfs: known(pf.sriov.totalVfs),
        numVfs: known(pf.sriov.numVfs),
      }),
    );
  }
  return { pfs };
}
