// What each CPU vendor's platform calls its IOMMU, the ACPI table that describes it, and the BIOS options
// that switch it and hardware virtualization on — the words a fix has to use to be found in a BIOS setup.

import { isIssue } from '../../fact.js';
import { cpuVendor, type CpuVendor } from '../../parse/cpuinfo.js';
import type { AcpiIommuTable } from '../../readers/platform-reader.js';
import type { HostSnapshot } from '../../snapshot/snapshot-types.js';

/** Whose IOMMU to expect; `other` when the CPU could not be read. */
export function vendorOf(snapshot: HostSnapshot): CpuVendor {
  const cpu = snapshot.platform.cpu;
  return cpu === undefined || isIssue(cpu) ? 'other' : cpuVendor(cpu);
}

export const IOMMU_TABLES: Record<CpuVendor, readonly AcpiIommuTable[]> = {
  intel: ['DMAR'],
  amd: ['IVRS'],
  arm: ['IORT'],
  other: ['DMAR', 'IVRS', 'IORT'],
};

export const TABLE_DESCRIBES: Record<AcpiIommuTable, string> = {
  DMAR: 'the VT-d remapping units',
  IVRS: 'the AMD-Vi IOMMU',
  IORT: 'the SMMU',
};

export const IOMMU_NAME: Record<CpuVendor, string> = { intel: 'VT-d', amd: 'AMD-Vi', arm: 'the SMMU', other: 'the IOMMU' };

export const IOMMU_BIOS_OPTION: Record<CpuVendor, string> = {
  intel: '"Intel VT-d" ("Intel Virtualization Technology for Directed I/O")',
  amd: '"IOMMU" (AMD-Vi; on server boards often under NBIO Common Options)',
  arm: 'the SMMU',
  other: 'the IOMMU (Intel VT-d / AMD IOMMU)',
};

export const VIRTUALIZATION_BIOS_OPTION: Record<CpuVendor, string> = {
  intel: '"Intel Virtualization Technology" (VT-x)',
  amd: '"SVM Mode" (AMD-V)',
  arm: 'virtualization',
  other: 'VT-x / AMD-V',
};
