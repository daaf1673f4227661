// The metric catalog of sriov-exporter: one row per family, in exposition order. Names, types and labels are a
// public contract (docs/metrics.md lists them; a test keeps the two equal in both directions). Label names are
// literal types: a collector emits a family's samples with an object of exactly its labels, so a misspelt or
// missing label does not compile, and it can only emit the families its `owner` names.

export const COLLECTOR_NAMES = ['inventory', 'vf_traffic', 'vf_queues', 'attribution', 'readiness', 'hyperv_guest', 'hyperv_host'] as const;
export type CollectorName = (typeof COLLECTOR_NAMES)[number];
/** Which collector emits a family; `exporter` for the exporter's own metrics. */
export type FamilyOwner = CollectorName | 'exporter';
export type FamilyType = 'gauge' | 'counter';

export interface MetricFamily<L extends readonly string[] = readonly string[], O extends FamilyOwner = FamilyOwner> {
  readonly name: string;
  readonly type: FamilyType;
  readonly help: string;
  readonly labels: L;
  readonly owner: O;
}

/** The value of every label of a family, by name. */
export type LabelValues<L extends readonly string[]> = { readonly [K in L[number]]: string };

/** The labels every per-VF family starts with, in this order. */
export const VF_LABELS = ['pf', 'vf', 'pci_address'] as const;
export type VfFamilyLabels = readonly ['pf', 'vf', 'pci_address', ...string[]];
/** A per-VF family's labels after pf, vf, pci_address. */
export type VfRest<L extends VfFamilyLabels> = L extends readonly ['pf', 'vf', 'pci_address', ...infer R extends readonly string[]] ? R : never;

const PF = ['pf', 'pci_address'] as const;
const VF_SOURCE = [...VF_LABELS, 'source'] as const;
const VF_QUEUE = [...VF_LABELS, 'queue'] as const;
/** Who holds a VF, on sriov_vf_info and sriov_vf_consumer_info ('' everywhere when attribution is off). */
export const CONSUMER_LABELS = ['consumer_kind', 'consumer', 'consumer_namespace'] as const;
const ATTRIBUTION_SOURCE = ['source'] as const;

/** A row, with its label names kept as a tuple of literals. */
function family<const L extends readonly string[], const O extends FamilyOwner>(row: MetricFamily<L, O>): MetricFamily<L, O> {
  return row;
}

const GUEST_NIC = ['netdev'] as const;
const guestCounter = (name: string, help: string) => family({ name, type: 'counter', help, labels: GUEST_NIC, owner: 'hyperv_guest' });

const SWITCH = ['switch'] as const;
const switchGauge = (name: string, help: string) => family({ name, type: 'gauge', help, labels: SWITCH, owner: 'hyperv_host' });
/** A VM's network adapter on a Windows Hyper-V host: the VM's name, the adapter's, and the switch it is connected to. */
const VM_ADAPTER = ['vm', 'adapter', 'switch'] as const;
const vmAdapterGauge = (name: string, help: string) => family({ name, type: 'gauge', help, labels: VM_ADAPTER, owner: 'hyperv_host' });

const traffic = (name: string, help: string) => family({ name, type: 'counter', help, labels: VF_SOURCE, owner: 'vf_traffic' });
const queue = (name: string, help: string) => family({ name, type: 'counter', help, labels: VF_QUEUE, owner: 'vf_queues' });

