// Small pieces shared by the Hyper-V decisions: a finding for a check id, the outcome for a value the document
// does not give, and PowerShell quoting for the commands put in fixes.

import type { Finding, Outcome } from '../checks/check-types.js';
import { describeIssue, type ReadIssue } from '../fact.js';
import { hypervCheck, type HypervCheckId } from './hyperv-checks.js';

export const COLLECT_AGAIN =
  'Run scripts/collect-hyperv.ps1 as an administrator on the Hyper-V host and judge its document; a source it could not read is null, and its error output says why.';

export function finding(id: HypervCheckId, subject: string, outcome: Outcome): Finding {
  return { id, layer: hypervCheck(id).layer, subject, ...outcome };
}

/** `what` is not known: the value is absent at `path`, or the issue says what was wrong with it. */
export function notKnown(what: string, path: string, issue?: ReadIssue): Outcome {
  if (issue === undefined) return { status: 'unknown', summary: `${what}: ${path} is not in the document`, remediation: COLLECT_AGAIN, evidence: [path] };
  return { status: 'unknown', summary: `${what}: ${describeIssue(issue)}`, remediation: COLLECT_AGAIN, evidence: [issue.path] };
}

/** A PowerShell string literal: single quotes, which expand nothing; a quote inside is doubled. */
export function psQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
