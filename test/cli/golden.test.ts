// Golden reports: each fixture host's text and JSON report, byte for byte. `UPDATE_GOLDEN=1 npm test`
// rewrites them; the diff is then what a reviewer reads.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GOLDEN_CASES, goldenArgs, goldenFile, normalizeReport } from '../support/golden-reports.js';
import { REPO, runCheck } from '../support/run-cli.js';
import { readVersion } from '../../src/cli/version.js';

const update = process.env.UPDATE_GOLDEN === '1';

for (const c of GOLDEN_CASES) {
  t.test(c.name, async (t) => {
    for (const output of ['text', 'json'] as const) {
      const result = await runCheck(goldenArgs(c, output));
      t.equal(result.stderr, '', 'nothing on stderr');
      const actual = normalizeReport(result.stdout, readVersion());
      const file = goldenFile(c, output);
      if (update) fs.writeFileSync(file, actual);
      t.ok(fs.existsSync(file), `golden file ${path.relative(REPO, file)} exists (UPDATE_GOLDEN=1 creates it)`);
      t.equal(actual, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', `${output} report matches ${path.relative(REPO, file)}`);
      if (output === 'json') {
        const report = JSON.parse(result.stdout) as { verdict: string };
        const expectedCode = report.verdict === 'not-ready' ? 1 : 0;
        t.equal(result.code, expectedCode, `exit code ${expectedCode} for verdict ${report.verdict}`);
      }
    }
  });
}
