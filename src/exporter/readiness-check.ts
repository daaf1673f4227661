// One run of the sriov-check preflight for the exporter: take the snapshot, run the checks, keep what scrapes
// and GET /readiness serve. Runs in the readiness worker thread (readiness-worker.ts), so its input and its
// result are plain data that can cross a thread.

import { CHECKS } from '../checks/check-table.js';
import type { Finding } from '../checks/check-types.js';
import { buildHostView, type HostView } from '../checks/host-view.js';
import { runChecks } from '../checks/run-checks.js';
import { HostFs, type HostRoots } from '../host/host-fs.js';
import { renderJson } from '../report/render-json.js';
import { summarize, type Verdict } from '../report/report.js';
import { viewReport, type ReportView } from '../report/report-view.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { pfSelected, type PfFilter } from './pf-filter.js';

export interface ReadinessInput {
  readonly roots: HostRoots;
  readonly version: string;
  readonly pfFilter: PfFilter;
}

/** A check's result as the metrics show it. */
export type CheckState = Pick<Finding, 'id' | 'layer' | 'subject' | 'status'>;

/**
 * What is kept of a run: not the Report, which holds the whole host snapshot (megabytes on a host with
 * thousands of VFs), only what scrapes and GET /readiness serve.
 */
export interface ReadinessOutcome {
  readonly verdict: Verdict;
  /** GET /readiness: the same document as `sriov-check --output json`. */
  readonly json: string;
  /** Check results about the host and about the PFs the exporter looks at. */
  readonly checks: readonly CheckState[];
  /** GET /: the readiness page's data (plain, without the snapshot). */
  readonly view: ReportView;
}

export async function runReadinessChecks(input: ReadinessInput): Promise<ReadinessOutcome> {
  // A new HostFs per run: nothing read by an earlier run is trusted.
  const host = new HostFs(input.roots);
  const snapshot = await takeSnapshot(host, { toolName: 'sriov-exporter', toolVersion: input.version, enrichSystem: true });
  const all = buildHostView(snapshot);
  const view = narrowed(all, input.pfFilter);
  const findings = runChecks(CHECKS, view, {});
  const report = summarize(view, findings);
  const subjects = new Set(['host', ...view.selectedPfs.map((pf) => pf.subject)]);
  const checks = findings.filter((f) => subjects.has(f.subject)).map(({ id, layer, subject, status }) => ({ id, layer, subject, status }));
  return { verdict: report.verdict, json: renderJson(report), checks, view: viewReport(report) };
}

/** The view with only the PFs the exporter's filter keeps selected, as `sriov-check --pf` would select them. */
function narrowed(all: HostView, filter: PfFilter): HostView {
  const kept = all.pfs.filter((pf) => pfSelected(filter, { netdev: pf.netdev?.name, address: pf.address }));
  // No selector means every PF to buildHostView; with nothing kept, every PF still counts (said in --help).
  if (kept.length === 0 || kept.length === all.pfs.length) return all;
  return buildHostView(all.snapshot, kept.map((pf) => pf.address));
}
