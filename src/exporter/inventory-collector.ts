// inventory: the PFs and VFs found at this scrape, with the facts that describe them.

import { known } from '../host/read-issue.js';
import type { IpLinkVf } from '../parse/ip-link-json.js';
import { readSpeedMbps } from '../readers/net-reader.js';
import { readOperstate } from '../readers/vf-netdev-reader.js';
import type { SriovPf, SriovVf } from '../readers/sriov-inventory-reader.js';
import type { CollectorDefinition } from './collector-types.js';
import type { SampleSink } from './sample-sink.js';
import { ipVfsOf, type IpLinks, type ScrapeContext } from './scrape-context.js';

/** Drivers that hand a VF to a VM or to userspace (DPDK): vfio-pci and its vendor variants, the UIO drivers. */
const ASSIGNED_DRIVER = /^(vfio-pci|\w+_vfio_pci|uio_pci_generic|igb_uio)$/;

const MBIT_BYTES = 125_000;

export const inventoryCollector: CollectorDefinition = {
  name: 'inventory',
  help: 'PFs and VFs, rescanned at every scrape: ids, names, drivers, VF counts, link state, VF MAC/VLAN/trust/spoof check.',
  defaultEnabled: true,
  async run(scrape, out) {
    const ipLinks = scrape.ipLinks();
    const inventory = scrape.inventory();
    for (const problem of [...inventory.problems, ...inventory.infoProblems]) out.problem(problem);
    const links = await ipLinks;
    if (!links.ok) out.problem(`VF MAC, VLAN, link state, spoof check and trust unknown: ${links.error}`);

    const names = scrape.services.pciNames.namesFor(
      scrape.host,
      inventory.pfs.flatMap(({ vendorId, deviceId }) => (vendorId !== undefined && deviceId !== undefined ? [{ vendorId, deviceId }] : [])),
    );
    const emit = emitters(out);
    for (const pf of inventory.pfs) {
      const { vendorId = '', deviceId = '', driver = '' } = pf;
      const name = names(vendorId, deviceId);
      const pfLabels = [pf.label, pf.address];
      emit.pfInfo([pf.label, pf.address, vendorId, deviceId, name.vendor ?? '', name.model ?? '', driver], 1);
      if (pf.totalVfs !== undefined) emit.vfsSupported(pfLabels, pf.totalVfs);
      if (pf.numVfs !== undefined) emit.vfsEnabled(pfLabels, pf.numVfs);
      emit.vfsAssigned(pfLabels, pf.vfs.filter((vf) => vf.driver !== undefined && ASSIGNED_DRIVER.test(vf.driver)).length);

      const pfUp = pfLinkUp(scrape, links, pf, emit, pfLabels);
      const ipVfs = ipVfsOf(links, pf);
      for (const vf of pf.vfs) {
        const ipVf = ipVfs.get(vf.index);
        const labels = scrape.vfLabels(pf, vf);
        emit.vfInfo(labels, vfInfoLabels(vf, ipVf), 1);
        const up = vfLinkUp(scrape, links, vf, ipVf, pfUp);
        if (up !== undefined) emit.vfLinkUp(labels, [], up ? 1 : 0);
      }
    }
  },
};

function emitters(out: SampleSink) {
  return {
    pfInfo: out.family('sriov_pf_info'),
    vfsSupported: out.family('sriov_pf_vfs_supported'),
    vfsEnabled: out.family('sriov_pf_vfs_enabled'),
    vfsAssigned: out.family('sriov_pf_vfs_assigned'),
    pfLinkUp: out.family('sriov_pf_link_up'),
    pfSpeed: out.family('sriov_pf_link_speed_bytes'),
    vfInfo: out.vfFamily('sriov_vf_info'),
    vfLinkUp: out.vfFamily('sriov_vf_link_up'),
  };
}

/** A netdev's operstate: from the `ip` output already read, from sysfs when `ip` failed. */
function operstateOf(scrape: ScrapeContext, links: IpLinks, devicePath: string, netdev: string): string | undefined {
  return (links.ok ? links.operstates.get(netdev) : undefined) ?? known(readOperstate(scrape.host, devicePath, netdev));
}

/** Emits the PF's link series; returns whether its link is up (undefined when unknown). */
function pfLinkUp(scrape: ScrapeContext, links: IpLinks, pf: SriovPf, emit: ReturnType<typeof emitters>, labels: string[]): boolean | undefined {
  if (pf.netdev === undefined) return undefined;
  const state = operstateOf(scrape, links, pf.devicePath, pf.netdev);
  if (state === undefined) return undefined;
  const up = state === 'up';
  emit.pfLinkUp(labels, up ? 1 : 0);
  const speed = up ? known(readSpeedMbps(scrape.host, pf.devicePath, pf.netdev)) : undefined;
  if (speed !== undefined) emit.pfSpeed(labels, speed * MBIT_BYTES);
  return up;
}

/** driver, mac, vlan, link_state, spoof_check, trust, numa_node, iommu_group, netdev — '' where unknown. */
function vfInfoLabels(vf: SriovVf, ipVf: IpLinkVf | undefined): string[] {
  const onOff = (v: boolean | undefined) => (v === undefined ? '' : v ? 'on' : 'off');
  const numa = vf.numaNode;
  return [
    vf.driver ?? '',
    ipVf?.mac ?? '',
    ipVf?.vlan === undefined ? '' : String(ipVf.vlan.id),
    ipVf?.linkState ?? '',
    onOff(ipVf?.spoofCheck),
    onOff(ipVf?.trust),
    // numa_node is -1 when the firmware gives no proximity: unknown, not a node.
    typeof numa === 'number' && numa >= 0 ? String(numa) : '',
    vf.iommuGroup ?? '',
    vf.netdev ?? '',
  ];
}

/**
 * Its host netdev's operstate (from the `ip` output already read, sysfs when `ip` failed); without a host
 * netdev, the link state the PF imposes on the VF (auto follows the PF's link).
 */
function vfLinkUp(scrape: ScrapeContext, links: IpLinks, vf: SriovVf, ipVf: IpLinkVf | undefined, pfUp: boolean | undefined): boolean | undefined {
  if (vf.netdev !== undefined) {
    const state = operstateOf(scrape, links, vf.devicePath, vf.netdev);
    if (state !== undefined) return state === 'up';
  }
  switch (ipVf?.linkState) {
    case 'enable':
      return true;
    case 'disable':
      return false;
    case 'auto':
      return pfUp;
    default:
      return undefined;
  }
}
