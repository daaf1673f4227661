// The collector table: every collector of sriov-exporter, in exposition order, as --help, the landing page and
// docs/metrics.md describe them. Each is switched on and off with --[no-]collector.<name>; the objects that
// collect are made from these rows by http/build-server.ts, each with what it needs. A collector runs only on the
// platforms its row names: a Windows Hyper-V host has no sysfs to read, a Linux host no Hyper-V document.

import type { ExporterPlatform } from '../exporter-config.js';
import type { CollectorName } from '../exposition/metric-catalog.js';

export interface CollectorRow {
  readonly name: CollectorName;
  /** One line for --help and the landing page. */
  readonly help: string;
  readonly defaultEnabled: boolean;
  readonly platforms: readonly ExporterPlatform[];
}

const LINUX: readonly ExporterPlatform[] = ['linux'];

export const COLLECTORS: readonly CollectorRow[] = [
  {
    name: 'inventory',
    help: 'PFs and VFs, rescanned at every scrape: ids, names, drivers, VF counts, link state, VF MAC/VLAN/trust/spoof check.',
    defaultEnabled: true,
    platforms: LINUX,
  },
  {
    name: 'vf_traffic',
    help: 'Per-VF bytes, packets, drops, broadcast/multicast and errors: netlink (one ip run), else out-of-tree sysfs stats, else /proc/net/dev.',
    defaultEnabled: true,
    platforms: LINUX,
  },
  {
    name: 'vf_queues',
    help: 'Queue counts of VF netdevs in this host, and per-queue packets and bytes from ethtool -S, read at most once per cache TTL.',
    defaultEnabled: true,
    platforms: LINUX,
  },
  {
    name: 'attribution',
    help: 'Who holds each VF (VM, KubeVirt VM, pod, DPDK process, host) from files under the root, refreshed every --attribution.refresh: consumer labels on sriov_vf_info, sriov_vf_consumer_info, per-source self-metrics.',
    defaultEnabled: true,
    platforms: LINUX,
  },
  {
    name: 'readiness',
    help: 'The sriov-check preflight as metrics (check status state sets, verdict), run in the background on an interval; on a Windows Hyper-V host, the Hyper-V checks of the collector document.',
    defaultEnabled: true,
    platforms: ['linux', 'windows-hyperv'],
  },
  {
    name: 'hyperv_guest',
    help: 'In a Linux guest on Hyper-V/Azure: per synthetic NIC, VF present and joined, traffic over the VF and over the synthetic path (ethtool -S).',
    defaultEnabled: true,
    platforms: LINUX,
  },
  {
    name: 'hyperv_host',
    help: 'On a Windows Hyper-V host: VFs and queue pairs per virtual switch, IOV weight, usage and data path per VM adapter, from the collector document the readiness runs collect (scripts/collect-hyperv.ps1, or --hyperv-json).',
    defaultEnabled: true,
    platforms: ['windows-hyperv'],
  },
];
