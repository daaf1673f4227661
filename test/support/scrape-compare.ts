// "The rest of the scrape is intact": the sriov_* series of two scrapes compared family by family, leaving
// out the families a fault may change and the ones that change by themselves (durations, ages, successes).

import { COLLECTORS } from '../../src/exporter/collectors/collector-table.js';
import { collectorSuccess, type Series } from './exporter-server.js';

/** Every collector that runs on a Linux host (the hosts these tests read), in table order. */
export const COLLECTOR_NAMES: readonly string[] = COLLECTORS.filter((c) => c.platforms.includes('linux')).map((c) => c.name);

/** The collectors whose success is 1 in a scrape, in table order. */
export function succeededCollectors(series: readonly Series[]): string[] {
  return COLLECTOR_NAMES.filter((name) => collectorSuccess(series, name) === 1);
}

/** Families that differ between two scrapes of an unchanged host, or that say how a collector fared. */
const ALWAYS_LEFT_OUT = ['sriov_exporter_collector_success', 'sriov_exporter_collector_duration_seconds', 'sriov_vf_queue_stats_age_seconds'];

const key = (s: Series) => `${s.name}${JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)))}`;

/**
 * Series of sriov_* families that are missing, new or of another value in `after`, except those that may
 * change: the families named in `mayChange`, or the series it accepts.
 */
export function seriesChanges(before: readonly Series[], after: readonly Series[], mayChange: readonly string[] | ((s: Series) => boolean)): string[] {
  const excused = typeof mayChange === 'function' ? mayChange : (s: Series) => mayChange.includes(s.name);
  const compared = (s: Series) => s.name.startsWith('sriov_') && !ALWAYS_LEFT_OUT.includes(s.name) && !excused(s);
  const was = new Map(before.filter(compared).map((s) => [key(s), s.value]));
  const now = new Map(after.filter(compared).map((s) => [key(s), s.value]));
  const changes: string[] = [];
  for (const [k, value] of was) {
    if (!now.has(k)) changes.push(`gone: ${k}`);
    else if (!Object.is(now.get(k), value)) changes.push(`changed: ${k} ${value} → ${now.get(k)}`);
  }
  for (const k of now.keys()) if (!was.has(k)) changes.push(`new: ${k}`);
  return changes;
}
