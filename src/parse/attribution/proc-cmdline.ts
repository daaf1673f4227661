// /proc/<pid>/cmdline: the arguments, each ended by a NUL (fs/proc/base.c proc_pid_cmdline_read).
// A kernel thread has none; a process that rewrote its argv area (setproctitle) may have one long string.

import { type Parsed, parseIssue } from '../../fact.js';

export function parseCmdline(text: string): Parsed<readonly string[]> {
  if (text === '') return parseIssue('EEMPTY', 'no arguments (a kernel thread, or a process exiting)');
  const args = text.split('\0');
  if (args[args.length - 1] === '') args.pop(); // the last argument's own NUL
  return (args);
}

/** The program's file name without its directory: `/usr/bin/qemu-system-x86_64` → `qemu-system-x86_64`. */
export function programName(argv: readonly string[]): string | undefined {
  const first = argv[0];
  if (first === undefined || first === '') return undefined;
  const cut = first.lastIndexOf('/');
  return cut >= 0 ? first.slice(cut + 1) : first;
}
