// Golden expositions: each exporter fixture host's /metrics, byte for byte after the volatile parts are
// normalised (collector durations, the Node.js version, process metrics). Tests only compare; `npm run goldens`
// rewrites the files (test/support/goldens.ts). promtool lints the raw exposition, process metrics included.

import t from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORTER_GOLDEN_DIR, EXPORTER_GOLDEN_HOSTS, expositionFile, goldenDir, scrapeFixture } from '../support/goldens.js';
import { skipWithout, toolPath } from '../support/required-tools.js';
import { REPO } from '../support/run-cli.js';

const dir = goldenDir(EXPORTER_GOLDEN_DIR);

for (const host of EXPORTER_GOLDEN_HOSTS) {
  t.test(host, async (t) => {
    const { exporter, status, body, contentType, golden } = await scrapeFixture(t, host);
    t.equal(status, 200);
    t.match(contentType, /^text\/plain; version=0\.0\.4/);

    const file = path.join(dir, expositionFile(host));
    t.ok(fs.existsSync(file), `golden file ${path.relative(REPO, file)} exists (npm run goldens writes it)`);
    t.equal(golden, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', `matches ${path.relative(REPO, file)}`);

    const lines = body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    t.equal(new Set(lines.map((l) => l.slice(0, l.lastIndexOf(' ')))).size, lines.length, 'no series twice');
    t.notOk(/nodejs_active_(handles|requests|resources)_total/.test(body), 'the default metrics promtool rejects are left out');
    t.ok(/^process_cpu_seconds_total /m.test(body), 'process metrics are there');
    t.ok(exporter.logs.every((l) => !l.includes('"level":40') && !l.includes('"level":50')), 'no warning or error logged');

    await t.test('promtool check metrics finds nothing', { skip: skipWithout(t, 'promtool') }, async (t) => {
      const lint = spawnSync(toolPath('promtool'), ['check', 'metrics'], { input: body, encoding: 'utf8' });
      t.equal(lint.status, 0, 'exit status 0');
      t.equal(`${lint.stdout}${lint.stderr}`, '', 'no findings');
    });
  });
}
