// inventory: the PFs and VFs found at this scrape, with the facts that describe them. Owns the cache of vendor
// and model names (pci.ids is reference data, looked up once per id for the life of the server).

import { isVmOrUserspaceDriver } from '../../checks/shared/driver-kinds.js';
import { type ReadIssue, isIssue, known } from '../../fact.js';
import type { IpLinkVf } from '../../parse/ip-link-json.js';
import { ipOperstate, ipVfsOf, type IpLinks } from '../../readers/ip-link-reader.js';
import { readOperstate, readSpeedMbps } from '../../readers/net-reader.js';
import type { TopologyPf, TopologyVf } from '../../readers/topology-reader.js';
import { METRICS } from '../exposition/metric-catalog.js';
import type { SampleSink } from '../exposition/sample-sink.js';
import { NO_CONSUMER, type ConsumerLabelValues } from './attribution.js';
import type { Collector } from './collector.js';
import { PciNameCache } from './pci-name-cache.js';
import type { ScrapeReads } from './scrape-reads.js';

const MBIT_BYTES = 125_000;

type Links = IpLinks | ReadIssue;

/** consumers: each VF's consumer labels (the attribution collector's last refresh); empty labels without it. */
export function inventoryCollector(consumers: (address: string) => ConsumerLabelValues = () => NO_CONSUMER): Collector<'inventory'> {
  const pciNames = new PciNameCache();
  return {
    name: 'inventory',
    async collect(scrape, out) {
      const ipLinks = scrape.ipLinks();
      const topology = await scrape.topology();
      for (const problem of [...topology.problems, ...topology.infoProblems]) out.problem(problem);
      const links = await ipLinks;
      if (isIssue(links)) out.problem(links, 'VF MAC, VLAN, link state, spoof check and trust unknown');

      const emit = emitters(out);
      const names = pciNames.namesFor(
        scrape.host,
        topology.pfs.flatMap((pf) => (pf.vendorId && pf.deviceId ? [{ vendorId: pf.vendorId, deviceId: pf.deviceId }] : [])),
      );
      for (const pf of topology.pfs) {
        const { vendorId = '', deviceId = '', driver = '' } = pf;
        const name = names(vendorId, deviceId);
        const pfLabels = { pf: pf.label, pci_address: pf.address };
        emit.pfInfo({ ...pfLabels, vendor_id: vendorId, device_id: deviceId, vendor: name.vendor ?? '', model: name.model ?? '', driver }, 1);
        if (pf.totalVfs !== undefined) emit.vfsSupported(pfLabels, pf.totalVfs);
        if (pf.numVfs !== undefined) emit.vfsEnabled(pfLabels, pf.numVfs);
        emit.vfsAssigned(pfLabels, pf.vfs.filter((vf) => vf.driver !== undefined && isVmOrUserspaceDriver(vf.driver)).length);

        const pfUp = pfLinkUp(scrape, links, pf, emit, pfLabels);
        const ipVfs = ipVfsOf(links, pf);
        for (const vf of pf.vfs) {
          const ipVf = ipVfs.get(vf.index);
          const labels = scrape.vfLabels(pf, vf);
          emit.vfInfo(labels, { ...vfInfoLabels(vf, ipVf), ...consumers(vf.address) }, 1);
          const up = vfLinkUp(scrape, links, pf, vf, ipVf, pfUp);
          if (up !== undefined) emit.vfLinkUp(labels, {}, up ? 1 : 0);
        }
        await scrape.pause();
      }
    },
  };
}

function emitters(out: SampleSink<'inventory'>) {
  return {
    pfInfo: out.emitter(METRICS.pfInfo),
    vfsSupported: out.emitter(METRICS.pfVfsSupported),
    vfsEnabled: out.emitter(METRICS.pfVfsEnabled),
    vfsAssigned: out.emitter(METRICS.pfVfsAssigned),
    pfLinkUp: out.emitter(METRICS.pfLinkUp),
    pfSpeed: out.emitter(METRICS.pfLinkSpeed),
    vfInfo: out.vfEmitter(METRICS.vfInfo),
    vfLinkUp: out.vfEmitter(METRICS.vfLinkUp),
  };
}

/** A netdev's operstate: from the `ip` output already read, from sysfs when `ip` failed. */
function operstateOf(scrape: ScrapeReads, links: Links, devicePath: string, netdev: string): string | undefined {
  return ipOperstate(links, netdev) ?? known(readOperstate(scrape.host, devicePath, netdev));
}

/** Emits the PF's link series; returns whether its link is up (undefined when unknown). */
function pfLinkUp(
  scrape: ScrapeReads,
  links: Links,
  pf: TopologyPf,
  emit: ReturnType<typeof emitters>,
  labels: { readonly pf: string; readonly pci_address: string },
): boolean | undefined {
  if (pf.netdev === undefined) return undefined;
  const state = operstateOf(scrape, links, pf.devicePath, pf.netdev);
  if (state === undefined) return undefined;
  const up = state === 'up';
  emit.pfLinkUp(labels, up ? 1 : 0);
  const speed = up ? known(readSpeedMbps(scrape.host, pf.devicePath, pf.netdev)) : undefined;
  if (speed !== undefined) emit.pfSpeed(labels, speed * MBIT_BYTES);
  return up;
}

/** The labels of sriov_vf_info after pf, vf, pci_address — '' where unknown. */
function vfInfoLabels(vf: TopologyVf, ipVf: IpLinkVf | undefined) {
  const onOff = (v: boolean | undefined) => (v === undefined ? '' : v ? 'on' : 'off');
  const numa = vf.numaNode;
  return {
    driver: vf.driver ?? '',
    mac: ipVf?.mac ?? '',
    vlan: ipVf?.vlan === undefined ? '' : String(ipVf.vlan.id),
    link_state: ipVf?.linkState ?? '',
    spoof_check: onOff(ipVf?.spoofCheck),
    trust: onOff(ipVf?.trust),
    // numa_node is -1 when the firmware gives no proximity: unknown, not a node.
    numa_node: typeof numa === 'number' && numa >= 0 ? String(numa) : '',
    iommu_group: vf.iommuGroup ?? '',
    netdev: vf.netdev ?? '',
    representor: vf.representor ?? '',
  };
}

/**
 * Its host netdev's operstate (from the `ip` output already read, sysfs when `ip` failed); without a host
 * netdev, its representor's in switchdev mode (the representor's admin state is the VF's carrier, and the
 * legacy per-VF link state is not used then); else the link state the PF imposes (auto follows the PF's link).
 */
function vfLinkUp(scrape: ScrapeReads, links: Links, pf: TopologyPf, vf: TopologyVf, ipVf: IpLinkVf | undefined, pfUp: boolean | undefined): boolean | undefined {
  if (vf.netdev !== undefined) {
    const state = operstateOf(scrape, links, vf.devicePath, vf.netdev);
    if (state !== undefined) return state === 'up';
  }
  if (vf.representor !== undefined) {
    const state = operstateOf(scrape, links, pf.devicePath, vf.representor);
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
