// What /proc says about a running process and the processes it started: resident memory, CPU time (its own, that
// of the children it waited for, and that of its children still running — the exporter's ethtool runs and its one
// long-lived ip are part of its cost), and read system calls.

import * as fs from 'node:fs';

/** The processes `pid` started that still run, and theirs (an empty list once they are gone). */
export function liveDescendants(pid: number): number[] {
  const found: number[] = [];
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return found;
  }
  for (const task of tasks) {
    let children: string;
    try {
      children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    for (const child of children.split(' ').filter(Boolean).map(Number)) found.push(child, ...liveDescendants(child));
  }
  return found;
}

function ownRssMiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0; // a child that ended meanwhile
  }
}

/** Resident memory of the process and of every process it started that still runs (its long-lived ip). */
export function rssMiB(pid: number): number {
  return [pid, ...liveDescendants(pid)].reduce((sum, p) => sum + ownRssMiB(p), 0);
}

export interface CpuTimes {
  /** utime + stime, ms. */
  readonly own: number;
  /**
   * cutime + cstime (waited-for children) + utime + stime of the children still running, ms. A child that is
   * waited for between two readings moves from the second term to the first with all of its time, so the
   * difference of two readings is what the children used in between.
   */
  readonly children: number;
}

// USER_HZ is 100 on every Linux architecture this runs on (the kernel fixes it for the ABI).
const TICK_MS = 10;

function statFields(pid: number): ((n: number) => number) | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // a child that ended meanwhile
  }
  // The command name may hold spaces and parentheses: fields are counted from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (n: number) => Number(fields[n - 3]);
}

export function cpuTimes(pid: number): CpuTimes {
  const field = statFields(pid);
  if (field === undefined) throw new Error(`process ${pid} is gone`);
  let running = 0;
  for (const child of liveDescendants(pid)) {
    const f = statFields(child);
    if (f !== undefined) running += f(14) + f(15) + f(16) + f(17);
  }
  return { own: (field(14) + field(15)) * TICK_MS, children: (field(16) + field(17) + running) * TICK_MS };
}

/** read() and pread() calls so far (syscr of /proc/PID/io; readable for our own children). */
export function readCalls(pid: number): number {
  return Number(/^syscr: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? NaN);
}
