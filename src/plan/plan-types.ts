// What `--plan FILE` holds: either workloads (this project's plan format, docs/plan.md) or
// sriov-network-operator SriovNetworkNodePolicy objects. Every item keeps the line it starts on, for messages.

/** Which PFs may serve a workload: every field given must match. */
export interface PfSelector {
  /** PF netdev names. */
  readonly names?: readonly string[];
  readonly pciAddresses?: readonly string[];
  /** PCI vendor and device id, 4 hex digits. */
  readonly vendor?: string;
  readonly device?: string;
  /** Part of the model name or the catalog family id, any case (`X710`, `E810`, `connectx-5`). */
  readonly model?: string;
  readonly line: number;
}

export interface Workload {
  readonly name: string;
  readonly line: number;
  readonly vfs: number;
  readonly pf?: PfSelector;
  readonly numaNode?: number;
  /** `vfio-pci` for VMs and DPDK, or the VF's kernel driver (iavf, mlx5_core…) for pods. */
  readonly driver?: string;
  readonly minLinkSpeedMbps?: number;
  /** The workload needs VF trust on (promiscuous or many MACs), or spoof checking off. */
  readonly trust?: boolean;
  readonly spoofCheck?: boolean;
}

/** A PF named in a policy's nicSelector, with the VF range `#first-last` when given. */
export interface RangedDevice {
  readonly device: string;
  readonly first?: number;
  readonly last?: number;
}

export interface NicSelector {
  readonly vendor?: string;
  readonly deviceID?: string;
  readonly pfNames: readonly RangedDevice[];
  readonly rootDevices: readonly RangedDevice[];
  readonly netFilter?: string;
  readonly line: number;
}

/** The parts of SriovNetworkNodePolicy.spec that decide what the operator does to a node. */
export interface NodePolicy {
  readonly name: string;
  readonly line: number;
  readonly resourceName: string;
  readonly numVfs: number;
  readonly numVfsLine: number;
  readonly nicSelector: NicSelector;
  readonly deviceType: 'netdevice' | 'vfio-pci';
  readonly isRdma: boolean;
  readonly mtu?: number;
  readonly linkType?: string;
  readonly eSwitchMode?: 'legacy' | 'switchdev';
  readonly excludeTopology: boolean;
  readonly externallyManaged: boolean;
  readonly priority: number;
}

export type Plan = { readonly kind: 'workloads'; readonly workloads: readonly Workload[] } | { readonly kind: 'policies'; readonly policies: readonly NodePolicy[] };
