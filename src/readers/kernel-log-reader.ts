// Reads the kernel log: the file given with --kernel-log, else the usual files under the root. Only the end
// of each file is read, and only lines of the current boot that match a known signature are kept. The
// systemd journal is binary and is not read: `journalctl -k -b | sriov-check --kernel-log -` passes it in.

import { type HostFs, type TailText, readLocalTail } from '../host/host-fs.js';
import { type Fact, isIssue } from '../fact.js';
import { messageOf, scanKernelLog, type KernelLogLine } from '../parse/kernel-log.js';
import type { KernelLogInfo, KernelLogSource } from '../snapshot/snapshot-types.js';

/** Syslog files that hold kernel lines over time: the first one that can be read is used. */
export const SYSLOG_FILES = ['/var/log/kern.log', '/var/log/messages', '/var/log/syslog'] as const;
/** Files written once per boot with the boot messages (Debian/Ubuntu, SUSE): read as well. */
export const BOOT_LOG_FILES = ['/var/log/dmesg', '/var/log/boot.msg'] as const;
export const TAIL_BYTES = 4 * 1024 * 1024;

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
    take(query.file, 'option', readLocalTail(query.file, TAIL_BYTES));
    return { sources, lines };
  }
  for (const path of SYSLOG_FILES) {
    if (take(path, 'host', host.readTail(path, TAIL_BYTES))) break;
  }
  for (const path of BOOT_LOG_FILES) take(path, 'host', host.readTail(path, TAIL_BYTES));
  return { sources, lines };
}
