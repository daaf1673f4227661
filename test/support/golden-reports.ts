// The golden reports of sriov-check: the cases (every fixture host, and one host judged for what a deployment
// needs) and how a report is made independent of the machine. test/cli/golden.test.ts keeps the files; the
// packaging tests hold the installed executable to them.

import * as path from 'node:path';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { FIXTURE_HOSTS, REPO } from './run-cli.js';

export const GOLDEN_DIR = path.join(REPO, 'test/golden');

export interface GoldenCase {
  readonly name: string;
  readonly host: string;
  readonly args: readonly string[];
}

export const GOLDEN_CASES: readonly GoldenCase[] = [
  ...SCENARIOS.map((s) => ({ name: s.name, host: s.name, args: [] })),
  // The same host judged for what one deployment needs.
  { name: 'x710-iavf--pf-ens1f0--vfs-8', host: 'x710-iavf', args: ['--pf', 'ens1f0', '--vfs', '8'] },
  { name: 'x710-iavf--vfs-80', host: 'x710-iavf', args: ['--pf', '0000:3b:00.0', '--vfs', '80'] },
];

/** The command-line arguments of a case, for one output format. */
export function goldenArgs(c: GoldenCase, output: 'text' | 'json'): string[] {
  return ['--path.rootfs', path.join(FIXTURE_HOSTS, c.host), '--output', output, '--color', 'never', ...c.args];
}

export function goldenFile(c: GoldenCase, output: 'text' | 'json'): string {
  return path.join(GOLDEN_DIR, `${c.name}.${output === 'json' ? 'json' : 'txt'}`);
}

/** Machine-specific parts of a report: where the fixtures live and the tool version. */
export function normalizeReport(text: string, version: string): string {
  return text.split(FIXTURE_HOSTS).join('<fixtures>').split(version).join('<version>');
}
