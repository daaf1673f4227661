// HostSnapshot: everything the checks know about a host, as plain JSON-serialisable data — the records of the
// readers, each defined beside its reader, put together. Saved with `sriov-check --save-snapshot FILE` and
// replayed with `--snapshot FILE`, so a field added to a record is a field of a public file format: its schema
// (docs/snapshot.schema.json) is generated from these types, and SNAPSHOT_VERSION is bumped when a change would
// break an older reader.
//
// Convention for facts: a value; `undefined` (omitted in JSON) when the host does not have it; or a
// ReadIssue `{kind: 'issue', path, code}` when it could not be read or made no sense.

import type { ConsumerSummary } from '../attribution/consumer-types.js';
import type { Fact, ReadIssue } from '../fact.js';
import type { PciNames } from '../readers/pci-names-reader.js';
import type { HypervGuestView } from '../readers/hyperv-guest-reader.js';
import type { IommuInfo } from '../readers/iommu-reader.js';
import type { KernelInfo } from '../readers/kernel-reader.js';
import type { KernelLogInfo } from '../readers/kernel-log-reader.js';
import type { NetDevice } from '../readers/net-reader.js';
import type { PciDevice } from '../readers/pci-reader.js';
import type { VfPersistenceInfo } from '../readers/persistence-reader.js';
import type { PlatformInfo } from '../readers/platform-reader.js';
import type { SystemInfo } from '../readers/system-reader.js';
import type { Topology } from '../readers/topology-reader.js';
import type { VirtualizationInfo } from '../readers/virt-reader.js';

export const SNAPSHOT_FORMAT = 'sriov-exporter/host-snapshot';
// 2: firmware and hypervisor facts (platform, iommu, kernelLog, virtualization, vfPersistence; PCI
// resource windows and bridge bus numbers). A version-1 file lacks what the new checks read.
// 3: what the checks decide on comes parsed: kernel.parameters (the command line), module parameters as
// {value, enabled}, an Intel IOMMU unit's interruptRemapping, the command line's VF counts among
// vfPersistence.hits; the SR-IOV topology (uplinks and switchdev representors); netdevs' phys_switch_id.
export const SNAPSHOT_VERSION = 3;

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
  /** The PFs, their VFs and representors, as the exporter sees them (readers/topology-reader.ts). */
  readonly topology: Topology;
  readonly names: PciNames;
  readonly platform: PlatformInfo;
  readonly iommu: IommuInfo;
  readonly kernelLog: KernelLogInfo;
  readonly virtualization: VirtualizationInfo;
  readonly vfPersistence: VfPersistenceInfo;
  /** A Linux guest on Hyper-V/Azure: its synthetic NICs and Accelerated Networking VFs (absent elsewhere). */
  readonly hypervGuest?: HypervGuestView;
  /** Who holds each VF, by PCI address (readers/attribution/); absent when not read (the exporter's readiness run, older snapshots). */
  readonly consumers?: readonly ConsumerSummary[];
}

export interface SnapshotSource {
  readonly rootfs: string;
  readonly sysfs: string;
  readonly procfs: string;
  /** Read from the machine the tool ran on (host/host-fs.ts isLiveRoot). */
  readonly live: boolean;
  /** Effective uid of the reader: config space beyond 64 bytes needs root. */
  readonly euid?: number;
  /** Set when the PCI device list itself could not be read. */
  readonly pciListIssue?: ReadIssue;
}
