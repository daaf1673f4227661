// No test run can rewrite a golden file: each golden test file, run with UPDATE_GOLDEN=1 and CI=true against a
// copy of its golden directory in which one file was changed, fails on that file and leaves every file as it was.
// (Only `npm run goldens` writes them.)

import t from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORTER_GOLDEN_DIR, REPORT_GOLDEN_DIR } from '../support/goldens.js';
import { REPO } from '../support/run-cli.js';
import { treeDifferences } from '../support/tree-diff.js';

const CASES = [
  { test: 'test/cli/golden.test.ts', dir: REPORT_GOLDEN_DIR, changed: 'x710-iavf.txt' },
  { test: 'test/exporter/golden.test.ts', dir: EXPORTER_GOLDEN_DIR, changed: 'x710-oot.prom' },
];

/** The environment of this run without tap's own variables, so that the child runs as a test file on its own. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TAP') && k !== 'NODE_OPTIONS'));
  return { ...env, ...extra };
}

for (const c of CASES) {
  t.test(`${c.test} with UPDATE_GOLDEN=1 and CI=true compares, fails, and writes nothing`, async (t) => {
    const copy = path.join(t.testdir({}), 'golden');
    fs.cpSync(c.dir, copy, { recursive: true });
    const changedFile = path.join(copy, c.changed);
    t.ok(fs.existsSync(changedFile), `${c.changed} is a golden file`);
    const changed = `${fs.readFileSync(changedFile, 'utf8')}a line the program does not print\n`;
    fs.writeFileSync(changedFile, changed);

    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, c.test)], {
      cwd: REPO,
      env: childEnv({ UPDATE_GOLDEN: '1', CI: 'true', SRIOV_GOLDEN_DIR: copy }),
      encoding: 'utf8',
      timeout: 110_000,
    });
    t.not(run.status, 0, 'the test file fails');
    const failures = run.stdout.split('\n').filter((l) => /^\s*not ok \d+ - .*matches /.test(l));
    t.equal(failures.length, 1, 'exactly one comparison failed');
    t.match(failures[0] ?? '', c.changed, 'the changed golden');
    t.equal(fs.readFileSync(changedFile, 'utf8'), changed, 'the changed golden is as the test left it');
    t.strictSame(treeDifferences(c.dir, copy), [`${c.changed}: content differs`], 'every other golden is as committed');
  });
}
