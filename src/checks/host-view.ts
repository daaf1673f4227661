// HostView: the snapshot seen the way checks ask about it — which functions are PFs, their VFs, netdevs,
// catalog family and names. Derived once per run, purely from the snapshot: the PFs the kernel made are the
// snapshot's topology (the exporter's model, uplinks and representors included), joined to their PCI and netdev
// records; functions that should have been PFs (SR-IOV off in firmware) are added from the PCI records.

import { findFamilyByPf, type NicFamily } from '../catalog/nic-catalog.js';
import { isIssue } from '../fact.js';
import { EXT_CAP_ID_SRIOV } from '../parse/pci-config.js';
import { isNetworkClass } from '../parse/pci-class.js';
import { normalizePciAddress } from '../parse/sysfs-values.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';
import type { NetDevice } from '../readers/net-reader.js';
import type { PciDevice } from '../readers/pci-reader.js';
import type { TopologyPf } from '../readers/topology-reader.js';
import { UserError } from '../user-error.js';

export interface PfView {
  readonly device: PciDevice;
  readonly address: string;
  /** How reports name the PF: its uplink netdev, or its PCI address when it has none. */
  readonly subject: string;
  /** The PF's own netdev (the uplink, never a representor). */
  readonly netdev?: NetDevice;
  /** The kernel's PF as the topology has it (undefined for a function whose SR-IOV is off). */
  readonly topology?: TopologyPf;
  readonly family?: NicFamily;
  readonly vendorName?: string;
  readonly deviceName?: string;
  /** VF functions present in the PCI list, in VF index order. */
  readonly vfs: readonly PciDevice[];
  /** Why this function counts as an SR-IOV PF. */
  readonly evidence: 'sriov-attributes' | 'sriov-capability' | 'catalog';
  /** Named by --pf (or every PF when none was named). */
  readonly selected: boolean;
}

export interface HostView {
  readonly snapshot: HostSnapshot;
  /** Every SR-IOV capable physical function found (attributes, capability, or a catalog model). */
  readonly pfs: readonly PfView[];
  readonly selectedPfs: readonly PfView[];
  /** Network functions that are neither PFs nor VFs of a visible PF (virtio, VFs inside a guest, …). */
  readonly otherNics: readonly PciDevice[];
  /** PCI functions whose class could not be read: each might be a PF. */
  readonly unreadable: readonly PciDevice[];
  /** PCI devices by IOMMU group, from each device's iommu_group link. */
  readonly iommuGroups: ReadonlyMap<string, readonly PciDevice[]>;
  device(address: string): PciDevice | undefined;
}

export class PfSelectionError extends UserError {
  constructor(readonly wanted: string, readonly known: readonly string[]) {
    const here = known.length ? ` (PFs here: ${known.join(', ')})` : ' (this host has none)';
    super(`--pf ${wanted}: no SR-IOV PF by that name or PCI address${here}`);
  }
}

export function buildHostView(snapshot: HostSnapshot, pfSelectors: readonly string[] = []): HostView {
  const devices = new Map(snapshot.pciDevices.map((d) => [d.address, d]));
  const netdevs = new Map(snapshot.netDevices.map((n) => [n.name, n]));
  const kernelPfs = new Map(snapshot.topology.pfs.map((pf) => [pf.address, pf]));
  const candidates: Omit<PfView, 'selected'>[] = [];
  const otherNics: PciDevice[] = [];

  for (const device of snapshot.pciDevices) {
    if (device.physfn !== undefined || !isNetworkClass(device.classCode)) continue;
    const vendor = typeof device.vendorId === 'string' ? device.vendorId : '';
    const id = typeof device.deviceId === 'string' ? device.deviceId : '';
    const family = findFamilyByPf(vendor, id);
    const hasCapability =
      device.config !== undefined && !isIssue(device.config) && (device.config.extendedCapabilities ?? []).includes(EXT_CAP_ID_SRIOV);
    const evidence = device.sriov ? 'sriov-attributes' : hasCapability ? 'sriov-capability' : family ? 'catalog' : undefined;
    if (evidence === undefined) {
      otherNics.push(device);
      continue;
    }
    const topology = kernelPfs.get(device.address);
    const names = Array.isArray(device.netdevs) ? (device.netdevs as readonly string[]) : [];
    // A PF the kernel made is named as the topology names it; one whose SR-IOV is off has no representors.
    const own = topology ? topology.netdev : names.find((n) => netdevs.has(n));
    const netdev = own === undefined ? undefined : netdevs.get(own);
    const vfs = (topology?.vfs ?? []).map((vf) => devices.get(vf.address)).filter((vf): vf is PciDevice => vf !== undefined);
    const vendorName = snapshot.names.vendors[vendor];
    const deviceName = snapshot.names.devices[`${vendor}:${id}`];
    candidates.push({
      device,
      address: device.address,
      subject: topology?.label ?? own ?? names[0] ?? device.address,
      ...(netdev ? { netdev } : {}),
      ...(topology ? { topology } : {}),
      ...(family ? { family } : {}),
      ...(vendorName ? { vendorName } : {}),
      ...(deviceName ? { deviceName } : {}),
      vfs,
      evidence,
    });
  }

  const chosen = selectPfs(candidates, pfSelectors);
  const pfs: PfView[] = candidates.map((pf) => ({ ...pf, selected: chosen.has(pf.address) }));
  return {
    snapshot,
    pfs,
    selectedPfs: pfs.filter((pf) => pf.selected),
    otherNics,
    unreadable: snapshot.pciDevices.filter((d) => isIssue(d.classCode)),
    iommuGroups: groupMembers(snapshot.pciDevices),
    device: (address) => devices.get(address),
  };
}

function groupMembers(devices: readonly PciDevice[]): Map<string, PciDevice[]> {
  const groups = new Map<string, PciDevice[]>();
  for (const d of devices) {
    if (typeof d.iommuGroup !== 'string') continue;
    const members = groups.get(d.iommuGroup);
    if (members) members.push(d);
    else groups.set(d.iommuGroup, [d]);
  }
  return groups;
}

function selectPfs(candidates: readonly Omit<PfView, 'selected'>[], selectors: readonly string[]): Set<string> {
  if (selectors.length === 0) return new Set(candidates.map((pf) => pf.address));
  const chosen = new Set<string>();
  for (const selector of selectors) {
    const address = normalizePciAddress(selector);
    const match = candidates.find(
      (pf) =>
        pf.address === address ||
        pf.subject === selector ||
        (Array.isArray(pf.device.netdevs) && (pf.device.netdevs as readonly string[]).includes(selector)),
    );
    if (!match) throw new PfSelectionError(selector, candidates.map((pf) => pf.subject));
    chosen.add(match.address);
  }
  return chosen;
}
