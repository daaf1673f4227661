// Runs sriov-check in-process with captured output (fast), or as a real process (for what only a process
// shows: exit codes set by the bin, stack traces that must not appear).

import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Test } from 'tap';
import { runCheckCli } from '../../src/cli/check-main.js';
import { findTool, skipWithout } from './required-tools.js';

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

/** A finding as the JSON report prints it. */
export interface JsonCheck {
  readonly id: string;
  readonly subject: string;
  readonly status: string;
  readonly summary: string;
  readonly remediation: string;
  readonly evidence: readonly string[];
}

const uid = process.getuid?.() ?? -1;
/** util-linux's setpriv, which runs a program as another user. */
export const SETPRIV = findTool('setpriv');
/** setpriv's arguments for the user nobody. */
export const AS_NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];

/**
 * The skip option of a test that needs a reader who is not root: as root that takes setpriv (util-linux), whose
 * absence fails `t` in CI (see required-tools.ts); not as root, nothing is needed.
 */
export function cannotDropRoot(t: Test): string | false {
  return uid === 0 ? skipWithout(t, 'setpriv') : false;
}

/** Opens the directories from `dir` up to / to others, so that nobody can reach what lies below. */
export function openPathToOthers(dir: string): void {
  for (let d = path.resolve(dir); d !== '/'; d = path.dirname(d)) fs.chmodSync(d, fs.statSync(d).mode | 0o005);
}

/**
 * The built program reading `root` as a user who is not root (`nobody` when the tests run as root), for real
 * EACCES and 64-byte views; the tree's directories are opened to others first. Returns stdout.
 */
export function spawnCheckAsNobody(root: string, args: readonly string[] = []): string {
  openPathToOthers(root);
  const command = [CHECK_BIN, '--path.rootfs', root, '--output', 'json', ...args];
  try {
    return uid === 0
      ? execFileSync(SETPRIV as string, [...AS_NOBODY, process.execPath, ...command], { encoding: 'utf8' })
      : execFileSync(process.execPath, command, { encoding: 'utf8' });
  } catch (error) {
    return (error as { stdout: string }).stdout; // exit 1 (not ready) still prints the report
  }
}
