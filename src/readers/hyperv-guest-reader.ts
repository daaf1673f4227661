// A Linux guest on Hyper-V or Azure, as its sysfs shows it: the synthetic NICs (VMBus devices of the netvsc class,
// driven by hv_netvsc) and the Accelerated Networking VFs (PCI functions below VMBus devices of the PCI
// pass-through class, driven by mlx4/mlx5/mana), with the links that join a VF's netdev to its synthetic NIC.
//
// sysfs facts (reference/hyperv.md §5, drivers/hv/vmbus_drv.c, drivers/net/hyperv/netvsc_drv.c, net/core/dev.c):
// /sys/bus/vmbus/devices/<instance>/class_id is "{<class GUID>}"; a VF's PCI device sits at
// <pass-through device>/pci<domain>:<bus>/<address> and has no physfn (the PF stays on the host); hv_netvsc joins
// the VF with netdev_master_upper_dev_link, which gives the VF's netdev a `master` link to the netvsc netdev and
// the netvsc netdev a `lower_<vf>` link; the VF has the synthetic NIC's MAC.

import { GUEST_VF_DRIVERS } from '../catalog/host-locations.js';
import type { HostFs } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue, parseFact, trimmedFact } from '../fact.js';
import { isPciAddress, parseMac, parseUnsigned } from '../parse/sysfs-values.js';
import { type KernelInfo, readKernel } from './kernel-reader.js';
import { readIdentity } from './pci-reader.js';

export const NETVSC_CLASS = 'f8615163-df3e-46c5-913f-f2d2f965ed0e';
export const PCI_PASSTHROUGH_CLASS = '44c4f61d-4444-4400-9d52-802e27ede19f';

const VMBUS_DEVICES = '/sys/bus/vmbus/devices';

export interface GuestNetdev {
  readonly name: string;
  /** Host path of the netdev's directory (below its device). */
  readonly path: string;
  readonly address: Fact<string>;
  readonly operstate: Fact<string>;
  /** Name of the netdev the `master` link points to; undefined when there is none. */
  readonly master: Fact<string>;
  /** Names from the `lower_<name>` links: the netdevs joined below this one. */
  readonly lowers: readonly string[];
  readonly rxPackets: Fact<number>;
  readonly txPackets: Fact<number>;
  readonly rxBytes: Fact<number>;
  readonly txBytes: Fact<number>;
}

export interface SyntheticNic {
  /** The VMBus instance GUID. */
  readonly instance: string;
  readonly driver: Fact<string>;
  /** hv_netvsc's netdev; undefined when no driver made one. */
  readonly netdev?: GuestNetdev;
}

export interface GuestVf {
  /** The PCI pass-through VMBus device it hangs below. */
  readonly instance: string;
  readonly pciAddress: string;
  readonly vendorId: Fact<string>;
  readonly deviceId: Fact<string>;
  readonly driver: Fact<string>;
  /** A physfn link would mean a PF in this guest: not an Accelerated Networking VF. */
  readonly hasPhysfn: boolean;
  readonly netdevs: readonly GuestNetdev[];
}

export interface HypervGuestView {
  /** /sys/bus/vmbus/devices exists: a Hyper-V or Azure guest. */
  readonly vmbus: Fact<boolean>;
  readonly nics: readonly SyntheticNic[];
  readonly vfs: readonly GuestVf[];
  /** Module states and modules.alias matches for the VF drivers and the VFs' ids. */
  readonly kernel?: KernelInfo;
  /** What could not be read along the way. */
  readonly issues: readonly ReadIssue[];
}

