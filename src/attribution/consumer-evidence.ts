// What each source read, in the shape the combiner joins: facts keyed by PCI address or IOMMU group, plus the
// process facts the holder scan keeps. The pid stays here, for joining files to processes; it never reaches a
// VfConsumer.

import type { CniAttachment } from '../parse/attribution/cni-caches.js';
import type { LibvirtStatus } from '../parse/attribution/libvirt-status.js';
import type { PodRef } from '../parse/attribution/pod-log-dir.js';
import type { ProcessIdentity } from '../parse/attribution/process-identity.js';

/** A process with VFIO or verbs devices open. */
export interface ProcessHolder {
  readonly pid: number;
  /** Clock ticks after boot: with the pid, one process (pids are reused). */
  readonly startTime: number;
  readonly comm: string;
  readonly identity: ProcessIdentity;
  /** The pod it runs in (from its cgroup). */
  readonly podUid?: string;
  /** IOMMU groups it has open (/dev/vfio/<N>). */
  readonly groups: readonly string[];
  /** VFIO cdevs it has open (`vfio3` of /dev/vfio/devices/vfio3). */
  readonly cdevs: readonly string[];
  /** Devices named by the fdinfo of its VFIO device fds (Linux 6.18+). */
  readonly fdinfoDevices: readonly string[];
  /** Verbs devices it has open (`uverbs2`). */
  readonly uverbs: readonly string[];
}

export interface HolderEvidence {
  readonly holders: readonly ProcessHolder[];
  /** Every process's open files were read: a VF nobody holds is free, not just unseen. */
  readonly complete: boolean;
}

export interface LibvirtDomain extends LibvirtStatus {
  /** Whether its QEMU still runs; undefined when procfs cannot tell (hidepid). */
  readonly alive?: boolean;
}

export interface ProxmoxVm {
  readonly vmid: number;
  readonly name?: string;
  /** The QEMU pid of its reservation, checked against the process's -pidfile. */
  readonly pid?: number;
  readonly addresses: readonly string[];
}

/** A VF the kubelet's device manager gave a pod's container. */
export interface PodAllocation {
  readonly address: string;
  readonly podUid: string;
  readonly container: string;
  readonly resource: string;
  /** The pod's name and namespace; undefined when the pod log directories cannot be read. */
  readonly pod?: PodRef;
}

/** PCI functions behind character devices, from their sysfs class links. */
export interface DeviceLinks {
  /** Every VFIO-bound function and its cdev (`vfio3`); empty before Linux 6.1. */
  readonly vfioDevices: ReadonlyMap<string, string>;
  /** Verbs devices held by some process → their PCI function. */
  readonly uverbs: ReadonlyMap<string, string>;
}

export interface AttributionEvidence {
  /** Undefined when the holder scan is off or /proc could not be listed. */
  readonly holders?: HolderEvidence;
  readonly libvirt: readonly LibvirtDomain[];
  readonly proxmox: readonly ProxmoxVm[];
  readonly allocations: readonly PodAllocation[];
  /** Pods on this node by UID (/var/log/pods). */
  readonly pods: ReadonlyMap<string, PodRef>;
  readonly cni: readonly CniAttachment[];
  readonly links: DeviceLinks;
}

export const NO_EVIDENCE: AttributionEvidence = {
  libvirt: [],
  proxmox: [],
  allocations: [],
  pods: new Map(),
  cni: [],
  links: { vfioDevices: new Map(), uverbs: new Map() },
};
