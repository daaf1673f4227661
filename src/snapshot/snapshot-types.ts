// HostSnapshot: everything the checks know about a host, as plain JSON-serialisable data.
// Saved with `sriov-check --save-snapshot FILE` and replayed with `--snapshot FILE`, so a field added here
// is a field of a public file format: bump SNAPSHOT_VERSION when a change would break an older reader.
//
// Convention for facts: a value; `undefined` (omitted in JSON) when the host does not have it; or a
// ReadIssue `{kind: 'issue', path, code}` when it could not be read or made no sense.

import type { Fact, ReadIssue } from '../fact.js';
import type { CpuInfo } from '../parse/cpuinfo.js';
import type { KernelLogLine } from '../parse/kernel-log.js';
import type { LockdownMode } from '../parse/lockdown.js';
import type { OsRelease } from '../parse/os-release.js';
import type { PciConfig } from '../parse/pci-config.js';
import type { PciResource } from '../parse/pci-resource.js';
import type { InterruptSummary } from '../parse/proc-interrupts.js';
import type { LinkSpeed } from '../parse/sysfs-values.js';
import type { PersistenceHit } from '../parse/vf-persistence.js';

export type { CpuInfo, InterruptSummary, KernelLogLine, LockdownMode, OsRelease, PciResource, PersistenceHit };

export const SNAPSHOT_FORMAT = 'sriov-exporter/host-snapshot';
// 2: firmware and hypervisor facts (platform, iommu, kernelLog, virtualization, vfPersistence; PCI
// resource windows and bridge bus numbers). A version-1 file lacks what the new checks read.
export const SNAPSHOT_VERSION = 2;

export interface HostSnapshot {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  readonly takenAt: string;
  readonly source: SnapshotSource;
  readonly system: SystemInfo;
  readonly kernel: KernelInfo;
  /** Number of NUMA nodes (/sys/devices/system/node/nodeN). */
  readonly numaNodes: Fact<number>;
  readonly pciDevices: readonly PciDevice[];
  readonly netDevices: readonly NetDevice[];
  readonly names: PciNames;
  readonly platform: PlatformInfo;
  readonly iommu: IommuInfo;
  readonly kernelLog: KernelLogInfo;
  readonly virtualization: VirtualizationInfo;
  readonly vfPersistence: VfPersistenceInfo;
}

export interface SnapshotSource {
  readonly rootfs: string;
  readonly sysfs: string;
  readonly procfs: string;
  /** Read from the machine the tool ran on (rootfs `/`, default sysfs and procfs). */
  readonly live: boolean;
  /** Effective uid of the reader: config space beyond 64 bytes needs root. */
  readonly euid?: number;
  /** Set when the PCI device list itself could not be read. */
  readonly pciListIssue?: ReadIssue;
}

/** Enrichment from systeminformation, only for the live root. */
export interface SystemInfo {
  readonly consulted: boolean;
  /** Why it was not consulted or why it failed. */
  readonly note?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly biosVendor?: string;
  readonly biosVersion?: string;
  readonly biosReleaseDate?: string;
  readonly virtual?: boolean;
  readonly virtualHost?: string;
}

export type ModuleState = 'loaded' | 'builtin' | 'on-disk' | 'absent';

export interface KernelInfo {
  readonly release: Fact<string>;
  readonly cmdline: Fact<string>;
  readonly loadedModules: Fact<readonly string[]>;
  /** `lib/modules/<release>` under the root, when the release is known. */
  readonly modulesDir?: string;
  /** State of each module the checks ask about (PF/VF drivers, vfio, kvm). */
  readonly modules: Readonly<Record<string, Fact<ModuleState>>>;
  /** Modules whose `alias pci:` patterns match a `vendor:device` id (VF and PF ids of the NICs found). */
  readonly pciAliases: Readonly<Record<string, Fact<readonly string[]>>>;
}

export interface SriovAttributes {
  readonly totalVfs: Fact<number>;
  readonly numVfs: Fact<number>;
  readonly offset: Fact<number>;
  readonly stride: Fact<number>;
  readonly vfDeviceId: Fact<string>;
  readonly driversAutoprobe: Fact<boolean>;
  readonly vfTotalMsix: Fact<number>;
}

export interface VirtualFunctionLink {
  readonly index: number;
  readonly address: Fact<string>;
}

