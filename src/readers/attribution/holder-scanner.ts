// The live holders: processes with a VFIO group, cdev or device fd, or a verbs device, open
// (reference vf-attribution.md §1.2, §7.5). Reading every fd link of every process is the costly part of
// attribution, so the scanner remembers each process by (pid, starttime) — pids are reused — and:
//   - a process seen before is not read again, except for a holder, whose one device fd is read back to see
//     that it still holds it;
//   - a new process (new pid, or a reused pid with another starttime) has its fds read;
//   - every rescanIntervalMs every process's fds are read again (a running QEMU can open a VF later: hotplug).
// Owned by whoever refreshes attribution; it keeps no HostFs, only what it learnt.
//
// Unreadable fd directories (a non-root exporter, QEMU running as another user: EACCES; hidepid) make the scan
// incomplete: a VF on VFIO that nobody was seen holding is then `unknown`, not free.

import { isIssue } from '../../fact.js';
import type { HolderEvidence, ProcessHolder } from '../../attribution/consumer-evidence.js';
import { classifyFdTarget, holdsDevice } from '../../parse/attribution/fd-target.js';
import { vfioDeviceFromFdinfo } from '../../parse/attribution/fdinfo.js';
import { podUidFromCgroup } from '../../parse/attribution/proc-cgroup.js';
import { parseCmdline } from '../../parse/attribution/proc-cmdline.js';
import { parseProcStat, type ProcStat } from '../../parse/attribution/proc-stat.js';
import { classifyProcess } from '../../parse/attribution/process-identity.js';
import type { AttributionFs } from './attribution-fs.js';
import type { SourceTally } from './source-tally.js';

export interface HolderScanOptions {
  /** Read every process's fds again after this many milliseconds; in between only new processes. */
  readonly rescanIntervalMs: number;
}

interface KnownProcess {
  readonly startTime: number;
  readonly holder?: ProcessHolder;
  /** One fd that shows the holding, read back to confirm it cheaply. */
  readonly probe?: { readonly fd: string; readonly target: string };
  /** Its fds could not be read. */
  readonly unreadable?: boolean;
}

export class HolderScanner {
  private known = new Map<number, KnownProcess>();
  private lastFullScan: number | undefined;

  constructor(private readonly options: HolderScanOptions) {}

  /** now: milliseconds on any steady clock (only differences are used). */
  scan(fs: AttributionFs, now: number, tally: SourceTally): HolderEvidence | undefined {
    const names = fs.list('/proc', { sorted: false });
    if (names === undefined || isIssue(names)) {
      tally.down(isIssue(names) ? names : undefined);
      return undefined;
    }
    tally.present = true;
    const full = this.lastFullScan === undefined || now - this.lastFullScan >= this.options.rescanIntervalMs;
    if (full) this.lastFullScan = now;
    const pids = names.filter((name) => /^\d+$/.test(name));
    // hidepid: other users' processes are not listed at all; init (pid 1, root's) is otherwise always there.
    let complete = pids.includes('1');
    if (!complete) tally.count('permission');
    const next = new Map<number, KnownProcess>();
    for (const name of pids) {
      const pid = Number(name);
      const stat = this.readStat(fs, pid, tally);
      if (stat === undefined) continue;
      const previous = this.known.get(pid);
      let process: KnownProcess | undefined;
      if (!full && previous !== undefined && previous.startTime === stat.startTime) process = this.confirm(fs, pid, previous);
      process ??= this.readProcess(fs, pid, stat, tally);
      if (process.unreadable) complete = false;
      next.set(pid, process);
    }
    this.known = next;
    const holders: ProcessHolder[] = [];
    for (const process of next.values()) if (process.holder) holders.push(process.holder);
    return { holders, complete };
  }

  private readStat(fs: AttributionFs, pid: number, tally: SourceTally): ProcStat | undefined {
    const text = fs.readText(`/proc/${pid}/stat`);
    if (text === undefined) return undefined; // exited since the listing
    if (isIssue(text)) {
      tally.issue(text);
      return undefined;
    }
    const stat = parseProcStat(text);
    if (isIssue(stat)) {
      tally.count('parse');
      return undefined;
    }
    return stat;
  }

  /** A process seen before: unchanged, unless it is a holder whose probe fd no longer shows the device. */
  private confirm(fs: AttributionFs, pid: number, previous: KnownProcess): KnownProcess | undefined {
    if (!previous.probe) return previous;
    return fs.readLink(`/proc/${pid}/fd/${previous.probe.fd}`) === previous.probe.target ? previous : undefined;
  }

  private readProcess(fs: AttributionFs, pid: number, stat: ProcStat, tally: SourceTally): KnownProcess {
    const base = `/proc/${pid}`;
    const fds = fs.list(`${base}/fd`, { sorted: false });
    if (fds === undefined) return { startTime: stat.startTime }; // exited meanwhile
    if (isIssue(fds)) {
      tally.issue(fds);
      return { startTime: stat.startTime, unreadable: true };
    }
    const groups = new Set<string>();
    const cdevs = new Set<string>();
    const uverbs = new Set<string>();
    const deviceFds: string[] = [];
    let probe: { fd: string; target: string } | undefined;
    let runtimePrefix: string | undefined;
    for (const fd of fds) {
      const target = fs.readLink(`${base}/fd/${fd}`);
      if (typeof target !== 'string') {
        if (isIssue(target)) tally.issue(target); // undefined: closed meanwhile
        continue;
      }
      const kind = classifyFdTarget(target);
      if (kind === undefined) continue;
      if (holdsDevice(kind)) probe ??= { fd, target };
      if (kind.kind === 'vfio-group') groups.add(kind.group);
      else if (kind.kind === 'vfio-cdev') cdevs.add(kind.device);
      else if (kind.kind === 'uverbs') uverbs.add(kind.device);
      else if (kind.kind === 'vfio-device') deviceFds.push(fd);
      else if (kind.kind === 'dpdk-runtime') runtimePrefix ??= kind.prefix;
    }
    if (!probe) return { startTime: stat.startTime };

    const fdinfoDevices = new Set<string>();
    for (const fd of deviceFds) {
      const info = fs.readText(`${base}/fdinfo/${fd}`);
      const address = typeof info === 'string' ? vfioDeviceFromFdinfo(info) : undefined;
      if (address !== undefined) fdinfoDevices.add(address);
    }
    const cmdline = fs.readText(`${base}/cmdline`);
    if (isIssue(cmdline)) tally.issue(cmdline);
    const argv = typeof cmdline === 'string' ? parseCmdline(cmdline) : undefined;
    const cgroup = fs.readText(`${base}/cgroup`);
    const podUid = typeof cgroup === 'string' ? podUidFromCgroup(cgroup) : undefined;
    const holder: ProcessHolder = {
      pid,
      startTime: stat.startTime,
      comm: stat.comm,
      identity: classifyProcess(stat.comm, argv !== undefined && !isIssue(argv) ? argv : undefined, runtimePrefix),
      ...(podUid !== undefined ? { podUid } : {}),
      groups: [...groups],
      cdevs: [...cdevs],
      fdinfoDevices: [...fdinfoDevices],
      uverbs: [...uverbs],
    };
    return { startTime: stat.startTime, holder, probe };
  }
}
