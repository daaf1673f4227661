// What /proc says about a running process: resident memory, CPU time (its own, and that of the children it
// waited for — the exporter's ip and ethtool runs are part of its cost), and read system calls.

import * as fs from 'node:fs';

export function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export interface CpuTimes {
  /** utime + stime, ms. */
  readonly own: number;
  /** cutime + cstime (waited-for children), ms. */
  readonly children: number;
}

// USER_HZ is 100 on every Linux architecture this runs on (the kernel fixes it for the ABI).
const TICK_MS = 10;

export function cpuTimes(pid: number): CpuTimes {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces and parentheses: fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(fields[n - 3]);
  return { own: (field(14) + field(15)) * TICK_MS, children: (field(16) + field(17)) * TICK_MS };
}

/** read() and pread() calls so far (syscr of /proc/PID/io; readable for our own children). */
export function readCalls(pid: number): number {
  return Number(/^syscr: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
}
