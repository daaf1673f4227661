// One run of the sriov-check preflight for the exporter: take the snapshot, run the one preflight, keep what
// scrapes and GET /readiness serve. Runs in the readiness worker thread (readiness-worker.ts), so its input and
// its result are plain data that can cross a thread.

import type { Finding } from '../../checks/check-types.js';
import { HostFs, type HostRoots } from '../../host/host-fs.js';
import { runPreflight } from '../../preflight/run-preflight.js';
import type { Verdict } from '../../report/report.js';
import type { ReportView } from '../../report/report-view.js';
import { takeSnapshot } from '../../snapshot/take-snapshot.js';
import { pfSelected, type PfFilter } from '../pf-filter.js';
import { readinessOutcome } from './readiness-outcome.js';

export interface ReadinessInput {
  readonly roots: HostRoots;
  readonly version: string;
  readonly pfFilter: PfFilter;
  /** A kernel log file on this machine, read instead of the log files under the root (sriov-check --kernel-log). */
  readonly kernelLog?: string;
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
  const snapshot = await takeSnapshot(new HostFs(input.roots), {
    toolName: 'sriov-exporter',
    toolVersion: input.version,
    enrichSystem: true,
    // As sriov-check does, so that /readiness is its report (vfs[], nic.vfs.free); a worker thread pays for it.
    consumers: true,
    ...(input.kernelLog !== undefined ? { kernelLog: input.kernelLog } : {}),
  });
  const report = runPreflight(snapshot, { select: (pf) => pfSelected(input.pfFilter, pf) });
  const subjects = new Set(['host', ...report.pfs.filter((pf) => pf.selected).map((pf) => pf.subject)]);
  return readinessOutcome(report, (f) => subjects.has(f.subject));
}
