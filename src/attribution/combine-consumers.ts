// Who holds each VF, from what every source said (reference vf-attribution.md §7.1). Pure: evidence in,
// one consumer per VF and the disagreements out.
//
// Order of precedence:
//   1. the live holder, a process with the VF's VFIO group, cdev or verbs device open. Inside a pod it is that
//      pod (a KubeVirt launcher's QEMU is the VM, named from its domain `<ns>_<vm>`); otherwise a QEMU is the
//      VM (named by Proxmox's config, its -name, or libvirt's file for the same pid), a DPDK application its
//      file prefix, anything else its comm;
//   2. a VF with a netdev in the host's network namespace is the host's;
//   3. the running-state files, which need no ptrace: libvirt, Proxmox, the kubelet checkpoint, the CNI caches;
//   4. a VF on VFIO that nobody holds is free (`none`) when every process could be read, else `unknown`; a VF
//      with no driver is free; a VF on a kernel driver with no netdev here (moved into a container) is `unknown`.
// A source naming another consumer than the one taken is a conflict: counted, never an error.

import { kubevirtVmOfPod } from '../parse/attribution/pod-log-dir.js';
import { splitKubevirtDomain } from '../parse/attribution/qemu-argv.js';
import type { AttributionEvidence, LibvirtDomain, PodAllocation, ProcessHolder, ProxmoxVm } from './consumer-evidence.js';
import type { Attribution, AttributionConflict, AttributionVf, ConsumerDetails, ConsumerSource, VfConsumer } from './consumer-types.js';

export interface CombinedConsumers {
  /** One per VF, in the order given. */
  readonly consumers: readonly VfConsumer[];
  readonly conflicts: readonly AttributionConflict[];
}

/** A running-state file's say about one VF. */
interface Claim {
  readonly source: ConsumerSource;
  readonly consumer: VfConsumer;
  /** The process the file names, to agree with the live holder without comparing names. */
  readonly pid?: number;
  readonly podUid?: string;
}

export function combineConsumers(vfs: readonly AttributionVf[], evidence: AttributionEvidence): CombinedConsumers {
  const joined = new Joined(vfs, evidence);
  const consumers: VfConsumer[] = [];
  const conflicts: AttributionConflict[] = [];
  const disagree = (address: string, claims: readonly Claim[], chosen: ConsumerSource, agrees: (claim: Claim) => boolean) => {
    for (const claim of claims) if (!agrees(claim)) conflicts.push({ address, source: claim.source, chosen });
  };

  for (const vf of vfs) {
    const claims = joined.claims(vf.address);
    const live = joined.liveHolder(vf);
    if (live) {
      const consumer = joined.fromHolder(vf.address, live.holder, live.attribution);
      disagree(vf.address, claims, 'procfs', (c) => (c.pid !== undefined && c.pid === live.holder.pid) || (c.podUid !== undefined && c.podUid === live.holder.podUid) || sameConsumer(c.consumer, consumer));
      consumers.push(consumer);
    } else if (vf.netdev !== undefined) {
      disagree(vf.address, claims, 'sysfs', () => false);
      consumers.push(plain(vf.address, 'host', 'sysfs'));
    } else if (claims.length > 0) {
      const [first, ...others] = claims as [Claim, ...Claim[]];
      disagree(vf.address, others, first.source, (c) => (c.podUid !== undefined && c.podUid === first.podUid) || sameConsumer(c.consumer, first.consumer));
      consumers.push(first.consumer);
    } else if (joined.isVfio(vf)) {
      consumers.push(evidence.holders?.complete ? plain(vf.address, 'none', 'sysfs') : plain(vf.address, 'unknown'));
    } else if (vf.driver === undefined && !vf.driverUnreadable) {
      consumers.push(plain(vf.address, 'none', 'sysfs'));
    } else {
      consumers.push(plain(vf.address, 'unknown'));
    }
  }
  return { consumers, conflicts };
}

function plain(address: string, kind: 'host' | 'none' | 'unknown', source?: ConsumerSource): VfConsumer {
  return { address, kind, consumer: '', namespace: '', ...(source ? { source } : {}), details: {} };
}

function sameConsumer(a: VfConsumer, b: VfConsumer): boolean {
  return a.kind === b.kind && a.consumer === b.consumer && a.namespace === b.namespace;
}

/** The evidence indexed for the joins by address, group, pid and VMID. */
class Joined {
  private readonly byGroup = new Map<string, ProcessHolder[]>();
  private readonly byDevice = new Map<string, ProcessHolder[]>();
  private readonly vfioPerGroup = new Map<string, number>();
  private readonly libvirtByPid = new Map<number, LibvirtDomain>();
  private readonly libvirtByName = new Map<string, LibvirtDomain>();
  private readonly proxmoxByVmid = new Map<number, ProxmoxVm>();
  private readonly claimsByAddress = new Map<string, Claim[]>();

