// A netdev's per-queue packet and byte counters from `ethtool -S`, for the drivers whose counter names we know
// (parse/ethtool-stats.ts). A driver we cannot read as queues is not worth a process: no records, nothing run.

import { type ReadIssue, isIssue, placeIssue, placed } from '../fact.js';
import type { Commands } from '../host/commands.js';
import { parseNetvscStats, type NetvscStats } from '../parse/netvsc-stats.js';
import { extractQueueCounters, parseEthtoolStats, queueNamingOf, type QueueCounters } from '../parse/ethtool-stats.js';

export async function readEthtoolQueues(commands: Commands, netdev: string, driver: string | undefined): Promise<readonly QueueCounters[] | ReadIssue> {
  if (driver === undefined || queueNamingOf(driver) === undefined) return [];
  const { command, output } = await commands.ethtoolStats(netdev);
  if (isIssue(output)) return output;
  const stats = placed(command, parseEthtoolStats(output));
  if (isIssue(stats)) return stats;
  // ethtool prints every line whole: a cut-off output (killed, a short pipe) may lack queues, so it is not
  // a reading — the caller keeps its last good one.
  const cutOff = stats.problems.find((problem) => problem.code === 'ESHORT');
  if (cutOff !== undefined) return placeIssue(command, cutOff);
  return extractQueueCounters(stats.values, driver);
}

/** A Hyper-V/Azure guest's synthetic NIC: hv_netvsc's `ethtool -S`, traffic over the VF and over VMBus. */
export async function readNetvscStats(commands: Commands, netdev: string): Promise<NetvscStats | ReadIssue> {
  const { command, output } = await commands.ethtoolStats(netdev);
  if (isIssue(output)) return output;
  return placed(command, parseNetvscStats(output));
}
