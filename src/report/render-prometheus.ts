// node_exporter textfile-collector file (`--output prometheus`), for hosts that run node_exporter and not our
// exporter: the exporter's own families, names and labels for its readiness and inventory series (the metric
// catalog, docs/metrics.md), emitted into its sample sinks and written by its formatter, so that rules/ and
// dashboards/ work on either. Only the host and the selected PFs, as the exporter publishes them; no
// timestamps on samples (the textfile collector refuses them); the run's time is a sample of its own.

import { STATUSES } from '../checks/check-types.js';
import { isVmOrUserspaceDriver } from '../checks/shared/driver-kinds.js';
import { PROMETHEUS_TEXT } from '../exporter/exposition/content-type.js';
import { renderExposition } from '../exporter/exposition/exposition.js';
import { METRICS } from '../exporter/exposition/metric-catalog.js';
import { SampleSink } from '../exporter/exposition/sample-sink.js';
import type { Verdict } from './report.js';
import type { ReportView } from './report-view.js';

const VERDICTS: readonly Verdict[] = ['ready', 'degraded', 'not-ready'];
const MBIT_BYTES = 125_000;

export interface PrometheusOptions {
  /** When the checks ran (sriov_readiness_last_run_timestamp_seconds). */
  readonly now: Date;
}

export function renderPrometheus(view: ReportView, options: PrometheusOptions): string {
  const inventory = new SampleSink('inventory');
  const pfs = view.pfs.filter((pf) => pf.selected);
  const pfInfo = inventory.emitter(METRICS.pfInfo);
  const supported = inventory.emitter(METRICS.pfVfsSupported);
  const enabled = inventory.emitter(METRICS.pfVfsEnabled);
  const assigned = inventory.emitter(METRICS.pfVfsAssigned);
  const linkUp = inventory.emitter(METRICS.pfLinkUp);
  const speed = inventory.emitter(METRICS.pfLinkSpeed);
  for (const pf of pfs) {
    const labels = { pf: pf.subject, pci_address: pf.pciAddress };
    pfInfo({ ...labels, vendor_id: pf.vendorId ?? '', device_id: pf.deviceId ?? '', vendor: pf.vendor ?? '', model: pf.model ?? '', driver: pf.driver ?? '' }, 1);
    if (pf.vfsSupported !== undefined) supported(labels, pf.vfsSupported);
    if (pf.vfsEnabled !== undefined) enabled(labels, pf.vfsEnabled);
    // As the inventory counts them: VFs whose bound driver hands them to a VM or to userspace.
    if (pf.vfsEnabled !== undefined) assigned(labels, view.vfs.filter((vf) => vf.pfAddress === pf.pciAddress && vf.driver !== undefined && isVmOrUserspaceDriver(vf.driver)).length);
    if (pf.linkUp !== undefined) linkUp(labels, pf.linkUp ? 1 : 0);
    if (pf.speedMbps !== undefined) speed(labels, pf.speedMbps * MBIT_BYTES);
  }

  const readiness = new SampleSink('readiness');
  const subjects = new Set(['host', ...pfs.map((pf) => pf.subject)]);
  const status = readiness.emitter(METRICS.checkStatus);
  for (const check of view.checks.filter((c) => subjects.has(c.subject))) {
    for (const candidate of STATUSES) status({ check: check.id, layer: check.layer, subject: check.subject, status: candidate }, candidate === check.status ? 1 : 0);
  }
  readiness.emitter(METRICS.hostReady)({}, view.verdict === 'not-ready' ? 0 : 1);
  const verdicts = readiness.emitter(METRICS.hostVerdict);
  for (const candidate of VERDICTS) verdicts({ verdict: candidate }, candidate === view.verdict ? 1 : 0);
  readiness.emitter(METRICS.readinessLastRun)({}, Math.floor(options.now.getTime() / 1000));
  return renderExposition([inventory, readiness], [], PROMETHEUS_TEXT);
}