export const METRICS = {
  pfInfo: family({
    name: 'sriov_pf_info',
    type: 'gauge',
    help: 'SR-IOV physical function (value 1): ids, names and bound driver.',
    labels: ['pf', 'pci_address', 'vendor_id', 'device_id', 'vendor', 'model', 'driver'],
    owner: 'inventory',
  }),
  pfVfsSupported: family({ name: 'sriov_pf_vfs_supported', type: 'gauge', help: 'VFs the PF can provide (sriov_totalvfs).', labels: PF, owner: 'inventory' }),
  pfVfsEnabled: family({ name: 'sriov_pf_vfs_enabled', type: 'gauge', help: 'VFs enabled on the PF (sriov_numvfs).', labels: PF, owner: 'inventory' }),
  pfVfsAssigned: family({
    name: 'sriov_pf_vfs_assigned',
    type: 'gauge',
    help: 'VFs of the PF bound to vfio-pci or a userspace I/O driver (given to a VM or DPDK).',
    labels: PF,
    owner: 'inventory',
  }),
  pfLinkUp: family({ name: 'sriov_pf_link_up', type: 'gauge', help: '1 when the PF netdev operstate is up, else 0.', labels: PF, owner: 'inventory' }),
  pfLinkSpeed: family({
    name: 'sriov_pf_link_speed_bytes',
    type: 'gauge',
    help: 'Link speed of the PF in bytes per second (no series while the link is down).',
    labels: PF,
    owner: 'inventory',
  }),
  vfInfo: family({
    name: 'sriov_vf_info',
    type: 'gauge',
    help: 'SR-IOV virtual function (value 1): driver, MAC, VLAN, link state, spoof check, trust, NUMA node, IOMMU group, host netdev, switchdev representor, and who holds it (consumer_kind vm|pod|dpdk|process|host|none|unknown, consumer, consumer_namespace; empty without the attribution collector).',
    labels: [...VF_LABELS, 'driver', 'mac', 'vlan', 'link_state', 'spoof_check', 'trust', 'numa_node', 'iommu_group', 'netdev', 'representor', ...CONSUMER_LABELS],
    owner: 'inventory',
  }),
  vfLinkUp: family({
    name: 'sriov_vf_link_up',
    type: 'gauge',
    help: '1 when the VF link is up: its host netdev operstate, else its switchdev representor\'s, else the link state the PF sets for it.',
    labels: VF_LABELS,
    owner: 'inventory',
  }),

  vfReceiveBytes: traffic('sriov_vf_receive_bytes_total', 'Bytes received by the VF.'),
  vfTransmitBytes: traffic('sriov_vf_transmit_bytes_total', 'Bytes transmitted by the VF.'),
  vfReceivePackets: traffic('sriov_vf_receive_packets_total', 'Packets received by the VF.'),
  vfTransmitPackets: traffic('sriov_vf_transmit_packets_total', 'Packets transmitted by the VF.'),
  vfReceiveDropped: traffic('sriov_vf_receive_dropped_total', 'Received packets dropped for the VF.'),
  vfTransmitDropped: traffic('sriov_vf_transmit_dropped_total', 'Transmitted packets of the VF dropped.'),
  vfReceiveBroadcast: traffic('sriov_vf_receive_broadcast_packets_total', 'Broadcast packets received by the VF.'),
  vfReceiveMulticast: traffic('sriov_vf_receive_multicast_packets_total', 'Multicast packets received by the VF.'),
  vfTransmitBroadcast: traffic('sriov_vf_transmit_broadcast_packets_total', 'Broadcast packets transmitted by the VF.'),
  vfTransmitMulticast: traffic('sriov_vf_transmit_multicast_packets_total', 'Multicast packets transmitted by the VF.'),
  vfReceiveErrors: traffic('sriov_vf_receive_errors_total', 'Receive errors of the VF.'),
  vfTransmitErrors: traffic('sriov_vf_transmit_errors_total', 'Transmit errors of the VF.'),

  vfQueues: family({
    name: 'sriov_vf_queues',
    type: 'gauge',
    help: 'Queues of the VF host netdev, by direction.',
    labels: [...VF_LABELS, 'direction'],
    owner: 'vf_queues',
  }),
  vfQueueReceivePackets: queue('sriov_vf_queue_receive_packets_total', 'Packets received on one queue of the VF host netdev (ethtool -S).'),
  vfQueueReceiveBytes: queue('sriov_vf_queue_receive_bytes_total', 'Bytes received on one queue of the VF host netdev (ethtool -S).'),
  vfQueueTransmitPackets: queue('sriov_vf_queue_transmit_packets_total', 'Packets transmitted on one queue of the VF host netdev (ethtool -S).'),
  vfQueueTransmitBytes: queue('sriov_vf_queue_transmit_bytes_total', 'Bytes transmitted on one queue of the VF host netdev (ethtool -S).'),
  vfQueueStatsAge: family({
    name: 'sriov_vf_queue_stats_age_seconds',
    type: 'gauge',
    help: 'Age of the cached ethtool -S reading behind the per-queue counters of the VF.',
    labels: VF_LABELS,
    owner: 'vf_queues',
  }),

  vfConsumerInfo: family({
    name: 'sriov_vf_consumer_info',
    type: 'gauge',
    help: 'Who holds the VF (value 1), with where it was read (source) and the IDs that do not belong on every series: VM UUID, Proxmox VMID, libvirt domain, Nova display name (opt-in), pod UID, container, device-plugin resource, network, guest device alias; attribution is device, or group when the holder owns the VF\'s whole IOMMU group.',
    labels: [
      ...VF_LABELS,
      ...CONSUMER_LABELS,
      'source',
      'attribution',
      'vm_uuid',
      'vmid',
      'libvirt_domain',
      'display_name',
      'pod_uid',
      'container',
      'resource',
      'network',
      'guest_alias',
    ],
    owner: 'attribution',
  }),
  attributionSourceUp: family({
    name: 'sriov_attribution_source_up',
    type: 'gauge',
    help: '1 when the attribution source could be read at its last refresh, 0 when it is on this host but could not (permission, hidepid); no series when the host does not have it.',
    labels: ATTRIBUTION_SOURCE,
    owner: 'attribution',
  }),
  attributionErrors: family({
    name: 'sriov_attribution_errors_total',
    type: 'counter',
    help: 'Files or processes of the attribution source that could not be used, by reason (permission, parse, missing, stale, io), since the exporter started.',
    labels: [...ATTRIBUTION_SOURCE, 'reason'],
    owner: 'attribution',
  }),
  attributionConflicts: family({
    name: 'sriov_attribution_conflicts_total',
    type: 'counter',
    help: 'VFs for which the source named another consumer than the one published (the live holder wins), summed over refreshes since the exporter started.',
    labels: ATTRIBUTION_SOURCE,
    owner: 'attribution',
  }),
  attributionDuration: family({
    name: 'sriov_attribution_duration_seconds',
    type: 'gauge',
    help: 'Time the last attribution refresh spent reading the source.',
    labels: ATTRIBUTION_SOURCE,
    owner: 'attribution',
  }),
  attributionLastRefresh: family({
    name: 'sriov_attribution_last_refresh_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time when the attribution last completed a refresh (--attribution.refresh apart).',
    labels: [],
    owner: 'attribution',
  }),

  checkStatus: family({
    name: 'sriov_check_status',
    type: 'gauge',
    help: 'Readiness check result as a state set: 1 for the current status, 0 for the other four.',
    labels: ['check', 'layer', 'subject', 'status'],
    owner: 'readiness',
  }),
  hostReady: family({
    name: 'sriov_host_ready',
    type: 'gauge',
    help: '1 when the readiness verdict is ready or degraded (sriov-check exits 0), 0 when not-ready.',
    labels: [],
    owner: 'readiness',
  }),
  hostVerdict: family({
    name: 'sriov_host_verdict',
    type: 'gauge',
    help: 'Readiness verdict as a state set: 1 for the current verdict.',
    labels: ['verdict'],
    owner: 'readiness',
  }),
  readinessLastRun: family({
    name: 'sriov_readiness_last_run_timestamp_seconds',
    type: 'gauge',
    help: 'Unix time when the readiness checks last completed.',
    labels: [],
    owner: 'readiness',
  }),

  guestVfPresent: family({
    name: 'sriov_guest_vf_present',
    type: 'gauge',
    help: 'Hyper-V/Azure guest: 1 when the host gave the synthetic NIC an Accelerated Networking VF (a PCI function under VMBus), else 0.',
    labels: GUEST_NIC,
    owner: 'hyperv_guest',
  }),
  guestVfJoined: family({
    name: 'sriov_guest_vf_joined',
    type: 'gauge',
    help: 'Hyper-V/Azure guest: 1 when a VF netdev is joined to the synthetic NIC (its master) and up, so the data path can use it, else 0.',
    labels: GUEST_NIC,
    owner: 'hyperv_guest',
  }),
  guestVfReceivePackets: guestCounter('sriov_guest_vf_receive_packets_total', 'Hyper-V/Azure guest: packets the synthetic NIC received over its VF (hv_netvsc vf_rx_packets).'),
  guestVfReceiveBytes: guestCounter('sriov_guest_vf_receive_bytes_total', 'Hyper-V/Azure guest: bytes the synthetic NIC received over its VF (hv_netvsc vf_rx_bytes).'),
  guestVfTransmitPackets: guestCounter('sriov_guest_vf_transmit_packets_total', 'Hyper-V/Azure guest: packets the synthetic NIC sent over its VF (hv_netvsc vf_tx_packets).'),
  guestVfTransmitBytes: guestCounter('sriov_guest_vf_transmit_bytes_total', 'Hyper-V/Azure guest: bytes the synthetic NIC sent over its VF (hv_netvsc vf_tx_bytes).'),
  guestSyntheticReceivePackets: guestCounter('sriov_guest_synthetic_receive_packets_total', 'Hyper-V/Azure guest: packets received over the synthetic VMBus path (hv_netvsc rx_queue_N_packets, summed).'),
  guestSyntheticReceiveBytes: guestCounter('sriov_guest_synthetic_receive_bytes_total', 'Hyper-V/Azure guest: bytes received over the synthetic VMBus path (hv_netvsc rx_queue_N_bytes, summed).'),
  guestSyntheticTransmitPackets: guestCounter('sriov_guest_synthetic_transmit_packets_total', 'Hyper-V/Azure guest: packets sent over the synthetic VMBus path (hv_netvsc tx_queue_N_packets, summed).'),
  guestSyntheticTransmitBytes: guestCounter('sriov_guest_synthetic_transmit_bytes_total', 'Hyper-V/Azure guest: bytes sent over the synthetic VMBus path (hv_netvsc tx_queue_N_bytes, summed).'),

  hypervDocumentTimestamp: family({
    name: 'sriov_hyperv_document_timestamp_seconds',
    type: 'gauge',
    help: 'Windows Hyper-V host: Unix time when the collector document served was collected (or its file read); an old one means the latest collections failed.',
    labels: [],
    owner: 'hyperv_host',
  }),
  hypervSwitchIovEnabled: switchGauge('sriov_hyperv_switch_iov_enabled', 'Windows Hyper-V host: 1 when the virtual switch was created with SR-IOV (IovEnabled), else 0.'),
  hypervSwitchVfs: switchGauge('sriov_hyperv_switch_vfs', 'Windows Hyper-V host: VFs the virtual switch can hand out (IovVirtualFunctionCount).'),
  hypervSwitchVfsInUse: switchGauge('sriov_hyperv_switch_vfs_in_use', 'Windows Hyper-V host: VFs of the virtual switch assigned to VM adapters (IovVirtualFunctionsInUse).'),
  hypervSwitchQueuePairs: switchGauge('sriov_hyperv_switch_queue_pairs', 'Windows Hyper-V host: queue pairs the virtual switch can hand out to VFs (IovQueuePairCount).'),
  hypervSwitchQueuePairsInUse: switchGauge('sriov_hyperv_switch_queue_pairs_in_use', 'Windows Hyper-V host: queue pairs of the virtual switch in use (IovQueuePairsInUse).'),
  hypervVmAdapterIovWeight: vmAdapterGauge('sriov_hyperv_vm_adapter_iov_weight', 'Windows Hyper-V host: the VM adapter\'s IovWeight, 0 to 100; 0 asks for no VF.'),
  hypervVmAdapterIovUsage: vmAdapterGauge('sriov_hyperv_vm_adapter_iov_usage', 'Windows Hyper-V host: the VM adapter\'s IovUsage, above 0 while a VF is assigned to it.'),
  hypervVmAdapterQueuePairs: vmAdapterGauge('sriov_hyperv_vm_adapter_iov_queue_pairs_assigned', 'Windows Hyper-V host: queue pairs assigned to the VM adapter\'s VF (IovQueuePairsAssigned).'),
  hypervVmAdapterVfDatapath: vmAdapterGauge('sriov_hyperv_vm_adapter_vf_datapath_active', 'Windows Hyper-V host: 1 when the VM adapter\'s traffic goes over its VF (VFDataPathActive), else 0.'),

  collectorSuccess: family({
    name: 'sriov_exporter_collector_success',
    type: 'gauge',
    help: '1 when the collector finished without error in this scrape, else 0.',
    labels: ['collector'],
    owner: 'exporter',
  }),
  collectorDuration: family({
    name: 'sriov_exporter_collector_duration_seconds',
    type: 'gauge',
    help: 'Time the collector took in this scrape.',
    labels: ['collector'],
    owner: 'exporter',
  }),
  buildInfo: family({
    name: 'sriov_exporter_build_info',
    type: 'gauge',
    help: 'sriov-exporter version and the Node.js running it (value 1).',
    labels: ['version', 'nodejs_version'],
    owner: 'exporter',
  }),
} as const;

/** Every family, in exposition order. */
export const METRIC_FAMILIES: readonly MetricFamily[] = Object.values(METRICS);
