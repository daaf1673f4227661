// Small constructors for check outcomes, so that check rows read as rules rather than object literals.

import { describeIssue, type ReadIssue } from '../fact.js';
import type { Outcome } from './check-types.js';

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

/** Config space beyond the 64-byte header is shown only to CAP_SYS_ADMIN (drivers/pci/pci-sysfs.c). */
export const RUN_AS_ROOT = 'Run sriov-check as root: the kernel shows other users only the first 64 bytes of PCI config space.';

/** `what` could not be read; the issue names the path and the cause. */
export function unknown(what: string, issue: ReadIssue, remediation?: string): Outcome {
  const hint = remediation ?? (issue.code === 'EACCES' || issue.code === 'EPERM' ? 'Run sriov-check as root.' : `Check ${issue.path} on the host.`);
  return { status: 'unknown', summary: `${what}: ${describeIssue(issue)}`, remediation: hint, evidence: [issue.path] };
}

/** "1 VF" / "8 VFs". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** "a, b and c" with the first `max` items and "… and N more". */
export function listText(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
