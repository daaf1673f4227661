// One scrape's look at the host, shared by its collectors: a new HostFs (nothing cached from an earlier scrape
// or from start-up), the SR-IOV inventory read once, and `ip -j -s -d link show` run at most once — whichever
// collector asks first pays for it, the others reuse the answer.

import type { FastifyBaseLogger } from 'fastify';
import { HostFs } from '../host/host-fs.js';
import type { CommandResult } from '../host/run-command.js';
import { parseIpLinkJson, type IpLinkPf, type IpLinkVf } from '../parse/ip-link-json.js';
import { readSriovInventory, type SriovInventory, type SriovPf, type SriovVf } from '../readers/sriov-inventory-reader.js';
import { commandTimeoutMs, type ExporterConfig } from './exporter-config.js';
import { pfSelected } from './pf-filter.js';
import type { PciNameCache } from './pci-name-cache.js';
import type { ReadingCache } from './reading-cache.js';
import type { ReadinessRunner } from './readiness-runner.js';
import { vfLabels, type VfLabels } from './sample-sink.js';
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
  | {
      readonly ok: true;
      /** Each PF's VFs by index, keyed by the PF's PCI address (parentdev), or by its name when `ip` gave no address. */
      readonly vfsByPf: ReadonlyMap<string, ReadonlyMap<number, IpLinkVf>>;
      readonly operstates: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly error: string };

export class ScrapeContext {
  readonly host: HostFs;
  private inventoryMemo?: SriovInventory;
  private ipMemo?: Promise<IpLinks>;
  private readonly labelMemo = new Map<SriovVf, VfLabels>();

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
      this.inventoryMemo = { ...all, pfs: all.pfs.filter((pf) => pfSelected(filter, pf)) };
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
    return { ok: true, vfsByPf: vfsByPf(parsed.pfs), operstates: parsed.operstates };
  }

  /** A VF's pf, vf and pci_address labels, rendered once per scrape for every collector. */
  vfLabels(pf: SriovPf, vf: SriovVf): VfLabels {
    let labels = this.labelMemo.get(vf);
    if (labels === undefined) {
      labels = vfLabels(pf.label, String(vf.index), vf.address);
      this.labelMemo.set(vf, labels);
    }
    return labels;
  }
}

// A netdev name cannot hold ':' and a PCI address always does, so the two kinds of key never meet.
function vfsByPf(pfs: readonly IpLinkPf[]): Map<string, ReadonlyMap<number, IpLinkVf>> {
  const byPf = new Map<string, ReadonlyMap<number, IpLinkVf>>();
  for (const link of pfs) {
    const key = link.pciAddress ?? link.ifname;
    // The first listing of a PF counts, as iproute2 lists it.
    if (!byPf.has(key)) byPf.set(key, new Map(link.vfs.map((vf) => [vf.vf, vf])));
  }
  return byPf;
}

const NO_VFS: ReadonlyMap<number, IpLinkVf> = new Map();

/** The PF's VFs as `ip` reported them, by VF index (empty when `ip` failed or does not list the PF). */
export function ipVfsOf(links: IpLinks, pf: SriovPf): ReadonlyMap<number, IpLinkVf> {
  if (!links.ok) return NO_VFS;
  return links.vfsByPf.get(pf.address) ?? (pf.netdev !== undefined ? links.vfsByPf.get(pf.netdev) : undefined) ?? NO_VFS;
}
