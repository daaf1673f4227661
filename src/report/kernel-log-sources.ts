// How a report describes the kernel log it relied on: which files, read or why not. Shared by the text and
// JSON renderers so both say the same thing.

import { plural } from '../checks/outcome.js';
import { issueReason } from '../fact.js';
import { KERNEL_LOG_TAIL_BYTES } from '../catalog/host-locations.js';
import { canDecode, type JournalCompression } from '../parse/journal-file.js';
import type { JournalSummary, KernelLogSource } from '../readers/kernel-log-reader.js';

export function sourceStatus(source: KernelLogSource): string {
  if (source.issue) return issueReason(source.issue);
  if (source.stale) return 'from an earlier boot of another kernel: ignored';
  const parts = ['read', source.coversBoot ? 'since boot' : 'without the start of this boot'];
  if (source.truncated) parts.push(`last ${KERNEL_LOG_TAIL_BYTES / (1024 * 1024)} MiB`);
  if (source.journal) parts.push(...journalParts(source.journal));
  return parts.join(', ');
}

function journalParts(journal: JournalSummary): string[] {
  const parts = [`${plural(journal.entries, 'kernel message')} of this boot in ${plural(journal.files, 'file')}`];
  for (const [algorithm, n] of Object.entries(journal.undecodable ?? {}) as [JournalCompression, number][]) {
    const why = canDecode(algorithm) ? '' : ` (this Node cannot decode ${algorithm})`;
    parts.push(`${plural(n, 'entry', 'entries')} skipped: compressed with ${algorithm}${why}`);
  }
  return parts;
}


export function kernelLogLine(sources: readonly KernelLogSource[]): string {
  if (sources.length === 0) return 'none found under the root (no kernel log file, no journal)';
  return sources.map((s) => `${s.path} (${sourceStatus(s)})`).join('; ');
}
