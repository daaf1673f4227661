// Which PCI function each held character device opens: every VFIO cdev through /sys/class/vfio-dev (one
// listing, and a readlink for each name not seen before: the class exists since Linux 6.1, and its entries
// also say which functions are bound to a VFIO driver, variant drivers included), and each verbs device a
// process holds through /sys/class/infiniband_verbs.
//
// A cdev's name lives as long as the binding: a name gone from the listing is forgotten, and everything is
// read afresh at each full rescan, so that an index freed and given to another device meanwhile is not
// trusted for longer than that.

import { isIssue } from '../../fact.js';
import type { DeviceLinks, HolderEvidence } from '../../attribution/consumer-evidence.js';
import { pciAddressOfClassDevice } from '../../parse/attribution/class-device-link.js';
import type { AttributionFs } from './attribution-fs.js';
import type { SourceTally } from './source-tally.js';

export class DeviceLinksReader {
  /** vfio<X> → its PCI function. */
  private cdevs = new Map<string, string>();

  /** fresh: forget what was learnt and read every link again. */
  read(fs: AttributionFs, holders: HolderEvidence | undefined, fresh: boolean, tally: SourceTally): DeviceLinks {
    const names = fs.list('/sys/class/vfio-dev', { sorted: false });
    if (isIssue(names)) tally.issue(names);
    const known = fresh ? new Map<string, string>() : this.cdevs;
    const cdevs = new Map<string, string>();
    for (const name of Array.isArray(names) ? names : []) {
      const address = known.get(name) ?? this.owner(fs, `/sys/class/vfio-dev/${name}`, 'vfio-dev');
      if (address !== undefined) cdevs.set(name, address);
    }
    this.cdevs = cdevs;
    const vfioDevices = new Map<string, string>();
    for (const [name, address] of cdevs) vfioDevices.set(address, name);

    const uverbs = new Map<string, string>();
    for (const device of new Set(holders?.holders.flatMap((h) => h.uverbs) ?? [])) {
      const address = this.owner(fs, `/sys/class/infiniband_verbs/${device}`, 'infiniband_verbs');
      if (address !== undefined) uverbs.set(device, address);
    }
    return { vfioDevices, uverbs };
  }

  private owner(fs: AttributionFs, link: string, deviceClass: 'vfio-dev' | 'infiniband_verbs'): string | undefined {
    const target = fs.readLink(link);
    return typeof target === 'string' ? pciAddressOfClassDevice(target, deviceClass) : undefined;
  }
}