export interface PciDevice {
  readonly address: string;
  /** Canonical sysfs path (/sys/devices/pci0000:00/…/0000:3b:00.0). */
  readonly devicePath: string;
  /** PCI addresses of the bridges above, nearest first. */
  readonly upstream: readonly string[];
  readonly vendorId: Fact<string>;
  readonly deviceId: Fact<string>;
  readonly classCode: Fact<string>;
  readonly subsystemVendorId?: Fact<string>;
  readonly subsystemDeviceId?: Fact<string>;
  /** Bound driver; undefined when none is bound. */
  readonly driver: Fact<string>;
  readonly numaNode?: Fact<number>;
  readonly iommuGroup?: Fact<string>;
  /** `ari_enabled`: ARI forwarding enabled on the bus this device sits on (readable without root). */
  readonly ariEnabled?: Fact<boolean>;
  readonly currentLinkSpeed?: Fact<LinkSpeed | null>;
  readonly currentLinkWidth?: Fact<number | null>;
  readonly maxLinkSpeed?: Fact<LinkSpeed | null>;
  readonly maxLinkWidth?: Fact<number | null>;
  /** For a VF: its PF's address and its index there. */
  readonly physfn?: string;
  readonly vfIndex?: number;
  /** Present only when the kernel made the device a PF (`sriov_totalvfs` exists). */
  readonly sriov?: SriovAttributes;
  readonly virtfns?: readonly VirtualFunctionLink[];
  readonly netdevs: Fact<readonly string[]>;
  /** Decoded config space; read for network functions that are not VFs, and for bridges above them. */
  readonly config?: Fact<PciConfig>;
  /** PF only: the six VF BAR windows from `resource` (lines 7–12); all zeros when the firmware placed none. */
  readonly iovResources?: Fact<readonly PciResource[]>;
  /** Bridges above a NIC: the bus range behind them (secondary_bus_number, subordinate_bus_number). */
  readonly secondaryBus?: Fact<number>;
  readonly subordinateBus?: Fact<number>;
}

export interface NetDevice {
  readonly name: string;
  readonly pciAddress: string;
  readonly operstate: Fact<string>;
  readonly carrier: Fact<boolean>;
  /** Mb/s; undefined while the link is down (the kernel answers EINVAL or -1). */
  readonly speedMbps: Fact<number>;
  readonly address: Fact<string>;
  readonly mtu: Fact<number>;
  readonly rxQueues: Fact<number>;
  readonly txQueues: Fact<number>;
  readonly physPortName?: Fact<string>;
}

export interface PciNames {
  /** Which pci.ids file the names came from. */
  readonly source: string;
  readonly vendors: Readonly<Record<string, string>>;
  /** Keyed `vendor:device`. */
  readonly devices: Readonly<Record<string, string>>;
}

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

export interface IommuUnit {
  /** dmar0, ivhd0, smmu3.0x… as in /sys/class/iommu. */
  readonly name: string;
  readonly kind: 'intel' | 'amd' | 'other';
  /** Intel: cap and ecap registers (hex, no 0x), version "1:0". AMD: features (EFR). */
  readonly cap?: Fact<string>;
  readonly ecap?: Fact<string>;
  readonly version?: Fact<string>;
  readonly features?: Fact<string>;
}

/** Members are each PCI device's `iommuGroup`; this holds what else the checks ask about a group. */
export interface IommuGroupInfo {
  /** PF groups: the default domain type (identity, DMA, DMA-FQ, unmanaged, blocked). */
  readonly type?: Fact<string>;
  /** Read only in VFIO's no-IOMMU mode, whose groups are named vfio-noiommu. */
  readonly name?: Fact<string>;
}

export interface IommuInfo {
  /** Entries of /sys/class/iommu. */
  readonly units: Fact<readonly IommuUnit[]>;
  /** Entries of /sys/kernel/iommu_groups. */
  readonly groupCount: Fact<number>;
  /** Groups of PFs (and of VFs in no-IOMMU mode), by group number. */
  readonly groups: Readonly<Record<string, IommuGroupInfo>>;
  /** Interrupt chips in /proc/interrupts: remapped (IR-) or not. */
  readonly interrupts: Fact<InterruptSummary>;
}

export interface KernelLogSource {
  /** Host path, or the file given with --kernel-log. */
  readonly path: string;
  readonly origin: 'option' | 'host';
  readonly bytes?: number;
  /** Only the end of the file was read. */
  readonly truncated?: boolean;
  /** Why the file could not be read. */
  readonly issue?: ReadIssue;
  /** The file's last boot is not the running kernel's (a log left from before): its lines were dropped. */
  readonly stale?: boolean;
  /** A boot marker was found in what was read: the lines cover the whole current boot. */
  readonly coversBoot?: boolean;
}

export interface KernelLogInfo {
  /** Every log file found (read or not); absent candidates are not listed. */
  readonly sources: readonly KernelLogSource[];
  /** Lines of the current boot that match a known signature (see parse/kernel-log.ts). */
  readonly lines: readonly KernelLogLine[];
}

export interface VirtualizationInfo {
  /** /dev/null exists: the host's /dev is visible under the root (a container may not mount it). */
  readonly devVisible: Fact<boolean>;
  readonly kvmDevice: Fact<boolean>;
  readonly vfioDevice: Fact<boolean>;
  /** `module.parameter` → value (kvm_intel.nested, vfio.enable_unsafe_noiommu_mode, …); absent when not loaded. */
  readonly moduleParameters: Readonly<Record<string, Fact<string>>>;
  /** QEMU binaries found (host paths). */
  readonly qemuBinaries: readonly string[];
  /** libvirt daemons installed (libvirtd, virtqemud). */
  readonly libvirtDaemons: readonly string[];
  /** libvirt control sockets present: the daemon (or its socket unit) is running. */
  readonly libvirtSockets: readonly string[];
  /** Paths that could not be checked. */
  readonly issues: readonly ReadIssue[];
}

export interface VfPersistenceInfo {
  /** Settings found that recreate VFs at boot. */
  readonly hits: readonly PersistenceHit[];
  /** Directories or files that could not be read (NetworkManager's are root-only). */
  readonly issues: readonly ReadIssue[];
}
