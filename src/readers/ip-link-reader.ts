// Every PF's VFs as the PF sees them (rtnetlink IFLA_VFINFO_LIST) and the operstate of every link, from one run
// of `ip -j -s -d link show`: MAC, VLAN, link state, spoof check, trust and the VF counters for all PFs at once.

import { type ReadIssue, isIssue, placeIssue, placed } from '../fact.js';
import type { Commands } from '../host/commands.js';
import { parseIpLinkJson, type IpLinkPf, type IpLinkVf } from '../parse/ip-link-json.js';

export interface IpLinks {
  /** Each PF's VFs by index, keyed by the PF's PCI address (parentdev), or by its name when `ip` gave no address. */
  readonly vfsByPf: ReadonlyMap<string, ReadonlyMap<number, IpLinkVf>>;
  /** operstate of every link by name, lowercased as sysfs writes it. */
  readonly operstates: ReadonlyMap<string, string>;
  /** Odd entries, each skipped alone (an unknown stats key from a newer iproute2, a VF without an index). */
  readonly problems: readonly ReadIssue[];
}

export async function readIpLinks(commands: Commands, timeoutMs: number): Promise<IpLinks | ReadIssue> {
  const { command, output } = await commands.ipLinkShow(timeoutMs);
  if (isIssue(output)) return output;
  const table = placed(command, parseIpLinkJson(output));
  if (isIssue(table)) return table;
  return {
    vfsByPf: vfsByPf(table.pfs),
    operstates: table.operstates,
    problems: table.problems.map((problem) => placeIssue(command, problem)),
  };
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

/** A PF's VFs as `ip` reported them, by VF index (empty when `ip` failed or does not list the PF). */
export function ipVfsOf(links: IpLinks | ReadIssue, pf: { readonly address: string; readonly netdev?: string }): ReadonlyMap<number, IpLinkVf> {
  if (isIssue(links)) return NO_VFS;
  return links.vfsByPf.get(pf.address) ?? (pf.netdev !== undefined ? links.vfsByPf.get(pf.netdev) : undefined) ?? NO_VFS;
}

/** A link's operstate as `ip` reported it; undefined when `ip` failed or does not list it. */
export function ipOperstate(links: IpLinks | ReadIssue, netdev: string): string | undefined {
  return isIssue(links) ? undefined : links.operstates.get(netdev);
}