  constructor(vfs: readonly AttributionVf[], private readonly evidence: AttributionEvidence) {
    const cdevOwner = new Map<string, string>();
    for (const [address, cdev] of evidence.links.vfioDevices) cdevOwner.set(cdev, address);
    for (const holder of evidence.holders?.holders ?? []) {
      for (const group of holder.groups) push(this.byGroup, group, holder);
      // Device-level evidence: a cdev, a fdinfo syspath, a verbs device — each names one function.
      const devices = [
        ...holder.cdevs.map((cdev) => cdevOwner.get(cdev)),
        ...holder.fdinfoDevices,
        ...holder.uverbs.map((uverbs) => evidence.links.uverbs.get(uverbs)),
      ];
      for (const address of new Set(devices)) if (address !== undefined) push(this.byDevice, address, holder);
    }
    for (const vf of vfs) {
      if (vf.iommuGroup !== undefined && this.isVfio(vf)) this.vfioPerGroup.set(vf.iommuGroup, (this.vfioPerGroup.get(vf.iommuGroup) ?? 0) + 1);
    }
    for (const domain of evidence.libvirt) {
      if (domain.pid !== undefined) this.libvirtByPid.set(domain.pid, domain);
      this.libvirtByName.set(domain.name, domain);
    }
    for (const vm of evidence.proxmox) this.proxmoxByVmid.set(vm.vmid, vm);
    this.indexClaims();
  }

  isVfio(vf: AttributionVf): boolean {
    return this.evidence.links.vfioDevices.has(vf.address) || (vf.driver !== undefined && vf.driver.includes('vfio'));
  }

  claims(address: string): readonly Claim[] {
    return this.claimsByAddress.get(address) ?? [];
  }

  /** The process holding a VF, and whether it is named itself or only through its IOMMU group. */
  liveHolder(vf: AttributionVf): { holder: ProcessHolder; attribution: Attribution } | undefined {
    const groupHolders = vf.iommuGroup !== undefined ? (this.byGroup.get(vf.iommuGroup) ?? []) : [];
    // Without ACS several VFs share a group: the holder's argv (QEMU host=, DPDK -a) says which it uses.
    const named = groupHolders.filter((h) => argvNames(h, vf.address));
    const device = [...(this.byDevice.get(vf.address) ?? []), ...named];
    if (device.length > 0) return { holder: earliest(device), attribution: 'device' };
    if (groupHolders.length === 0) return undefined;
    const shared = (this.vfioPerGroup.get(vf.iommuGroup as string) ?? 0) > 1;
    return { holder: earliest(groupHolders), attribution: shared ? 'group' : 'device' };
  }

  fromHolder(address: string, holder: ProcessHolder, attribution: Attribution): VfConsumer {
    const base = { address, source: 'procfs' as const, attribution };
    const identity = holder.identity;
    const pod = holder.podUid !== undefined ? this.evidence.pods.get(holder.podUid) : undefined;
    const allocation = this.evidence.allocations.find((a) => a.address === address && a.podUid === holder.podUid);
    const podDetails: ConsumerDetails = {
      ...(holder.podUid !== undefined ? { podUid: holder.podUid } : {}),
      ...(allocation ? { container: allocation.container, resource: allocation.resource } : {}),
    };
    if (identity.kind === 'qemu') {
      const device = identity.devices.find((d) => d.address === address);
      const domain = this.libvirtByPid.get(holder.pid) ?? (identity.guest !== undefined ? this.libvirtByName.get(identity.guest) : undefined);
      const alias = device?.id ?? domain?.hostdevs.find((h) => h.address === address)?.alias;
      const split = identity.guest !== undefined ? splitKubevirtDomain(identity.guest) : undefined;
      const launcherVm = pod ? kubevirtVmOfPod(pod.name) : undefined;
      if (holder.podUid !== undefined && (split !== undefined || launcherVm !== undefined)) {
        // KubeVirt: QEMU in the virt-launcher pod, its domain named <namespace>_<vm>.
        const network = alias?.startsWith('ua-sriov-') ? alias.slice('ua-sriov-'.length) : undefined;
        return {
          ...base,
          kind: 'vm',
          consumer: split?.vm ?? (launcherVm as string),
          namespace: split?.namespace ?? pod?.namespace ?? '',
          details: {
            ...(identity.uuid !== undefined ? { vmUuid: identity.uuid } : {}),
            ...(identity.guest !== undefined ? { libvirtDomain: identity.guest } : {}),
            ...podDetails,
            ...(network !== undefined ? { network } : {}),
            ...(alias !== undefined ? { guestAlias: alias } : {}),
          },
        };
      }
      if (holder.podUid === undefined) {
        const vmid = identity.vmid;
        const pve = vmid !== undefined ? this.proxmoxByVmid.get(vmid) : undefined;
        const uuid = domain?.uuid ?? identity.uuid;
        const name = pve?.name ?? identity.guest ?? domain?.name ?? (vmid !== undefined ? `vm${vmid}` : holder.comm);
        return {
          ...base,
          kind: 'vm',
          consumer: name,
          namespace: '',
          details: {
            ...(uuid !== undefined ? { vmUuid: uuid } : {}),
            ...(vmid !== undefined ? { vmid } : {}),
            ...(domain?.nova?.displayName !== undefined ? { displayName: domain.nova.displayName } : {}),
            ...(alias !== undefined ? { guestAlias: alias } : {}),
          },
        };
      }
      // A QEMU in a pod that is no KubeVirt launcher (Kata): the pod is the consumer.
    }
    if (holder.podUid !== undefined) {
      return { ...base, kind: 'pod', consumer: pod?.name ?? holder.podUid, namespace: pod?.namespace ?? '', details: podDetails };
    }
    if (identity.kind === 'vmm') return { ...base, kind: 'vm', consumer: identity.name, namespace: '', details: {} };
    if (identity.kind === 'dpdk') return { ...base, kind: 'dpdk', consumer: identity.prefix ?? holder.comm, namespace: '', details: {} };
    return { ...base, kind: 'process', consumer: holder.comm, namespace: '', details: {} };
  }

