// .ci/run must fail — before installing node modules or running a test — when a program the suite needs is
// missing and cannot be installed. Shown on a view of this machine that lacks promtool: a PATH of links to every
// program here except promtool (nothing is uninstalled), with apt-get and npm replaced by stand-ins that record
// their calls. The stand-in apt-get fails, or "succeeds" without installing anything; both must fail CI.

import t from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../support/run-cli.js';

const PROGRAM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

/** A bin directory with a link to every program of PROGRAM_DIRS but `left out`, and the given stand-ins. */
function pathView(dir: string, leftOut: readonly string[], standIns: Record<string, string>): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const from of PROGRAM_DIRS) {
    if (!fs.existsSync(from)) continue;
    for (const name of fs.readdirSync(from)) {
      const link = path.join(bin, name);
      if (leftOut.includes(name) || name in standIns || fs.existsSync(link)) continue;
      fs.symlinkSync(path.join(from, name), link);
    }
  }
  for (const [name, script] of Object.entries(standIns)) fs.writeFileSync(path.join(bin, name), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return bin;
}

/** Stand-ins that append their arguments to calls.txt; apt-get exits with `aptStatus`. */
function standIns(dir: string, aptStatus: number): Record<string, string> {
  const calls = path.join(dir, 'calls.txt');
  return {
    'apt-get': `echo "apt-get $*" >> ${calls}; exit ${aptStatus}`,
    npm: `echo "npm $*" >> ${calls}; echo "stand-in npm"; exit 1`,
  };
}

function runCi(bin: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('/bin/bash', [path.join(REPO, '.ci/run')], {
    env: { PATH: bin, HOME: process.env.HOME ?? '/root', CI: 'true' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const calls = (dir: string) => (fs.existsSync(path.join(dir, 'calls.txt')) ? fs.readFileSync(path.join(dir, 'calls.txt'), 'utf8').trim().split('\n') : []);
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

t.test('without promtool, and apt-get fails: CI fails before npm runs', async (t) => {
  const dir = t.testdir({});
  const result = runCi(pathView(dir, ['promtool'], standIns(dir, 100)));
  t.equal(result.status, 1, 'exit status 1');
  t.equal(lastLine(result.stdout), '0 passed, 1 failed, 0 skipped', 'the summary line');
  if (process.getuid?.() === 0) {
    t.match(result.stderr, /ci: apt-get (update|install prometheus) failed/, 'says apt-get failed');
    t.ok(calls(dir).some((c) => c.startsWith('apt-get')), 'apt-get was asked');
  } else {
    t.match(result.stderr, /ci: not root, cannot install: prometheus/, 'says what it cannot install');
  }
  t.notOk(calls(dir).some((c) => c.startsWith('npm')), 'npm never ran');
});

t.test('without promtool, and apt-get "succeeds" without installing it: CI fails, naming it', { skip: process.getuid?.() === 0 ? false : 'installing needs root' }, async (t) => {
  const dir = t.testdir({});
  const result = runCi(pathView(dir, ['promtool'], standIns(dir, 0)));
  t.equal(result.status, 1, 'exit status 1');
  t.match(result.stderr, /ci: missing after installing: promtool \(package prometheus\)/);
  t.equal(lastLine(result.stdout), '0 passed, 1 failed, 0 skipped', 'the summary line');
  t.strictSame(calls(dir).filter((c) => c.startsWith('apt-get install')), ['apt-get install -y -qq --no-install-recommends prometheus'], 'only the missing package was installed');
  t.notOk(calls(dir).some((c) => c.startsWith('npm')), 'npm never ran');
});

t.test('control: with every program there, the tools step passes and CI goes on to npm ci', async (t) => {
  const dir = t.testdir({});
  const result = runCi(pathView(dir, [], standIns(dir, 100)));
  t.strictSame(calls(dir), ['npm ci --ignore-scripts --no-audit --no-fund'], 'no apt-get; npm ci ran (the stand-in, which fails)');
  t.match(result.stderr, /ci: npm ci failed/);
  t.equal(result.status, 1);
});
