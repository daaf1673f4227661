// Rewrites every golden file from what the programs print now: sriov-check's reports (test/golden/) and the
// exporter's expositions (test/exporter/golden/). `npm run goldens`, then review the diff. The tests never
// write a golden (test/support/goldens.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EXPORTER_GOLDEN_DIR, EXPORTER_GOLDEN_HOSTS, REPORT_CASES, REPORT_GOLDEN_DIR, expositionFile, renderReport, reportFile, scrapeFixture,
} from '../test/support/goldens.js';

const written: string[] = [];
const write = (file: string, content: string) => {
  const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (before === content) return;
  fs.writeFileSync(file, content);
  written.push(path.relative(process.cwd(), file));
};

for (const c of REPORT_CASES) {
  for (const output of ['text', 'json'] as const) write(path.join(REPORT_GOLDEN_DIR, reportFile(c, output)), (await renderReport(c, output)).golden);
}

const cleanups: (() => unknown)[] = [];
try {
  for (const host of EXPORTER_GOLDEN_HOSTS) {
    const { status, golden } = await scrapeFixture({ teardown: (fn) => cleanups.push(fn) }, host);
    if (status !== 200) throw new Error(`${host}: /metrics answered ${status}`);
    write(path.join(EXPORTER_GOLDEN_DIR, expositionFile(host)), golden);
  }
} finally {
  for (const fn of cleanups.reverse()) await fn();
}
console.log(written.length ? `rewritten:\n  ${written.join('\n  ')}` : 'every golden file is up to date');
