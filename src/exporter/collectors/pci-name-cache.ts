// Vendor and model names for sriov_pf_info. The pci.ids database is static reference data, not host state,
// so an id is looked up once per server (a miss too) instead of reading a 1.3 MB file at every scrape; the
// device facts themselves are still read afresh each time.

import { findFamilyByPf } from '../../catalog/nic-catalog.js';
import { pciNameKey, resolvePciNames } from '../../readers/pci-names-reader.js';
import type { HostFs } from '../../host/host-fs.js';

export interface PciNames {
  readonly vendor?: string;
  readonly model?: string;
}

export class PciNameCache {
  private readonly known = new Map<string, PciNames>();

  /** Names for each `vendor:device` id (lowercase hex); ids not seen before cost one read of pci.ids together. */
  namesFor(host: HostFs, ids: readonly { vendorId: string; deviceId: string }[]): (vendorId: string, deviceId: string) => PciNames {
    const missing = ids.filter((id) => !this.known.has(pciNameKey(id.vendorId, id.deviceId)));
    if (missing.length > 0) {
      const found = resolvePciNames(host, missing);
      for (const { vendorId, deviceId } of missing) {
        const key = pciNameKey(vendorId, deviceId);
        // The catalog names the families pci.ids may not know yet (the bundled copy is from 2018).
        const model = found.devices[key] ?? findFamilyByPf(vendorId, deviceId)?.name;
        const vendor = found.vendors[vendorId.toLowerCase()];
        this.known.set(key, { ...(vendor ? { vendor } : {}), ...(model ? { model } : {}) });
      }
    }
    return (vendorId, deviceId) => this.known.get(pciNameKey(vendorId, deviceId)) ?? {};
  }
}
