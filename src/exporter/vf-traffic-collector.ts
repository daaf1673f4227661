// vf_traffic: per-VF counters from the cheapest correct source, one series per (VF, family) with its source.

import { isIssue } from '../host/read-issue.js';
import { isCutOffProblem } from '../parse/text-lines.js';
import type { VfCounters } from '../parse/vf-counters.js';
import { hasSriovStatsDir, readProcNetDev, readVfSysfsStats } from '../readers/vf-netdev-reader.js';
import type { CollectorDefinition } from './collector-types.js';
import { ipVfsOf } from './scrape-context.js';
import { TRAFFIC_COUNTERS, chooseCounters, type VfSources } from './traffic-sources.js';

export const vfTrafficCollector: CollectorDefinition = {
  name: 'vf_traffic',
  help: 'Per-VF bytes, packets, drops, broadcast/multicast and errors: netlink (one ip run), else out-of-tree sysfs stats, else /proc/net/dev.',
  defaultEnabled: true,
  async run(scrape, out) {
    // Start `ip` first: it runs while the sysfs reads below keep this thread busy.
    const ipLinks = scrape.ipLinks();
    const inventory = scrape.inventory();
    for (const problem of inventory.problems) out.problem(problem);

    // /proc/net/dev only when some VF has a netdev here: one read for all of them.
    let netdevs: ReadonlyMap<string, VfCounters> = new Map();
    if (inventory.pfs.some((pf) => pf.vfs.some((vf) => vf.netdev !== undefined))) {
      const read = readProcNetDev(scrape.host);
      if (read.kind === 'unreadable') out.problem(`netdev source: ${read.problem}`);
      else if (!read.result.ok) out.problem(`netdev source: /proc/net/dev: ${read.result.error}`);
      else {
        netdevs = read.result.netdevs;
        // The kernel writes every line whole and alike: a line we could not read means the file is not what it should be.
        for (const problem of read.result.problems) out.problem(`netdev source: /proc/net/dev: ${problem}`);
      }
    }

    const links = await ipLinks;
    if (!links.ok) out.problem(`netlink source: ${links.error}`);

    const emit = new Map(TRAFFIC_COUNTERS.map((c) => [c.family, out.vfFamily(c.family)]));
    for (const pf of inventory.pfs) {
      const ipVfs = ipVfsOf(links, pf);
      // Only out-of-tree drivers have <pf>/sriov/; one lookup per PF spares the others one per VF.
      const statsDir = hasSriovStatsDir(scrape.host, pf.devicePath);
      if (isIssue(statsDir)) out.problem(`sysfs source: ${pf.label}: ${statsDir.path}: ${statsDir.code}`);
      for (const vf of pf.vfs) {
        const sources: { -readonly [K in keyof VfSources]: VfSources[K] } = {};
        const netlink = ipVfs.get(vf.index)?.counters;
        if (netlink) sources.netlink = netlink;
        if (statsDir === true) {
          const stats = readVfSysfsStats(scrape.host, pf.devicePath, vf.index);
          if (stats.kind === 'unreadable') out.problem(`sysfs source: ${stats.problem}`);
          else if (stats.kind === 'read' && !stats.result.ok) out.problem(`sysfs source: ${pf.label} VF ${vf.index}: ${stats.result.error}`);
          else if (stats.kind === 'read' && stats.result.ok) {
            sources.sysfs = stats.result.counters;
            const cutOff = stats.result.problems.find(isCutOffProblem);
            if (cutOff !== undefined) out.problem(`sysfs source: ${pf.label} VF ${vf.index}: ${cutOff}`);
          }
        }
        const own = vf.netdev !== undefined ? netdevs.get(vf.netdev) : undefined;
        if (own) sources.netdev = own;
        const labels = scrape.vfLabels(pf, vf);
        for (const chosen of chooseCounters(sources)) emit.get(chosen.family)?.(labels, [chosen.source], chosen.value);
      }
    }
  },
};
