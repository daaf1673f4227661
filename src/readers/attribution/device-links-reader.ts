// Which PCI function each held character device opens: every VFIO cdev through /sys/class/vfio-dev (one
// listing and a readlink each; the class exists since Linux 6.1, and its entries also say which functions are
// bound to a VFIO driver, variant drivers included), and each verbs device a process holds through
// /sys/class/infiniband_verbs.

import { isIssue } from '../../host/read-issue.js';
import type { DeviceLinks, HolderEvidence } from '../../attribution/consumer-evidence.js';
import { pciAddressOfClassDevice } from '../../parse/attribution/class-device-link.js';
import type { AttributionFs } from './attribution-fs.js';
import type { SourceTally } from './source-tally.js';

export function readDeviceLinks(fs: AttributionFs, holders: HolderEvidence | undefined, tally: SourceTally): DeviceLinks {
  const vfioDevices = new Map<string, string>();
  const names = fs.list('/sys/class/vfio-dev', { sorted: false });
  if (isIssue(names)) tally.issue(names);
  for (const name of Array.isArray(names) ? names : []) {
    const target = fs.readLink(`/sys/class/vfio-dev/${name}`);
    const address = typeof target === 'string' ? pciAddressOfClassDevice(target, 'vfio-dev') : undefined;
    if (address !== undefined) vfioDevices.set(address, name);
  }
  const uverbs = new Map<string, string>();
  for (const device of new Set(holders?.holders.flatMap((h) => h.uverbs) ?? [])) {
    const target = fs.readLink(`/sys/class/infiniband_verbs/${device}`);
    const address = typeof target === 'string' ? pciAddressOfClassDevice(target, 'infiniband_verbs') : undefined;
    if (address !== undefined) uverbs.set(device, address);
  }
  return { vfioDevices, uverbs };
}
