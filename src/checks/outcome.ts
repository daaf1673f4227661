// Small constructors for check outcomes, so that check rows read as rules rather than object literals.

import { describeIssue, readIssue, type ReadIssue } from '../fact.js';
import type { Outcome } from './check-types.js';
import { sharedRemedy } from './remediations.js';

export function pass(summary: string, evidence?: readonly string[]): Outcome {
  return evidence ? { status: 'pass', summary, evidence } : { status: 'pass', summary };
}

export function warn(summary: string, remediation: string, evidence?: readonly string[]): Outcome {
  return evidence ? { status: 'warn', summary, remediation, evidence } : { status: 'warn', summary, remediation };
}

export function fail(summary: string, remediation: string, evidence?: readonly string[]): Outcome {
  return evidence ? { status: 'fail', summary, remediation, evidence } : { status: 'fail', summary, remediation };
}

export function skip(summary: string): Outcome {
  return { status: 'skip', summary };
}

/** `what` could not be read; the issue names the path and the cause. */
export function unknown(what: string, issue: ReadIssue, remediation?: string): Outcome {
  const denied = issue.code === 'EACCES' || issue.code === 'EPERM';
  const hint = remediation ?? (denied ? sharedRemedy('run-as-root') : sharedRemedy('check-path', { path: issue.path }));
  return { status: 'unknown', summary: `${what}: ${describeIssue(issue)}`, remediation: hint, evidence: [issue.path] };
}

/** A procfs file that is not there: procfs is not mounted under the root sriov-check reads. */
export function procfsMissing(path: string): ReadIssue {
  return readIssue(path, 'ENOENT', 'procfs not readable under the root');
}

/** "1 VF" / "8 VFs". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** "a, b and c" with the first `max` items and "… and N more". */
export function listText(items: readonly string[], max = 6): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
