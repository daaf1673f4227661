// vf_traffic: per-VF counters from the cheapest correct source, one series per (VF, family) with its source.

import { isIssue, readIssue } from '../../fact.js';
import { vfCountersFromRepresentor } from '../../parse/representor-counters.js';
import type { VfCounters } from '../../parse/vf-counters.js';
import { ipVfsOf } from '../../readers/ip-link-reader.js';
import { PROC_NET_DEV, readNetdevCounters } from '../../readers/proc-net-dev-reader.js';
import { hasSriovStatsDir, readVfStats } from '../../readers/vf-stats-reader.js';
import type { MetricFamily } from '../exposition/metric-catalog.js';
import type { EmitForVf } from '../exposition/sample-sink.js';
import type { Collector } from './collector.js';
import { TRAFFIC_COUNTERS, chooseCounters, type VfSources } from './traffic-sources.js';

export function vfTrafficCollector(): Collector<'vf_traffic'> {
  return {
    name: 'vf_traffic',
    async collect(scrape, out) {
      // Start `ip` first: it runs while the sysfs reads below keep this thread busy.
      const ipLinks = scrape.ipLinks();
      const topology = await scrape.topology();
      for (const problem of topology.problems) out.problem(problem);

      // /proc/net/dev only when some VF has a netdev or a representor here: one read for all of them.
      let netdevs: ReadonlyMap<string, VfCounters> = new Map();
      if (topology.pfs.some((pf) => pf.vfs.some((vf) => vf.netdev !== undefined || vf.representor !== undefined))) {
        const read = readNetdevCounters(scrape.host);
        if (read === undefined) out.problem(readIssue(PROC_NET_DEV, 'ENOENT'), 'netdev source');
        else if (isIssue(read)) out.problem(read, 'netdev source');
        else {
          netdevs = read.netdevs;
          for (const problem of read.problems) out.problem(problem, 'netdev source');
        }
      }

      const links = await ipLinks;
      if (isIssue(links)) out.problem(links, 'netlink source');

      const emit = new Map<MetricFamily, EmitForVf<readonly ['pf', 'vf', 'pci_address', 'source']>>(TRAFFIC_COUNTERS.map((c) => [c.family, out.vfEmitter(c.family)]));
      for (const pf of topology.pfs) {
        const ipVfs = ipVfsOf(links, pf);
        // Only out-of-tree drivers have <pf>/sriov/; one lookup per PF spares the others one per VF.
        const statsDir = hasSriovStatsDir(scrape.host, pf.devicePath);
        if (isIssue(statsDir)) out.problem(statsDir, `sysfs source: ${pf.label}`);
        for (const vf of pf.vfs) {
          const sources: { -readonly [K in keyof VfSources]: VfSources[K] } = {};
          const netlink = ipVfs.get(vf.index)?.counters;
          if (netlink) sources.netlink = netlink;
          if (statsDir === true) {
            const stats = readVfStats(scrape.host, pf.devicePath, vf.index);
            if (isIssue(stats)) out.problem(stats, 'sysfs source');
            else if (stats !== undefined) {
              sources.sysfs = stats.counters;
              const cutOff = stats.problems.find((problem) => problem.code === 'ESHORT');
              if (cutOff !== undefined) out.problem(cutOff, 'sysfs source');
            }
          }
          const representor = vf.representor !== undefined ? netdevs.get(vf.representor) : undefined;
          const switchView = representor ? vfCountersFromRepresentor(pf.driver, representor) : undefined;
          if (switchView) sources.representor = switchView;
          const own = vf.netdev !== undefined ? netdevs.get(vf.netdev) : undefined;
          if (own) sources.netdev = own;
          const labels = scrape.vfLabels(pf, vf);
          for (const chosen of chooseCounters(sources)) emit.get(chosen.family)?.(labels, { source: chosen.source }, chosen.value);
        }
        await scrape.pause();
      }
    },
  };
}
