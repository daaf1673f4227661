// Questions to the kernel log the checks ask: which lines of a signature (for a device), and — when there
// are none — whether that absence means anything. A log that could not be read, or that does not reach back
// to this boot's start, proves nothing by silence.

import { readIssue, type ReadIssue } from '../../fact.js';
import type { KernelLogLine, LogSignatureId } from '../../parse/kernel-log.js';
import { BOOT_LOG_FILES, JOURNAL_DIRS, SYSLOG_FILES } from '../../catalog/host-locations.js';
import type { HostSnapshot } from '../../snapshot/snapshot-types.js';
import { sharedRemedy } from '../remediations.js';

export function logLines(snapshot: HostSnapshot, signatures: readonly LogSignatureId[], address?: string): KernelLogLine[] {
  return snapshot.kernelLog.lines.filter((l) => signatures.includes(l.signature) && (address === undefined || l.address === address));
}

/** Some log was read and it covers the current boot from its start: no line means no such event. */
export function logCoversBoot(snapshot: HostSnapshot): boolean {
  return snapshot.kernelLog.sources.some((s) => s.issue === undefined && s.coversBoot === true);
}

/** Why the log cannot prove an absence: the first unreadable source, else what was (not) found. */
export function logGap(snapshot: HostSnapshot): ReadIssue {
  const sources = snapshot.kernelLog.sources;
  const unreadable = sources.find((s) => s.issue !== undefined);
  if (unreadable?.issue) return unreadable.issue;
  const stale = sources.find((s) => s.stale);
  if (stale) return readIssue(stale.path, 'ESTALE', 'its last boot is another kernel than the running one');
  const partial = sources.find((s) => s.issue === undefined);
  if (partial) return readIssue(partial.path, 'ESHORT', 'the part read does not reach back to this boot\'s start');
  const places = [...SYSLOG_FILES, ...BOOT_LOG_FILES, ...JOURNAL_DIRS].join(', ');
  return readIssue(places, 'ENOENT', 'no kernel log file and no journal under the root');
}

/** The hint for an unknown caused by the log: run as root, or hand the log in. */
export function logHint(issue: ReadIssue): string {
  return issue.code === 'EACCES' || issue.code === 'EPERM' ? sharedRemedy('run-as-root-for-log') : sharedRemedy('pass-kernel-log');
}

/** A log line for a summary: the message without its syslog prefix. */
export function quote(line: KernelLogLine): string {
  const kernel = line.text.indexOf('kernel: ');
  const text = (kernel >= 0 ? line.text.slice(kernel + 8) : line.text).replace(/^\[\s*\d+\.\d+\]\s*/, '');
  return `"${text}"`;
}