  /** Every running-state file's claims, by VF, in the order of trust: libvirt, Proxmox, checkpoint, CNI. */
  private indexClaims(): void {
    const add = (claim: Claim) => push(this.claimsByAddress, claim.consumer.address, claim);
    for (const domain of this.evidence.libvirt) {
      for (const hostdev of domain.hostdevs) {
        add({
          source: 'libvirt',
          ...(domain.pid !== undefined ? { pid: domain.pid } : {}),
          consumer: {
            address: hostdev.address,
            kind: 'vm',
            consumer: domain.name,
            namespace: '',
            source: 'libvirt',
            attribution: 'device',
            details: {
              ...(domain.uuid !== undefined ? { vmUuid: domain.uuid } : {}),
              ...(domain.nova?.displayName !== undefined ? { displayName: domain.nova.displayName } : {}),
              ...(hostdev.alias !== undefined ? { guestAlias: hostdev.alias } : {}),
            },
          },
        });
      }
    }
    for (const vm of this.evidence.proxmox) {
      for (const address of vm.addresses) {
        add({
          source: 'proxmox',
          ...(vm.pid !== undefined ? { pid: vm.pid } : {}),
          consumer: { address, kind: 'vm', consumer: vm.name ?? `vm${vm.vmid}`, namespace: '', source: 'proxmox', attribution: 'device', details: { vmid: vm.vmid } },
        });
      }
    }
    for (const allocation of this.evidence.allocations) add(checkpointClaim(allocation));
    for (const attachment of this.evidence.cni) {
      const pod = attachment.pod;
      add({
        source: 'cni',
        ...(pod?.uid !== undefined ? { podUid: pod.uid } : {}),
        consumer: {
          address: attachment.address,
          kind: 'pod',
          consumer: pod?.name ?? '',
          namespace: pod?.namespace ?? '',
          source: 'cni',
          attribution: 'device',
          details: { ...(pod?.uid !== undefined ? { podUid: pod.uid } : {}), ...(attachment.network !== undefined ? { network: attachment.network } : {}) },
        },
      });
    }
  }
}

function checkpointClaim(allocation: PodAllocation): Claim {
  const pod = allocation.pod;
  const details: ConsumerDetails = { podUid: allocation.podUid, container: allocation.container, resource: allocation.resource };
  const base = { address: allocation.address, source: 'checkpoint' as const, attribution: 'device' as const, details };
  // A KubeVirt launcher pod's VF is its VM's; the VM's name is in the pod's (see kubevirtVmOfPod).
  const vm = pod ? kubevirtVmOfPod(pod.name) : undefined;
  const consumer: VfConsumer =
    vm !== undefined && pod
      ? { ...base, kind: 'vm', consumer: vm, namespace: pod.namespace }
      : { ...base, kind: 'pod', consumer: pod?.name ?? allocation.podUid, namespace: pod?.namespace ?? '' };
  return { source: 'checkpoint', podUid: allocation.podUid, consumer };
}

/** Whether a group holder's command line names this VF (QEMU host=/sysfsdev=, DPDK -a). */
function argvNames(holder: ProcessHolder, address: string): boolean {
  const identity = holder.identity;
  if (identity.kind === 'qemu') return identity.devices.some((d) => d.address === address);
  if (identity.kind === 'dpdk') return identity.allowed.includes(address);
  return false;
}

/** Of several holders (a DPDK primary and its secondaries), the one started first. */
function earliest(holders: readonly ProcessHolder[]): ProcessHolder {
  return holders.reduce((a, b) => (b.startTime < a.startTime || (b.startTime === a.startTime && b.pid < a.pid) ? b : a));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
