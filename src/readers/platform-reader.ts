// Reads the platform under the kernel: the CPU's virtualization flags, the ACPI tables that describe an
// IOMMU, DMI identity, signs of running as a guest, kernel lockdown, the distribution and its boot config.

import { type HostFs, readFact } from '../host/host-fs.js';
import { type Fact, isIssue, known, parseFact, placed, trimmedFact } from '../fact.js';
import { parseAcpiHeader } from '../parse/acpi-table.js';
import { parseCpuinfo } from '../parse/cpuinfo.js';
import { parseLockdown } from '../parse/lockdown.js';
import { parseOsRelease } from '../parse/os-release.js';
import { ACPI_IOMMU_TABLES, DMI_FIELDS, type AcpiIommuTable, type AcpiTable, type DmiField, type PlatformInfo } from '../snapshot/snapshot-types.js';

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