export function readHypervGuest(host: HostFs): HypervGuestView {
  const instances = host.list(VMBUS_DEVICES);
  if (instances === undefined) return { vmbus: false, nics: [], vfs: [], issues: [] };
  if (isIssue(instances)) return { vmbus: instances, nics: [], vfs: [], issues: [instances] };
  const issues: ReadIssue[] = [];
  const nics: SyntheticNic[] = [];
  const vfs: GuestVf[] = [];
  for (const instance of instances) {
    const link = `${VMBUS_DEVICES}/${instance}`;
    const classId = parseFact(`${link}/class_id`, trimmedFact(host.readText(`${link}/class_id`)), parseClassId, 'a {GUID}');
    if (isIssue(classId)) issues.push(classId);
    if (classId !== NETVSC_CLASS && classId !== PCI_PASSTHROUGH_CLASS) continue;
    const device = host.resolve(link);
    if (device === undefined || isIssue(device)) {
      if (isIssue(device)) issues.push(device);
      continue;
    }
    if (classId === NETVSC_CLASS) {
      const netdevs = readNetdevs(host, device, issues);
      nics.push({ instance, driver: host.linkName(`${device}/driver`), ...(netdevs[0] ? { netdev: netdevs[0] } : {}) });
    } else {
      vfs.push(...readPassthrough(host, instance, device, issues));
    }
  }
  const pciIds = vfs.flatMap((vf) => (typeof vf.vendorId === 'string' && typeof vf.deviceId === 'string' ? [`${vf.vendorId}:${vf.deviceId}`] : []));
  const kernel = readKernel(host, { moduleNames: [...GUEST_VF_DRIVERS], pciIds });
  return { vmbus: true, nics, vfs, kernel, issues };
}

/** "{f8615163-df3e-…}" → the GUID in lower case. */
function parseClassId(text: string): string | undefined {
  const match = /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/.exec(text);
  return match ? (match[1] as string).toLowerCase() : undefined;
}

/** The PCI functions below a pass-through device: <device>/pci<domain>:<bus>/<address>. */
function readPassthrough(host: HostFs, instance: string, device: string, issues: ReadIssue[]): GuestVf[] {
  const entries = listOrNote(host, device, issues);
  const vfs: GuestVf[] = [];
  for (const bus of entries.filter((e) => /^pci[0-9a-f]{4,8}:[0-9a-f]{2}$/.test(e))) {
    for (const address of listOrNote(host, `${device}/${bus}`, issues).filter(isPciAddress)) {
      const path = `${device}/${bus}/${address}`;
      const identity = readIdentity(host, path);
      const physfn = host.entryType(`${path}/physfn`);
      if (isIssue(physfn)) issues.push(physfn);
      vfs.push({
        instance,
        pciAddress: address,
        vendorId: identity.vendorId,
        deviceId: identity.deviceId,
        driver: identity.driver,
        hasPhysfn: physfn === 'symlink',
        netdevs: readNetdevs(host, path, issues),
      });
    }
  }
  return vfs;
}

function readNetdevs(host: HostFs, devicePath: string, issues: ReadIssue[]): GuestNetdev[] {
  return listOrNote(host, `${devicePath}/net`, issues).map((name) => readGuestNetdev(host, `${devicePath}/net/${name}`, name, issues));
}

function readGuestNetdev(host: HostFs, path: string, name: string, issues: ReadIssue[]): GuestNetdev {
  const counter = (file: string): Fact<number> => parseFact(`${path}/statistics/${file}`, host.readText(`${path}/statistics/${file}`), parseUnsigned, 'an unsigned decimal');
  const lowers = listOrNote(host, path, issues).filter((e) => e.startsWith('lower_')).map((e) => e.slice('lower_'.length));
  return {
    name,
    path,
    address: parseFact(`${path}/address`, host.readText(`${path}/address`), parseMac, 'a link-layer address'),
    operstate: trimmedFact(host.readText(`${path}/operstate`)),
    master: host.linkName(`${path}/master`),
    lowers,
    rxPackets: counter('rx_packets'),
    txPackets: counter('tx_packets'),
    rxBytes: counter('rx_bytes'),
    txBytes: counter('tx_bytes'),
  };
}

/** A directory's names; an unreadable one is noted and read as empty, an absent one is empty. */
function listOrNote(host: HostFs, path: string, issues: ReadIssue[]): string[] {
  const names = host.list(path);
  if (isIssue(names)) {
    issues.push(names);
    return [];
  }
  return names ?? [];
}

