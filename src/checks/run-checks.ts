// Runs the check table over a host view: each host check once, each PF check once per PF, in table order.
// A check whose prerequisite did not hold is `skip`, so one cause is reported once, not as a cascade.

import type { CheckDefinition, CheckOptions, Finding, Outcome, Status } from './check-types.js';
import type { HostView } from './host-view.js';
import { sharedRemedy } from './remediations.js';
import { errorText } from '../user-error.js';

/** Statuses of a prerequisite that leave nothing for the dependent check to say. */
const BLOCKING: ReadonlySet<Status> = new Set(['fail', 'unknown', 'skip']);

export function runChecks(table: readonly CheckDefinition[], host: HostView, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  const hostResults = new Map<string, Finding>();
  const pfResults = new Map<string, Map<string, Finding>>();
  for (const pf of host.pfs) pfResults.set(pf.address, new Map());

  for (const check of table) {
    if (check.scope === 'host') {
      const blocker = firstBlocker(check, (id) => hostResults.get(id));
      const outcome = blocker ?? guarded(check, () => check.run(host, options));
      const finding = { id: check.id, layer: check.layer, subject: 'host', ...outcome };
      hostResults.set(check.id, finding);
      findings.push(finding);
      continue;
    }
    for (const pf of host.pfs) {
      if (check.appliesTo && !check.appliesTo.test(pf)) continue;
      const own = pfResults.get(pf.address) as Map<string, Finding>;
      const blocker = firstBlocker(check, (id) => own.get(id) ?? hostResults.get(id));
      const outcome = blocker ?? guarded(check, () => check.run(pf, host, options));
      const finding = { id: check.id, layer: check.layer, subject: pf.subject, ...outcome };
      own.set(check.id, finding);
      findings.push(finding);
    }
  }
  return findings;
}

function firstBlocker(check: CheckDefinition, lookup: (id: string) => Finding | undefined): Outcome | undefined {
  for (const id of check.requires ?? []) {
    const required = lookup(id);
    if (required && BLOCKING.has(required.status)) {
      return { status: 'skip', summary: `skipped: ${id} is ${required.status}` };
    }
  }
  return undefined;
}

/** A bug in one check must not take the report down: it becomes that check's `unknown`. */
function guarded(check: CheckDefinition, run: () => Outcome): Outcome {
  try {
    return run();
  } catch (error) {
    const message = errorText(error);
    return { status: 'unknown', summary: `internal error in ${check.id}: ${message}`, remediation: sharedRemedy('report-bug') };
  }
}
