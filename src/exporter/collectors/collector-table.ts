// The collector table: every collector of sriov-exporter, in exposition order, as --help, the landing page and
// docs/metrics.md describe them. Each is switched on and off with --[no-]collector.<name>; the objects that
// collect are made from these rows by http/build-server.ts, each with what it needs.

import type { CollectorName } from '../exposition/metric-catalog.js';

export interface CollectorRow {
  readonly name: CollectorName;
  /** One line for --help and the landing page. */
  readonly help: string;
  readonly defaultEnabled: boolean;
}

export const COLLECTORS: readonly CollectorRow[] = [
  {
    name: 'inventory',
    help: 'PFs and VFs, rescanned at every scrape: ids, names, drivers, VF counts, link state, VF MAC/VLAN/trust/spoof check.',
    defaultEnabled: true,
  },
  {
    name: 'vf_traffic',
    help: 'Per-VF bytes, packets, drops, broadcast/multicast and errors: netlink (one ip run), else out-of-tree sysfs stats, else /proc/net/dev.',
    defaultEnabled: true,
  },
  {
    name: 'vf_queues',
    help: 'Queue counts of VF netdevs in this host, and per-queue packets and bytes from ethtool -S, read at most once per cache TTL.',
    defaultEnabled: true,
  },
  {
    name: 'attribution',
    help: 'Who holds each VF (VM, KubeVirt VM, pod, DPDK process, host) from files under the root, refreshed every --attribution.refresh: consumer labels on sriov_vf_info, sriov_vf_consumer_info, per-source self-metrics.',
    defaultEnabled: true,
  },
  {
    name: 'readiness',
    help: 'The sriov-check preflight as metrics (check status state sets, verdict), run in the background on an interval.',
    defaultEnabled: true,
  },
  {
    name: 'hyperv_guest',
    help: 'In a Linux guest on Hyper-V/Azure: per synthetic NIC, VF present and joined, traffic over the VF and over the synthetic path (ethtool -S).',
    defaultEnabled: true,
  },
];
