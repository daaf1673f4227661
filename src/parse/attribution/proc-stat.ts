// /proc/<pid>/stat: "pid (comm) state ppid … starttime …" (proc(5)). The comm is in parentheses and may hold
// spaces and parentheses itself, so the fields are counted from the last ')'. Field 22, starttime, is the
// process's start in clock ticks since boot: with the pid it names one process, since pids are reused.

import { type Parsed, parseIssue } from '../../fact.js';
import { shown } from './json-fields.js';

export interface ProcStat {
  readonly comm: string;
  readonly state: string;
  /** Clock ticks after boot (field 22). */
  readonly startTime: number;
}

export function parseProcStat(text: string): Parsed<ProcStat> {
  if (text.trim() === '') return parseIssue('EEMPTY', 'empty stat');
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return parseIssue('EPARSE', `no "(comm)" in ${shown(text)}`);
  const fields = text.slice(close + 1).trim().split(/\s+/);
  // fields[0] is field 3 (state), so field 22 is fields[19].
  const start = fields[19];
  if (start === undefined) return parseIssue('ESHORT', `${fields.length + 2} fields, starttime is field 22`);
  if (!/^\d{1,20}$/.test(start)) return parseIssue('EPARSE', `starttime ${shown(start)} is not a number`);
  return ({ comm: text.slice(open + 1, close), state: fields[0] as string, startTime: Number(start) });
}
