// Golden reports: each fixture host's text and JSON report, byte for byte. Tests only compare; `npm run goldens`
// rewrites the files (test/support/goldens.ts), and its diff is what a reviewer reads.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPORT_CASES, REPORT_GOLDEN_DIR, goldenDir, renderReport, reportFile } from '../support/goldens.js';
import { REPO } from '../support/run-cli.js';

const dir = goldenDir(REPORT_GOLDEN_DIR);

for (const c of REPORT_CASES) {
  t.test(c.name, async (t) => {
    for (const output of ['text', 'json'] as const) {
      const result = await renderReport(c, output);
      t.equal(result.stderr, '', 'nothing on stderr');
      const file = path.join(dir, reportFile(c, output));
      const shown = path.relative(REPO, file);
      t.ok(fs.existsSync(file), `golden file ${shown} exists (npm run goldens writes it)`);
      t.equal(result.golden, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', `${output} report matches ${shown}`);
      if (output === 'json') {
        const report = JSON.parse(result.stdout) as { verdict: string };
        const expectedCode = report.verdict === 'not-ready' ? 1 : 0;
        t.equal(result.code, expectedCode, `exit code ${expectedCode} for verdict ${report.verdict}`);
      }
    }
  });
}
