// vf_queues: for each VF netdev in this host, its queue counts (sysfs queues/) and per-queue packets/bytes
// (`ethtool -S`, for drivers whose counter names we know). Both are read together, at most once per TTL, and
// served from the collector's own reading cache in between with the reading's age (see reading-cache.ts);
// at most `concurrency` ethtool processes run at once, across all scrapes. Every VF netdev is read in the
// background from start (warm), and a scrape waits for the reads it starts at most `waitMs`: the ones still
// running then are served by a later scrape.

import { type ReadIssue, isIssue } from '../../fact.js';
import type { Commands } from '../../host/commands.js';
import type { HostFs } from '../../host/host-fs.js';
import type { QueueCounters } from '../../parse/ethtool-stats.js';
import { readEthtoolQueues } from '../../readers/ethtool-reader.js';
import { readQueueCounts, type QueueCounts } from '../../readers/net-reader.js';
import type { TopologyVf } from '../../readers/topology-reader.js';
import { METRICS } from '../exposition/metric-catalog.js';
import type { VfLabels } from '../exposition/sample-sink.js';
import type { Collector } from './collector.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { ReadingCache, type CacheTarget } from './reading-cache.js';
import type { ScrapeReads } from './scrape-reads.js';

/** One VF netdev's queues at one moment. */
export interface VfQueueReading {
  /** Undefined when the netdev has no queues/ directory. */
  readonly counts?: QueueCounts;
  readonly queues: readonly QueueCounters[];
}

export interface VfQueuesOptions {
  readonly commands: Commands;
  /** How long a reading is served before it is taken again. */
  readonly ttlMs: number;
  /** ethtool processes at once, across scrapes. */
  readonly concurrency: number;
  /** How long a scrape waits for the readings it started; the rest are served by a later scrape. */
  readonly waitMs: number;
  /** Wall clock in ms (tests pass a fake one to age readings). */
  readonly now: () => number;
}

/** The collector, and its warm-up: reading every VF netdev's queues in the background, without a scrape. */
export interface VfQueuesCollector extends Collector<'vf_queues'> {
  /**
   * Starts the reads that are due, bounded by the concurrency limit like any other, and resolves with how many
   * VF netdevs there were once they are all read (or failed). Nobody waits for it: scrapes serve what is read.
   */
  warm(scrape: ScrapeReads): Promise<number>;
}

const PACE_VFS = 64;

export function vfQueuesCollector(options: VfQueuesOptions): VfQueuesCollector {
  const readings = new ReadingCache<VfQueueReading>({ ttlMs: options.ttlMs, now: options.now });
  const ethtoolSlots = new ConcurrencyLimit(options.concurrency);
  // The sysfs read of a VF netdev's queues happens in its slot too: a refresh of every netdev then reads a few at a
  // time between ethtool runs, not all of them at once before the first.
  const readInSlot = (host: HostFs, vf: TopologyVf, netdev: string) => ethtoolSlots.run(() => readQueues(host, options.commands, vf, netdev));
  const targetsOf = async (scrape: ScrapeReads) => {
    const topology = await scrape.topology();
    const targets: Array<CacheTarget<VfQueueReading> & { labels: VfLabels }> = [];
    for (const pf of topology.pfs) {
      for (const vf of pf.vfs) {
        if (vf.netdev === undefined) continue;
        const netdev = vf.netdev;
        targets.push({ key: `${vf.address} ${netdev} ${vf.driver ?? ''}`, read: () => readInSlot(scrape.host, vf, netdev), labels: scrape.vfLabels(pf, vf) });
      }
    }
    return { topology, targets };
  };
  return {
    name: 'vf_queues',
    async warm(scrape) {
      const { targets } = await targetsOf(scrape);
      await readings.collect(targets);
      return targets.length;
    },
    async collect(scrape, out) {
      const { topology, targets } = await targetsOf(scrape);
      for (const problem of topology.problems) out.problem(problem);
      const queues = out.vfEmitter(METRICS.vfQueues);
      const emit = {
        receive: { packets: out.vfEmitter(METRICS.vfQueueReceivePackets), bytes: out.vfEmitter(METRICS.vfQueueReceiveBytes) },
        transmit: { packets: out.vfEmitter(METRICS.vfQueueTransmitPackets), bytes: out.vfEmitter(METRICS.vfQueueTransmitBytes) },
      };
      const age = out.vfEmitter(METRICS.vfQueueStatsAge);

      const statuses = await readings.collect(targets, options.waitMs);
      const now = options.now();
      const failed: ReadIssue[] = [];
      let emitted = 0;
      for (const target of targets) {
        // A PF's worth at a time, as the other collectors (see ScrapeReads.pause).
        if (++emitted % PACE_VFS === 0) await scrape.pause();
        const status = statuses.get(target.key);
        if (status?.error !== undefined) failed.push(status.error);
        const reading = status?.reading;
        if (reading === undefined) continue;
        const { counts, queues: perQueue } = reading.value;
        if (counts) {
          queues(target.labels, { direction: 'receive' }, counts.receive);
          queues(target.labels, { direction: 'transmit' }, counts.transmit);
        }
        for (const q of perQueue) {
          const queue = { queue: String(q.queue) };
          if (q.packets !== undefined) emit[q.direction].packets(target.labels, queue, q.packets);
          if (q.bytes !== undefined) emit[q.direction].bytes(target.labels, queue, q.bytes);
        }
        if (perQueue.length > 0) age(target.labels, {}, Math.max(0, now - reading.readAt) / 1000);
      }
      const first = failed[0];
      if (first !== undefined) {
        const which = failed.length > 1 ? ', the first' : '';
        out.problem(first, `${failed.length} of ${targets.length} VF netdevs could not be read (their last readings are served with their age)${which}`);
      }
    },
  };
}

async function readQueues(host: HostFs, commands: Commands, vf: TopologyVf, netdev: string): Promise<VfQueueReading | ReadIssue> {
  const counts = readQueueCounts(host, vf.devicePath, netdev);
  if (isIssue(counts)) return counts;
  const queues = await readEthtoolQueues(commands, netdev, vf.driver);
  if (isIssue(queues)) return queues;
  return { ...(counts ? { counts } : {}), queues };
}

