// node_exporter textfile-collector file (`--output prometheus`), for hosts that run node_exporter and not our
// exporter: the same families, names and labels as the exporter's readiness and inventory series
// (docs/metrics.md), so that rules/ and dashboards/ work on either. Written with the exporter's own formatter.
// Only the host and the selected PFs, as the exporter publishes them; no timestamps on samples (the textfile
// collector refuses them); the run's time is a sample of its own.

import { STATUSES } from '../checks/check-types.js';
import { familyHeader, sampleLine } from '../exporter/exposition-format.js';
import { family } from '../exporter/metric-families.js';
import type { Verdict } from './report.js';
import type { ReportView } from './report-view.js';

const VERDICTS: readonly Verdict[] = ['ready', 'degraded', 'not-ready'];
const MBIT_BYTES = 125_000;

export interface PrometheusOptions {
  /** When the checks ran (sriov_readiness_last_run_timestamp_seconds). */
  readonly now: Date;
}

export function renderPrometheus(view: ReportView, options: PrometheusOptions): string {
  const out: string[] = [];
  const emit = (name: string, samples: readonly (readonly [readonly string[], number])[]) => {
    if (samples.length === 0) return;
    const row = family(name);
    const line = sampleLine(row);
    out.push(familyHeader(row, false) + samples.map(([labels, value]) => `${line(labels, value)}\n`).join(''));
  };
  const pfs = view.pfs.filter((pf) => pf.selected);
  const subjects = new Set(['host', ...pfs.map((pf) => pf.subject)]);
  const pfLabels = (pf: (typeof pfs)[number]) => [pf.subject, pf.pciAddress];

  emit('sriov_pf_info', pfs.map((pf) => [[pf.subject, pf.pciAddress, pf.vendorId ?? '', pf.deviceId ?? '', pf.vendor ?? '', pf.model ?? '', pf.driver ?? ''], 1]));
  emit('sriov_pf_vfs_supported', pfs.flatMap((pf) => (pf.vfsSupported === undefined ? [] : [[pfLabels(pf), pf.vfsSupported]])));
  emit('sriov_pf_vfs_enabled', pfs.flatMap((pf) => (pf.vfsEnabled === undefined ? [] : [[pfLabels(pf), pf.vfsEnabled]])));
  emit('sriov_pf_link_up', pfs.flatMap((pf) => (pf.linkUp === undefined ? [] : [[pfLabels(pf), pf.linkUp ? 1 : 0]])));
  emit('sriov_pf_link_speed_bytes', pfs.flatMap((pf) => (pf.speedMbps === undefined ? [] : [[pfLabels(pf), pf.speedMbps * MBIT_BYTES]])));
  emit(
    'sriov_check_status',
    view.checks.filter((c) => subjects.has(c.subject)).flatMap((c) => STATUSES.map((s) => [[c.id, c.layer, c.subject, s], s === c.status ? 1 : 0] as const)),
  );
  emit('sriov_host_ready', [[[], view.verdict === 'not-ready' ? 0 : 1]]);
  emit('sriov_host_verdict', VERDICTS.map((v) => [[v], v === view.verdict ? 1 : 0]));
  emit('sriov_readiness_last_run_timestamp_seconds', [[[], Math.floor(options.now.getTime() / 1000)]]);
  return out.join('');
}
