// Reads the platform under the kernel: the CPU's virtualization flags, the ACPI tables that describe an
// IOMMU, DMI identity, signs of running as a guest, kernel lockdown, the distribution and its boot config.

import { type HostFs, readFact } from '../host/host-fs.js';
import { type Fact, isIssue, known, parseFact, placed, trimmedFact } from '../fact.js';
import { parseAcpiHeader } from '../parse/acpi-table.js';
import { parseCpuinfo, type CpuInfo } from '../parse/cpuinfo.js';
import { parseLockdown, type LockdownMode } from '../parse/lockdown.js';
import { parseOsRelease, type OsRelease } from '../parse/os-release.js';

/** What the ACPI tables say; the bytes are root-only (mode 0400), the file's presence is not. */
export interface AcpiTable {
  /** The header could be read (as root). */
  readonly readable: boolean;
  readonly length?: number;
  readonly oemId?: string;
  readonly oemTableId?: string;
  /** DMAR only: bit 0 INTR_REMAP, bit 1 X2APIC_OPT_OUT. */
  readonly dmarFlags?: number;
}

export const ACPI_IOMMU_TABLES = ['DMAR', 'IVRS', 'IORT'] as const;
export type AcpiIommuTable = (typeof ACPI_IOMMU_TABLES)[number];

export const DMI_FIELDS = ['sys_vendor', 'product_name', 'product_version', 'board_vendor', 'bios_vendor', 'bios_version'] as const;
export type DmiField = (typeof DMI_FIELDS)[number];

/** The machine under the kernel: CPU, firmware tables, DMI, what it runs on, how it boots. */
export interface PlatformInfo {
  readonly cpu: Fact<CpuInfo>;
  /** ACPI tables that describe an IOMMU: DMAR (Intel VT-d), IVRS (AMD-Vi), IORT (Arm SMMU). */
  readonly acpiTables: Readonly<Record<AcpiIommuTable, Fact<AcpiTable>>>;
  /** /sys/class/dmi/id/<field> (x86 firmware identity). */
  readonly dmi: Readonly<Partial<Record<DmiField, Fact<string>>>>;
  /** /sys/hypervisor/type (xen under Xen). */
  readonly hypervisorType: Fact<string>;
  /** /sys/bus/vmbus exists: a Hyper-V guest. */
  readonly vmbus: Fact<boolean>;
  /** /sys/kernel/security/lockdown; undefined when the file is absent. */
  readonly lockdown: Fact<LockdownMode>;
  /** /sys/kernel/security/lsm exists: securityfs is mounted, so an absent lockdown file means no lockdown. */
  readonly securityfs: Fact<boolean>;
  readonly os: Fact<OsRelease>;
  /** Where the kernel command line is configured, for the fix text. */
  readonly boot: BootConfig;
}

export interface BootConfig {
  /** /etc/default/grub */
  readonly grubDefaults: boolean;
  /** /etc/kernel/cmdline (systemd-boot, kernel-install, Proxmox) */
  readonly kernelCmdlineFile: boolean;
  /** /run/ostree-booted (Fedora CoreOS, RHCOS: rpm-ostree kargs) */
  readonly ostree: boolean;
}

const ACPI_TABLES_DIR = '/sys/firmware/acpi/tables';
/** The first processor's block is all that is parsed; 64 KiB holds it on any CPU. */
const CPUINFO_BYTES = 65536;

export function readPlatform(host: HostFs): PlatformInfo {
  const acpiTables = {} as Record<AcpiIommuTable, Fact<AcpiTable>>;
  for (const name of ACPI_IOMMU_TABLES) acpiTables[name] = readAcpiTable(host, name);
  const dmi: Partial<Record<DmiField, Fact<string>>> = {};
  for (const field of DMI_FIELDS) {
    const value = trimmedFact(host.readText(`/sys/class/dmi/id/${field}`));
    if (value !== undefined) dmi[field] = value;
  }
  const osPath = '/etc/os-release';
  const osText = host.readText(osPath) ?? host.readText('/usr/lib/os-release');
  return {
    cpu: readFact(host, '/proc/cpuinfo', parseCpuinfo, 'processor blocks with a flags or Features line', CPUINFO_BYTES),
    acpiTables,
    dmi,
    hypervisorType: trimmedFact(host.readText('/sys/hypervisor/type')),
    vmbus: host.exists('/sys/bus/vmbus'),
    lockdown: readFact(host, '/sys/kernel/security/lockdown', parseLockdown, 'the modes with one in brackets'),
    securityfs: host.exists('/sys/kernel/security/lsm'),
    os: parseFact(osPath, osText, parseOsRelease, 'KEY=value lines with an ID'),
    boot: {
      grubDefaults: known(host.exists('/etc/default/grub')) === true,
      kernelCmdlineFile: known(host.exists('/etc/kernel/cmdline')) === true,
      ostree: known(host.exists('/run/ostree-booted')) === true,
    },
  };
}

/** Present or not is what matters, and anyone may see that; the header needs root (mode 0400). */
function readAcpiTable(host: HostFs, name: AcpiIommuTable): Fact<AcpiTable> {
  const path = `${ACPI_TABLES_DIR}/${name}`;
  const bytes = host.readBytes(path, 64);
  if (bytes === undefined) return undefined;
  if (isIssue(bytes)) return bytes.code === 'EACCES' || bytes.code === 'EPERM' ? { readable: false } : bytes;
  const h = placed(path, parseAcpiHeader(bytes, name));
  if (isIssue(h)) return h;
  return { readable: true, length: h.length, oemId: h.oemId, oemTableId: h.oemTableId, ...(h.dmarFlags !== undefined ? { dmarFlags: h.dmarFlags } : {}) };
}

