// One scrape's look at the host, shared by its collectors: a new HostFs (nothing cached from an earlier scrape
// or from start-up), the SR-IOV topology read once, and `ip -j -s -d link show` run at most once — whichever
// collector asks first pays for it, the others reuse the answer. It lives for one scrape and holds nothing of
// the collectors' own.

import type { FastifyBaseLogger } from 'fastify';
import { type ReadIssue, describeIssue, isIssue } from '../../fact.js';
import type { Commands } from '../../host/commands.js';
import type { HostFs } from '../../host/host-fs.js';
import { readIpLinks, type IpLinks } from '../../readers/ip-link-reader.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readTopologyPaced, type TopologyReading, type TopologyPf, type TopologyVf } from '../../readers/topology-reader.js';
import { vfLabels, type VfLabels } from '../exposition/sample-sink.js';
import { commandTimeoutMs } from '../exporter-config.js';
import { pfSelected, type PfFilter } from '../pf-filter.js';

export interface ScrapeReadsOptions {
  /** A new view of the host for this scrape, nothing cached from an earlier one. */
  readonly host: HostFs;
  readonly pfFilter: PfFilter;
  readonly commands: Commands;
  /** How long the collectors of this scrape may take (see http/scrape-budget.ts). */
  readonly budgetMs: number;
  readonly log: FastifyBaseLogger;
}

export class ScrapeReads {
  readonly host: HostFs;
  private topologyMemo?: Promise<TopologyReading>;
  private ipMemo?: Promise<IpLinks | ReadIssue>;
  private readonly labelMemo = new Map<TopologyVf, VfLabels>();

  constructor(private readonly options: ScrapeReadsOptions) {
    this.host = options.host;
  }

  get budgetMs(): number {
    return this.options.budgetMs;
  }

  /**
   * The PFs (after --collector.pf-include/exclude), their VFs and representors, read once for this scrape —
   * a PF at a time, so that /healthz and other requests are answered in between.
   */
  topology(): Promise<TopologyReading> {
    if (this.topologyMemo === undefined) {
      const filter = this.options.pfFilter;
      this.topologyMemo = readTopologyPaced(this.host, () => nextTurn()).then((all) => ({ ...all, pfs: all.pfs.filter((pf) => pfSelected(filter, pf)) }));
    }
    return this.topologyMemo;
  }

  /** Every PF's VFs as the PF sees them, from one run of `ip`, killed after half the budget. */
  ipLinks(): Promise<IpLinks | ReadIssue> {
    if (this.ipMemo === undefined) {
      this.ipMemo = readIpLinks(this.options.commands, commandTimeoutMs(this.options.budgetMs)).then((links) => {
        // Odd entries lose only themselves: worth a debug line, not a failed collector.
        if (!isIssue(links)) for (const problem of links.problems) this.options.log.debug(`ip link: ${describeIssue(problem)}`);
        return links;
      });
    }
    return this.ipMemo;
  }

  /**
   * Hands the thread back for one turn of the event loop. The collectors call it after each PF: they all wake
   * when the topology is read, and without it their loops over every VF would run back to back as one task
   * (measured: 40–100 ms at 1,024 VFs, while /healthz and other requests wait).
   */
  pause(): Promise<void> {
    return nextTurn();
  }

  /** A VF's pf, vf and pci_address labels, rendered once per scrape for every collector. */
  vfLabels(pf: TopologyPf, vf: TopologyVf): VfLabels {
    let labels = this.labelMemo.get(vf);
    if (labels === undefined) {
      labels = vfLabels(pf.label, String(vf.index), vf.address);
      this.labelMemo.set(vf, labels);
    }
    return labels;
  }
}
