// A fixture host's report, as sriov-check builds it (the snapshot of check-harness, checks, summarize).

import { CHECKS } from '../../src/checks/check-table.js';
import type { CheckOptions } from '../../src/checks/check-types.js';
import { buildHostView } from '../../src/checks/host-view.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { summarize, type Report } from '../../src/report/report.js';
import type { VfConsumer } from '../../src/report/report-view.js';
import type { HostSnapshot } from '../../src/snapshot/snapshot-types.js';
import { fixtureSnapshot } from './check-harness.js';

export function reportOf(snapshot: HostSnapshot, pfs: readonly string[] = [], options: CheckOptions = {}): Report {
  const view = buildHostView(snapshot, pfs);
  return summarize(view, runChecks(CHECKS, view, options), options.vfs);
}

export async function fixtureReport(name: string, pfs: readonly string[] = [], options: CheckOptions = {}): Promise<Report> {
  return reportOf(await fixtureSnapshot(name), pfs, options);
}

/** The report as if VF attribution had read these holders (by VF PCI address) into its snapshot. */
export function withConsumers(report: Report, consumers: ReadonlyMap<string, VfConsumer>): Report {
  const summaries = [...consumers].map(([address, c]) => ({ address, kind: c.kind, consumer: c.name ?? '', namespace: c.namespace ?? '' }));
  if (report.snapshot === undefined) throw new Error('withConsumers needs a Linux report (one with a snapshot)');
  return { ...report, snapshot: { ...report.snapshot, consumers: summaries } };
}
