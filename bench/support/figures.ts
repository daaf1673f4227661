// The figures behind the "Issue 16 targets" summary, handed from each benchmark process to bench/run-all.ts: every
// benchmark appends what it measured, once, as one JSON line to the file named by SRIOV_BENCH_FIGURES (run-all sets
// it; a benchmark run on its own records nothing). The summary reuses these figures instead of measuring again.

import * as fs from 'node:fs';
import type { TargetId } from './issue-targets.js';

export const FIGURES_ENV = 'SRIOV_BENCH_FIGURES';

export interface Figure {
  readonly target: TargetId;
  /** Where it was measured, when the target holds at several points ("64 VFs"). */
  readonly at?: string;
  /** Ours (sriov-exporter, sriov-check) and the peer's (node_exporter netclass, lspci -vvv) figure, in the target's unit. */
  readonly ours: number;
  readonly peer?: number;
  /** Shown instead of the number when a number alone says too little ("4 of 4 collectors"). */
  readonly oursText?: string;
  readonly peerText?: string;
}

export function recordFigure(figure: Figure): void {
  const file = process.env[FIGURES_ENV];
  if (file) fs.appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

export function readFigures(file: string): Figure[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Figure);
}
