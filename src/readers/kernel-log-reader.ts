// Reads the kernel log: the file given with --kernel-log, else the usual files under the root. Only the end
// of each file is read, and only lines of the current boot that match a known signature are kept. The
// systemd journal is binary and is not read: `journalctl -k -b | sriov-check --kernel-log -` passes it in.

import { BOOT_LOG_FILES, KERNEL_LOG_TAIL_BYTES, SYSLOG_FILES } from '../catalog/host-locations.js';
import { type HostFs, type TailText, readLocalTail } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue } from '../fact.js';
import { messageOf, scanKernelLog, type KernelLogLine } from '../parse/kernel-log.js';

export interface KernelLogSource {
  /** Host path, or the file given with --kernel-log. */
  readonly path: string;
  readonly origin: 'option' | 'host';
  readonly bytes?: number;
  /** Only the end of the file was read. */
  readonly truncated?: boolean;
  /** Why the file could not be read. */
  readonly issue?: ReadIssue;
  /** The file's last boot is not the running kernel's (a log left from before): its lines were dropped. */
  readonly stale?: boolean;
  /** A boot marker was found in what was read: the lines cover the whole current boot. */
  readonly coversBoot?: boolean;
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
  const take = (path: string, origin: 'option' | 'host', tail: Fact<TailText>): boolean => {
    if (tail === undefined) return false;
    if (isIssue(tail)) {
      sources.push({ path, origin, issue: tail });
      return false;
    }
    const scan = scanKernelLog(tail.text);
    const stale = scan.boot?.release !== undefined && query.release !== undefined && scan.boot.release !== query.release;
    sources.push({ path, origin, bytes: Buffer.byteLength(tail.text), ...(tail.truncated ? { truncated: true } : {}), coversBoot: scan.boot !== undefined && !stale, ...(stale ? { stale: true } : {}) });
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
  return { sources, lines };
}
