// Golden expositions: each exporter fixture host's /metrics, byte for byte after the volatile parts are
// normalised (collector durations, the Node.js version, process metrics). `UPDATE_GOLDEN=1` rewrites them.
// promtool lints the raw exposition, process metrics included.

import t from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { startExporter } from '../support/exporter-server.js';
import { REPO } from '../support/run-cli.js';

const GOLDEN = path.join(REPO, 'test/exporter/golden');
const update = process.env.UPDATE_GOLDEN === '1';
const PROMTOOL = '/usr/bin/promtool';

/** Families that depend on the process and the machine, not on the host read. */
const VOLATILE_FAMILY = /^(process_|nodejs_)/;

function normalize(body: string): string {
  const kept: string[] = [];
  for (const block of body.split('\n\n')) {
    const name = /^# HELP (\S+)/.exec(block)?.[1] ?? '';
    if (VOLATILE_FAMILY.test(name)) continue;
    kept.push(
      block
        .replace(/^(sriov_exporter_collector_duration_seconds\{[^}]*\}) \S+$/gm, '$1 <duration>')
        .replace(/nodejs_version="[^"]*"/g, 'nodejs_version="<node>"'),
    );
  }
  return `${kept.join('\n\n').trimEnd()}\n`;
}

for (const fixture of EXPORTER_SCENARIOS) {
  t.test(fixture.name, async (t) => {
    const exporter = await startExporter(t, fixture.name);
    const { status, body, contentType } = await exporter.scrape();
    t.equal(status, 200);
    t.match(contentType, /^text\/plain; version=0\.0\.4/);

    const actual = normalize(body);
    const file = path.join(GOLDEN, `${fixture.name}.prom`);
    if (update) fs.writeFileSync(file, actual);
    t.ok(fs.existsSync(file), `golden file ${path.relative(REPO, file)} exists (UPDATE_GOLDEN=1 creates it)`);
    t.equal(actual, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '', `matches ${path.relative(REPO, file)}`);

    const lines = body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    t.equal(new Set(lines.map((l) => l.slice(0, l.lastIndexOf(' ')))).size, lines.length, 'no series twice');
    t.notOk(/nodejs_active_(handles|requests|resources)_total/.test(body), 'the default metrics promtool rejects are left out');
    t.ok(/^process_cpu_seconds_total /m.test(body), 'process metrics are there');
    t.ok(exporter.logs.every((l) => !l.includes('"level":40') && !l.includes('"level":50')), 'no warning or error logged');

    await t.test('promtool check metrics finds nothing', { skip: fs.existsSync(PROMTOOL) ? false : 'promtool is not installed (apt-get install prometheus)' }, async (t) => {
      const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: body, encoding: 'utf8' });
      t.equal(lint.status, 0, 'exit status 0');
      t.equal(`${lint.stdout}${lint.stderr}`, '', 'no findings');
    });
  });
}
