// Golden reports: each fixture host's text and JSON report, byte for byte. `UPDATE_GOLDEN=1 npm test`
// rewrites them; the diff is then what a reviewer reads.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMITTED_SCENARIOS } from '../fixtures/scenarios/index.js';
import { FIXTURE_HOSTS, REPO, runCheck } from '../support/run-cli.js';
import { readVersion } from '../../src/cli/version.js';

const GOLDEN = path.join(REPO, 'test/golden');
const update = process.env.UPDATE_GOLDEN === '1';

interface Case {
  readonly name: string;
  readonly host: string;
  readonly args: readonly string[];
}

const cases: Case[] = COMMITTED_SCENARIOS.map((s) => ({ name: s.name, host: s.name, args: [] }));
// The same host judged for what one deployment needs.
cases.push({ name: 'x710-iavf--pf-ens1f0--vfs-8', host: 'x710-iavf', args: ['--pf', 'ens1f0', '--vfs', '8'] });
cases.push({ name: 'x710-iavf--vfs-80', host: 'x710-iavf', args: ['--pf', '0000:3b:00.0', '--vfs', '80'] });

/** Machine-specific parts of a report: where the fixtures live and the tool version. */
function normalize(text: string): string {
  return text.split(FIXTURE_HOSTS).join('<fixtures>').split(readVersion()).join('<version>');
}

for (const c of cases) {
  t.test(c.name, async (t) => {
    const root = path.join(FIXTURE_HOSTS, c.host);
    for (const output of ['text', 'json'] as const) {
      const result = await runCheck(['--path.rootfs', root, '--output', output, '--color', 'never', ...c.args]);
      t.equal(result.stderr, '', 'nothing on stderr');
      const actual = normalize(result.stdout);
      const file = path.join(GOLDEN, `${c.name}.${output === 'json' ? 'json' : 'txt'}`);
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
