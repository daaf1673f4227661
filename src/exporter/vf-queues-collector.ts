// vf_queues: queue counts of VF netdevs in this host, and per-queue packets/bytes from a short-lived cache of
// `ethtool -S` readings (see queue-stats-cache.ts), with the age of each reading.

import { isIssue } from '../host/read-issue.js';
import { queueNamingOf } from '../parse/ethtool-stats.js';
import { readQueueCounts } from '../readers/vf-netdev-reader.js';
import type { CollectorDefinition } from './collector-types.js';
import type { QueueTarget } from './queue-stats-cache.js';

const QUEUE_FAMILIES = {
  receive: { packets: 'sriov_vf_queue_receive_packets_total', bytes: 'sriov_vf_queue_receive_bytes_total' },
  transmit: { packets: 'sriov_vf_queue_transmit_packets_total', bytes: 'sriov_vf_queue_transmit_bytes_total' },
} as const;

export const vfQueuesCollector: CollectorDefinition = {
  name: 'vf_queues',
  help: 'Queue counts of VF netdevs in this host, and per-queue packets and bytes from a cached ethtool -S.',
  defaultEnabled: true,
  async run(scrape, out) {
    const inventory = scrape.inventory();
    for (const problem of inventory.problems) out.problem(problem);
    const queues = out.family('sriov_vf_queues');
    const emit = {
      receive: { packets: out.family(QUEUE_FAMILIES.receive.packets), bytes: out.family(QUEUE_FAMILIES.receive.bytes) },
      transmit: { packets: out.family(QUEUE_FAMILIES.transmit.packets), bytes: out.family(QUEUE_FAMILIES.transmit.bytes) },
    };
    const age = out.family('sriov_vf_queue_stats_age_seconds');

    const targets: Array<QueueTarget & { labels: string[] }> = [];
    for (const pf of inventory.pfs) {
      for (const vf of pf.vfs) {
        if (vf.netdev === undefined || vf.device === undefined) continue;
        const labels = [pf.label, String(vf.index), vf.address];
        const counts = readQueueCounts(scrape.host, vf.device.devicePath, vf.netdev);
        if (isIssue(counts)) out.problem(`${counts.path}: ${counts.code}`);
        else if (counts !== undefined) {
          queues([...labels, 'receive'], counts.receive);
          queues([...labels, 'transmit'], counts.transmit);
        }
        // A driver whose ethtool names we cannot read as queues is not worth a process.
        if (vf.driver !== undefined && queueNamingOf(vf.driver) !== undefined) {
          targets.push({ key: `${vf.address} ${vf.netdev} ${vf.driver}`, netdev: vf.netdev, driver: vf.driver, labels });
        }
      }
    }

    const statuses = await scrape.services.queueStats.collect(targets);
    const now = scrape.services.now();
    const failed: string[] = [];
    for (const target of targets) {
      const status = statuses.get(target.key);
      if (status?.error !== undefined) failed.push(status.error);
      const reading = status?.reading;
      if (reading === undefined) continue;
      for (const q of reading.queues) {
        const labels = [...target.labels, String(q.queue)];
        if (q.packets !== undefined) emit[q.direction].packets(labels, q.packets);
        if (q.bytes !== undefined) emit[q.direction].bytes(labels, q.bytes);
      }
      age(target.labels, Math.max(0, now - reading.readAt) / 1000);
    }
    if (failed.length > 0) {
      out.problem(`ethtool -S failed for ${failed.length} of ${targets.length} VF netdevs (their last readings are served with their age): ${failed[0]}${failed.length > 1 ? ' …' : ''}`);
    }
  },
};
