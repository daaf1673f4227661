// One scrape's look at the host, shared by its collectors: a new HostFs (nothing cached from an earlier scrape
// or from start-up), the SR-IOV inventory read once, and `ip -j -s -d link show` run at most once — whichever
// collector asks first pays for it, the others reuse the answer.

import type { FastifyBaseLogger } from 'fastify';
import { HostFs } from '../host/host-fs.js';
import type { CommandResult } from '../host/run-command.js';
import { parseIpLinkJson, type IpLinkPf, type IpLinkVf } from '../parse/ip-link-json.js';
import { readSriovInventory, type SriovInventory, type SriovPf } from '../readers/sriov-inventory-reader.js';
import { commandTimeoutMs, type ExporterConfig } from './exporter-config.js';
import { pfSelected } from './pf-filter.js';
import type { PciNameCache } from './pci-name-cache.js';
import type { ReadingCache } from './reading-cache.js';
import type { ReadinessRunner } from './readiness-runner.js';
import type { VfQueueReading } from './vf-queues-collector.js';

/** The host's programs as the collectors run them (tests wrap them to count calls). */
export interface Commands {
  /** `ip -j -s -d link show`, killed after `timeoutMs`. */
  ip(timeoutMs: number): Promise<CommandResult>;
  /** `ethtool -S <netdev>`, at most --collector.vf_queues.concurrency at once across scrapes. */
  ethtool(netdev: string): Promise<CommandResult>;
}

/** What lives as long as the server: configuration, caches, the background readiness run, the logger. */
export interface ExporterServices {
  readonly config: ExporterConfig;
  readonly log: FastifyBaseLogger;
  readonly commands: Commands;
  readonly queueReadings: ReadingCache<VfQueueReading>;
  readonly readiness: ReadinessRunner;
  readonly pciNames: PciNameCache;
  /** Wall clock in ms (tests pass a fake one). */
  readonly now: () => number;
}

export const IP_ARGS = ['-j', '-s', '-d', 'link', 'show'] as const;

export type IpLinks =
  | { readonly ok: true; readonly pfs: readonly IpLinkPf[]; readonly operstates: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly error: string };

export class ScrapeContext {
  readonly host: HostFs;
  private inventoryMemo?: SriovInventory;
  private ipMemo?: Promise<IpLinks>;

  /** `budgetMs`: how long the collectors of this scrape may take (see scrape-budget.ts). */
  constructor(
    readonly services: ExporterServices,
    readonly budgetMs: number = services.config.collectorTimeoutMs,
  ) {
    this.host = new HostFs(services.config.roots);
  }

  /** The PFs (after --collector.pf-include/exclude) and their VFs. */
  inventory(): SriovInventory {
    if (this.inventoryMemo === undefined) {
      const all = readSriovInventory(this.host);
      const filter = this.services.config.pfFilter;
      this.inventoryMemo = { pfs: all.pfs.filter((pf) => pfSelected(filter, pf)), problems: all.problems };
    }
    return this.inventoryMemo;
  }

  /** Every PF's VFs as the PF sees them (rtnetlink IFLA_VFINFO_LIST), from one run of `ip`. */
  ipLinks(): Promise<IpLinks> {
    if (this.ipMemo === undefined) this.ipMemo = this.services.commands.ip(commandTimeoutMs(this.budgetMs)).then((result) => this.parseIp(result));
    return this.ipMemo;
  }

  private parseIp(result: CommandResult): IpLinks {
    if (!result.ok) return result;
    const parsed = parseIpLinkJson(result.stdout);
    if (!parsed.ok) return { ok: false, error: `${this.services.config.ipPath} ${IP_ARGS.join(' ')}: ${parsed.error}` };
    // Odd entries (an unknown stats key from a newer iproute2, a VF without an index) lose only themselves.
    for (const problem of parsed.problems) this.services.log.debug(`ip link: ${problem}`);
    return { ok: true, pfs: parsed.pfs, operstates: parsed.operstates };
  }
}

/** The `ip` view of a PF: by PCI address (parentdev, iproute2 with -d), else by netdev name. */
export function ipLinkOf(links: IpLinks, pf: SriovPf): IpLinkPf | undefined {
  if (!links.ok) return undefined;
  return links.pfs.find((link) => link.pciAddress === pf.address) ?? links.pfs.find((link) => link.pciAddress === undefined && link.ifname === pf.netdev);
}

/** The PF's VFs as `ip` reported them, by VF index (empty when `ip` failed or does not list the PF). */
export function ipVfsOf(links: IpLinks, pf: SriovPf): ReadonlyMap<number, IpLinkVf> {
  return new Map((ipLinkOf(links, pf)?.vfs ?? []).map((vf) => [vf.vf, vf]));
}
