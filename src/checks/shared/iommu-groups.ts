// IOMMU group membership seen from a PF: the ground truth for what a VM must take together. Bridges in a
// group do not count (VFIO ignores them); any other endpoint does. Members come from each PCI device's own
// iommu_group link, which the kernel creates together with the group's devices/ entry.

import { isBridgeClass } from '../../parse/pci-class.js';
import type { PciDevice } from '../../readers/pci-reader.js';
import type { HostView, PfView } from '../host-view.js';

/** The other endpoints in a device's group; undefined when the device is in no group. */
export function groupMates(device: PciDevice, host: HostView): PciDevice[] | undefined {
  const group = device.iommuGroup;
  if (typeof group !== 'string') return undefined;
  return (host.iommuGroups.get(group) ?? []).filter((m) => m.address !== device.address && !isBridgeClass(m.classCode));
}

/** IOMMU groups of the PF and its VFs that hold another endpoint. */
export function sharedGroups(pf: PfView, host: HostView): string[] {
  const shared: string[] = [];
  for (const device of [pf.device, ...pf.vfs]) {
    const group = device.iommuGroup;
    if (typeof group !== 'string' || shared.includes(group)) continue;
    if ((groupMates(device, host) ?? []).length > 0) shared.push(group);
  }
  return shared;
}
