// The programs and files the suite needs, from .ci/required-tools (the list .ci/run installs and checks). A test
// that needs one asks `skipWithout(t, …)` for its skip option: when it is there, no skip; when it is missing, a
// skip naming the Debian package — and with CI set, a failure as well, because a CI run must not pass with part
// of the suite left out.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Test } from 'tap';

const LIST = new URL('../../.ci/required-tools', import.meta.url);

export interface RequiredTool {
  /** A program looked up on PATH, or an absolute path of a file. */
  readonly name: string;
  readonly debianPackage: string;
}

export function requiredTools(): RequiredTool[] {
  return fs
    .readFileSync(LIST, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name, debianPackage] = line.trim().split(/\s+/) as [string, string];
      return { name, debianPackage };
    });
}

// sbin directories too: ip and ethtool live there, and a non-root PATH may not list them.
const SEARCH = [...(process.env.PATH ?? '').split(':').filter(Boolean), '/usr/sbin', '/sbin'];

/** Where a program or file of the list is, or undefined. */
export function findTool(name: string): string | undefined {
  if (path.isAbsolute(name)) return fs.existsSync(name) ? name : undefined;
  for (const dir of SEARCH) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** CI=true, as .ci/run runs; any value but empty, 0 or false counts. */
export const inCi = (env: NodeJS.ProcessEnv = process.env): boolean => !['', '0', 'false', undefined].includes(env.CI);

/**
 * The skip option of a test that needs `names` (entries of .ci/required-tools): false when all are there;
 * otherwise the reason — after failing `t` when CI is set.
 */
export function skipWithout(t: Test, ...names: string[]): string | false {
  const known = new Map(requiredTools().map((tool) => [tool.name, tool.debianPackage]));
  for (const name of names) if (!known.has(name)) throw new Error(`${name} is not in .ci/required-tools: add it there (with its Debian package) first`);
  const missing = names.filter((name) => findTool(name) === undefined);
  if (missing.length === 0) return false;
  const reasons = missing.map((name) => `${name} is missing (Debian package ${known.get(name) ?? '?'})`);
  const reason = `${reasons.join('; ')}: bash .ci/run installs it`;
  if (inCi()) t.fail(`CI must run every test: ${reason}`);
  return reason;
}

/** The path of a required program, failing loudly when it is absent (for tests already gated by skipWithout). */
export function toolPath(name: string): string {
  const found = findTool(name);
  if (found === undefined) throw new Error(`${name} is not installed`);
  return found;
}
