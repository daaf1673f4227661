// IOMMU group membership seen from a PF: the ground truth for what a VM must take together. Bridges in a
// group do not count (VFIO ignores them); any other endpoint does.

import { isBridgeClass } from '../readers/pci-reader.js';
import type { PciDevice } from '../snapshot/snapshot-types.js';
import type { HostView, PfView } from './host-view.js';

/** The other endpoints in a device's group; undefined when the group's members are not known. */
export function groupMates(device: PciDevice, host: HostView): PciDevice[] | undefined {
  const group = device.iommuGroup;
  if (typeof group !== 'string') return undefined;
  const members = host.snapshot.iommu.groups[group]?.devices;
  if (!Array.isArray(members)) return undefined;
  return members
    .filter((m) => m !== device.address)
    .map((m) => host.device(m) ?? ({ address: m, devicePath: '', upstream: [], vendorId: undefined, deviceId: undefined, classCode: undefined, driver: undefined, netdevs: [] } as PciDevice))
    .filter((d) => !isBridgeClass(d.classCode));
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
