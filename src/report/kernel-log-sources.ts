// How a report describes the kernel log it relied on: which files, read or why not. Shared by the text and
// JSON renderers so both say the same thing.

import { issueReason } from '../fact.js';
import { KERNEL_LOG_TAIL_BYTES } from '../catalog/host-locations.js';
import type { KernelLogSource } from '../readers/kernel-log-reader.js';

export function sourceStatus(source: KernelLogSource): string {
  if (source.issue) return issueReason(source.issue);
  if (source.stale) return 'from an earlier boot of another kernel: ignored';
  const parts = ['read', source.coversBoot ? 'since boot' : 'without the start of this boot'];
  if (source.truncated) parts.push(`last ${KERNEL_LOG_TAIL_BYTES / (1024 * 1024)} MiB`);
  return parts.join(', ');
}

export function kernelLogLine(sources: readonly KernelLogSource[]): string {
  if (sources.length === 0) return 'none found under the root (the journal is binary: pass it with --kernel-log)';
  return sources.map((s) => `${s.path} (${sourceStatus(s)})`).join('; ');
}
