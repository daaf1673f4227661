// Every netdev's counters of this network namespace in one read of /proc/net/dev: the VFs' own host netdevs
// and the representors of switchdev PFs alike.

import { type Fact, type ReadIssue, isIssue, placeIssue, placed } from '../fact.js';
import type { HostFs } from '../host/host-fs.js';
import { parseProcNetDev } from '../parse/proc-net-dev.js';
import type { VfCounters } from '../parse/vf-counters.js';

export const PROC_NET_DEV = '/proc/net/dev';

export interface NetdevCounters {
  /** netdev name → counters. */
  readonly netdevs: ReadonlyMap<string, VfCounters>;
  /** Lines that were set aside; the kernel writes every line whole and alike, so each one is news. */
  readonly problems: readonly ReadIssue[];
}

export function readNetdevCounters(host: HostFs): Fact<NetdevCounters> {
  const text = host.readText(PROC_NET_DEV);
  if (text === undefined || isIssue(text)) return text;
  const parsed = placed(PROC_NET_DEV, parseProcNetDev(text));
  if (isIssue(parsed)) return parsed;
  return { netdevs: parsed.netdevs, problems: parsed.problems.map((problem) => placeIssue(PROC_NET_DEV, problem)) };
}
