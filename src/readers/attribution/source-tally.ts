// Per source: is it on this host, could it be read, what went wrong how often, how long it took
// (reference vf-attribution.md §7.6). A failure here is counted and the source degrades; it never fails a scrape.

import type { ReadIssue } from '../../fact.js';
import type { AttributionSource } from '../../attribution/consumer-types.js';

/**
 * permission: EACCES/EPERM, or hidepid hiding processes; parse: a file cut off or malformed; missing: a file or
 * process gone between listing and reading; stale: a file naming a process or pod that no longer runs;
 * io: any other error.
 */
export type ErrorReason = 'permission' | 'parse' | 'missing' | 'stale' | 'io';

export const ERROR_REASONS: readonly ErrorReason[] = ['permission', 'parse', 'missing', 'stale', 'io'];

export interface SourceStatus {
  readonly source: AttributionSource;
  /** The source's files exist on this host (no libvirt, no kubelet: absent, and nothing to report). */
  readonly present: boolean;
  /** Its starting point (a directory, a file) could be read. */
  readonly up: boolean;
  readonly errors: Readonly<Record<ErrorReason, number>>;
  /** VFs for which it named another consumer than the one taken. */
  readonly conflicts: number;
  readonly durationSeconds: number;
}

export class SourceTally {
  present = false;
  up = true;
  private readonly counts: Record<ErrorReason, number> = { permission: 0, parse: 0, missing: 0, stale: 0, io: 0 };

  constructor(readonly source: AttributionSource) {}

  count(reason: ErrorReason): void {
    this.counts[reason]++;
  }

  issue(issue: ReadIssue): void {
    this.count(reasonOf(issue));
  }

  /** The source's starting point could not be read at all. */
  down(issue?: ReadIssue): void {
    this.present = true;
    this.up = false;
    if (issue) this.issue(issue);
  }

  status(conflicts: number, durationSeconds: number): SourceStatus {
    return { source: this.source, present: this.present, up: this.present && this.up, errors: { ...this.counts }, conflicts, durationSeconds };
  }
}

export function reasonOf(issue: ReadIssue): ErrorReason {
  if (issue.code === 'EACCES' || issue.code === 'EPERM') return 'permission';
  if (issue.code === 'EPARSE' || issue.code === 'ESHORT') return 'parse';
  if (issue.code === 'ESRCH') return 'missing';
  return 'io';
}
