// Runs sriov-check in-process with captured output (fast), or as a real process (for what only a process
// shows: exit codes set by the bin, stack traces that must not appear).

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { runCheckCli } from '../../src/cli/check-main.js';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
export const FIXTURE_HOSTS = path.join(REPO, 'test/fixtures/hosts');
export const CHECK_BIN = path.join(REPO, 'dist/bin/sriov-check.js');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCheck(args: readonly string[], env: Record<string, string | undefined> = {}, isTTY = false): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCheckCli(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY },
    stderr: { write: (t: string) => (stderr += t) },
    env,
  });
  return { code, stdout, stderr };
}

/** The built program, as a user runs it (needs `npm run build`, which `npm test` does first). */
export function spawnCheck(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CHECK_BIN, ...args], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error && typeof (error as NodeJS.ErrnoException).code === 'number' ? ((error as unknown as { code: number }).code) : error ? 1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const fixtureHost = (name: string) => path.join(FIXTURE_HOSTS, name);
