// Who holds a VF, as the exporter and the preflight will publish it (reference vf-attribution.md §7.2), and the
// evidence each source gives, joined to VFs by PCI address. Records meant for labels carry names and stable
// IDs only: never a pid, an argv or a MAC.

export type ConsumerKind = 'vm' | 'pod' | 'dpdk' | 'process' | 'host' | 'none' | 'unknown';

/** Where a consumer was read: a process's open files, a running-state file, or the VF's own sysfs. */
export type ConsumerSource = 'procfs' | 'libvirt' | 'proxmox' | 'checkpoint' | 'cni' | 'sysfs';

/** The sources that can be up, down or absent, each read on its own. */
export type AttributionSource = 'procfs' | 'libvirt' | 'proxmox' | 'checkpoint' | 'cni';

/** `device`: the VF itself is named; `group`: the holder owns the VF's IOMMU group, which has other VFs too. */
export type Attribution = 'device' | 'group';

export interface ConsumerDetails {
  /** The VM's UUID (libvirt <uuid>, QEMU -uuid; for Nova the instance UUID). */
  readonly vmUuid?: string;
  /** Proxmox VE's VMID. */
  readonly vmid?: number;
  /** The libvirt domain name when the consumer is named otherwise (KubeVirt `<ns>_<vm>`). */
  readonly libvirtDomain?: string;
  /** Nova's display name: tenant data, published only when asked for. */
  readonly displayName?: string;
  readonly podUid?: string;
  readonly container?: string;
  /** The device plugin's resource (`intel.com/intel_sriov_netdevice`). */
  readonly resource?: string;
  /** The network attachment (Multus network, KubeVirt SR-IOV network). */
  readonly network?: string;
  /** The VM's device alias (libvirt `hostdev0`, KubeVirt `ua-sriov-<network>`, Proxmox `hostpci0`). */
  readonly guestAlias?: string;
}

export interface VfConsumer {
  readonly address: string;
  readonly kind: ConsumerKind;
  /** VM name, pod name, DPDK file prefix, comm; '' for host, none and unknown. */
  readonly consumer: string;
  /** The Kubernetes namespace of a pod or KubeVirt VM; '' otherwise. */
  readonly namespace: string;
  /** Undefined for `unknown`: nothing said it. */
  readonly source?: ConsumerSource;
  readonly attribution?: Attribution;
  readonly details: ConsumerDetails;
}

/** Who holds a VF, as the preflight's snapshot and report keep it: no IDs beyond the names. */
export type ConsumerSummary = Pick<VfConsumer, 'address' | 'kind' | 'consumer' | 'namespace'>;

/** A VF no consumer holds: on a VFIO driver with no holder, or in the host with its netdev (--vfs counts both as free). */
export function isFree(kind: ConsumerKind): boolean {
  return kind === 'none' || kind === 'host';
}

/** A source that named another consumer for a VF than the one chosen. */
export interface AttributionConflict {
  readonly address: string;
  readonly source: ConsumerSource;
  /** The source whose answer was taken. */
  readonly chosen: ConsumerSource;
}

/** What the attribution needs of a VF; the inventory has it (driver, netdev, IOMMU group). */
export interface AttributionVf {
  readonly address: string;
  /** Bound driver; undefined when none is bound. */
  readonly driver?: string;
  /** The driver link could not be read: nothing is concluded from its absence. */
  readonly driverUnreadable?: boolean;
  /** Its netdev in the host's network namespace. */
  readonly netdev?: string;
  readonly iommuGroup?: string;
}
