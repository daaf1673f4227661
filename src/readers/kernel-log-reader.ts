// Reads the kernel log: the file given with --kernel-log, else the usual files under the root and, when none of
// them covers this boot, the systemd journal's files (journal-reader.ts). Only the end of each text file is read,
// and only lines of the current boot that match a known signature are kept.

import { BOOT_LOG_FILES, KERNEL_LOG_TAIL_BYTES, SYSLOG_FILES } from '../catalog/host-locations.js';
import { type HostFs, type TailText, readLocalTail } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue } from '../fact.js';
import type { JournalCompression } from '../parse/journal-file.js';
import { messageOf, scanKernelLog, type KernelLogLine } from '../parse/kernel-log.js';
import { readJournals } from './journal-reader.js';

export interface KernelLogSource {
  /** Host path, or the file given with --kernel-log; for the journal, its machine directory or a bad file in it. */
  readonly path: string;
  readonly origin: 'option' | 'host' | 'journal';
  readonly bytes?: number;
  /** Only the end of the file was read. */
  readonly truncated?: boolean;
  /** Why the file could not be read. */
  readonly issue?: ReadIssue;
  /** The file's last boot is not the running kernel's (a log left from before): its lines were dropped. */
  readonly stale?: boolean;
  /** A boot marker was found in what was read: the lines cover the whole current boot. */
  readonly coversBoot?: boolean;
  /** The journal: files read, this boot's kernel messages found, and those skipped as undecodable. */
  readonly journal?: JournalSummary;
}

export interface JournalSummary {
  readonly files: number;
  readonly entries: number;
  readonly undecodable?: Partial<Record<JournalCompression, number>>;
}

export interface KernelLogInfo {
  /** Every log file found (read or not); absent candidates are not listed. */
  readonly sources: readonly KernelLogSource[];
  /** Lines of the current boot that match a known signature (see parse/kernel-log.ts). */
  readonly lines: readonly KernelLogLine[];
}


export interface KernelLogQuery {
  /** --kernel-log: a path on this machine, or `-` for standard input. */
  readonly file?: string;
  /** Running kernel release: a log whose last boot was another kernel is stale. */
  readonly release?: string;
}

export function readKernelLog(host: HostFs, query: KernelLogQuery): KernelLogInfo {
  const sources: KernelLogSource[] = [];
  const lines: KernelLogLine[] = [];
  const seen = new Set<string>();
  const take = (path: string, origin: KernelLogSource['origin'], tail: Fact<TailText>, journal?: JournalSummary): boolean => {
    if (tail === undefined) return false;
    if (isIssue(tail)) {
      sources.push({ path, origin, issue: tail });
      return false;
    }
    const scan = scanKernelLog(tail.text);
    const stale = scan.boot?.release !== undefined && query.release !== undefined && scan.boot.release !== query.release;
    const bytes = Buffer.byteLength(tail.text);
    sources.push({ path, origin, bytes, ...(tail.truncated ? { truncated: true } : {}), coversBoot: scan.boot !== undefined && !stale, ...(stale ? { stale: true } : {}), ...(journal ? { journal } : {}) });
    if (stale) return true;
    for (const line of scan.lines) {
      const key = `${line.signature} ${messageOf(line.text)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(line);
    }
    return true;
  };

  if (query.file !== undefined) {
    take(query.file, 'option', readLocalTail(query.file, KERNEL_LOG_TAIL_BYTES));
    return { sources, lines };
  }
  for (const path of SYSLOG_FILES) {
    if (take(path, 'host', host.readTail(path, KERNEL_LOG_TAIL_BYTES))) break;
  }
  for (const path of BOOT_LOG_FILES) take(path, 'host', host.readTail(path, KERNEL_LOG_TAIL_BYTES));
  // The journal holds the same lines as the syslog files: read only when they leave this boot's start uncovered.
  if (sources.some((s) => s.coversBoot === true)) return { sources, lines };
  for (const log of readJournals(host)) {
    for (const issue of log.issues) sources.push({ path: issue.path, origin: 'journal', issue });
    if (log.files === 0) continue;
    const undecodable = Object.keys(log.undecodable).length > 0 ? { undecodable: log.undecodable } : {};
    take(log.path, 'journal', { text: log.text, size: Buffer.byteLength(log.text), truncated: false }, { files: log.files, entries: log.entries, ...undecodable });
  }
  return { sources, lines };
}
