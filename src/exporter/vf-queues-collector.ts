// vf_queues: for each VF netdev in this host, its queue counts (sysfs queues/) and per-queue packets/bytes
// (`ethtool -S`, for drivers whose counter names we know). Both are read together, at most once per TTL, and
// served from the reading cache in between with the reading's age (see reading-cache.ts).

import { describeIssue, isIssue } from '../host/read-issue.js';
import { extractQueueCounters, parseEthtoolStats, queueNamingOf, type QueueCounters } from '../parse/ethtool-stats.js';
import { isCutOffProblem } from '../parse/text-lines.js';
import { readQueueCounts, type QueueCounts } from '../readers/vf-netdev-reader.js';
import type { SriovVf } from '../readers/sriov-inventory-reader.js';
import type { CollectorDefinition } from './collector-types.js';
import type { CacheTarget, ReadResult } from './reading-cache.js';
import type { VfLabels } from './sample-sink.js';
import type { ScrapeContext } from './scrape-context.js';

/** One VF netdev's queues at one moment. */
export interface VfQueueReading {
  /** Undefined when the netdev has no queues/ directory. */
  readonly counts?: QueueCounts;
  readonly queues: readonly QueueCounters[];
}

const QUEUE_FAMILIES = {
  receive: { packets: 'sriov_vf_queue_receive_packets_total', bytes: 'sriov_vf_queue_receive_bytes_total' },
  transmit: { packets: 'sriov_vf_queue_transmit_packets_total', bytes: 'sriov_vf_queue_transmit_bytes_total' },
} as const;

export const vfQueuesCollector: CollectorDefinition = {
  name: 'vf_queues',
  help: 'Queue counts of VF netdevs in this host, and per-queue packets and bytes from ethtool -S, read at most once per cache TTL.',
  defaultEnabled: true,
  async run(scrape, out) {
    const inventory = scrape.inventory();
    for (const problem of inventory.problems) out.problem(problem);
    const queues = out.vfFamily('sriov_vf_queues');
    const emit = {
      receive: { packets: out.vfFamily(QUEUE_FAMILIES.receive.packets), bytes: out.vfFamily(QUEUE_FAMILIES.receive.bytes) },
      transmit: { packets: out.vfFamily(QUEUE_FAMILIES.transmit.packets), bytes: out.vfFamily(QUEUE_FAMILIES.transmit.bytes) },
    };
    const age = out.vfFamily('sriov_vf_queue_stats_age_seconds');

    const targets: Array<CacheTarget<VfQueueReading> & { labels: VfLabels }> = [];
    for (const pf of inventory.pfs) {
      for (const vf of pf.vfs) {
        if (vf.netdev === undefined) continue;
        targets.push({ key: `${vf.address} ${vf.netdev} ${vf.driver ?? ''}`, read: () => readQueues(scrape, vf, vf.netdev as string), labels: scrape.vfLabels(pf, vf) });
      }
    }

    const statuses = await scrape.services.queueReadings.collect(targets);
    const now = scrape.services.now();
    const failed: string[] = [];
    for (const target of targets) {
      const status = statuses.get(target.key);
      if (status?.error !== undefined) failed.push(status.error);
      const reading = status?.reading;
      if (reading === undefined) continue;
      const { counts, queues: perQueue } = reading.value;
      if (counts) {
        queues(target.labels, ['receive'], counts.receive);
        queues(target.labels, ['transmit'], counts.transmit);
      }
      for (const q of perQueue) {
        const queue = [String(q.queue)];
        if (q.packets !== undefined) emit[q.direction].packets(target.labels, queue, q.packets);
        if (q.bytes !== undefined) emit[q.direction].bytes(target.labels, queue, q.bytes);
      }
      if (perQueue.length > 0) age(target.labels, [], Math.max(0, now - reading.readAt) / 1000);
    }
    if (failed.length > 0) {
      out.problem(`${failed.length} of ${targets.length} VF netdevs could not be read (their last readings are served with their age): ${failed[0]}${failed.length > 1 ? ' …' : ''}`);
    }
  },
};

async function readQueues(scrape: ScrapeContext, vf: SriovVf, netdev: string): Promise<ReadResult<VfQueueReading>> {
  const counts = readQueueCounts(scrape.host, vf.devicePath, netdev);
  if (isIssue(counts)) return { ok: false, error: describeIssue(counts) };
  // A driver whose ethtool names we cannot read as queues is not worth a process.
  if (vf.driver === undefined || queueNamingOf(vf.driver) === undefined) return { ok: true, value: { ...(counts ? { counts } : {}), queues: [] } };
  const ran = await scrape.services.commands.ethtool(netdev);
  if (!ran.ok) return ran;
  const parsed = parseEthtoolStats(ran.stdout);
  if (!parsed.ok) return { ok: false, error: `ethtool -S ${netdev}: ${parsed.error}` };
  // ethtool prints every line whole: a cut-off output (killed, a short pipe) may lack queues, so it does not
  // replace the last good reading.
  const cutOff = parsed.problems.find(isCutOffProblem);
  if (cutOff !== undefined) return { ok: false, error: `ethtool -S ${netdev}: ${cutOff}` };
  return { ok: true, value: { ...(counts ? { counts } : {}), queues: extractQueueCounters(parsed.values, vf.driver) } };
}
