// HostSnapshot: everything the checks know about a host, as plain JSON-serialisable data.
// Saved with `sriov-check --save-snapshot FILE` and replayed with `--snapshot FILE`, so a field added here
// is a field of a public file format: bump SNAPSHOT_VERSION when a change would break an older reader.
//
// Convention for facts: a value; `undefined` (omitted in JSON) when the host does not have it; or a
// ReadIssue `{kind: 'issue', path, code}` when it could not be read or made no sense.

import type { Fact, ReadIssue } from '../host/read-issue.js';
import type { PciConfig } from '../parse/pci-config.js';
import type { LinkSpeed } from '../parse/sysfs-values.js';

export const SNAPSHOT_FORMAT = 'sriov-exporter/host-snapshot';
export const SNAPSHOT_VERSION = 1;

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
