// docs/performance.md shows figures of one benchmark run only: it quotes bench/results/latest.md verbatim, and
// that file is the output of one `npm run bench` at one commit, with every benchmark in it.

import t from 'tap';
import * as fs from 'node:fs';
import { PERFORMANCE_DOC, RESULTS_FILE, quotedResults } from '../../bench/support/results-doc.js';

t.test('the doc quotes the committed results file, verbatim', async (t) => {
  t.ok(fs.existsSync(RESULTS_FILE), 'bench/results/latest.md is committed (npm run bench writes it)');
  const results = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '';
  t.equal(quotedResults(fs.readFileSync(PERFORMANCE_DOC, 'utf8')), results, 'the Results section of docs/performance.md is the file');
});

t.test('the results are one full run of npm run bench at one commit, without uncommitted code', async (t) => {
  const results = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : '';
  t.match(results, /^## The run\n\n- command: `npm run bench`, one sitting: /, 'the command, all benchmarks (no BENCH_ONLY)');
  t.match(results, /^- commit: [0-9a-f]{12}$/m, 'the commit, and no uncommitted changes');
  for (const section of ['## sriov-check (`npm run bench:check`)', '## Scrape at 1,024 VFs (`npm run bench:scrape`)', '## Cost at scale (`npm run bench:scale`)', '## Load (`npm run bench:load`)', '## Issue 16 targets']) {
    t.ok(results.includes(`\n${section}\n`), `${section}`);
  }
});
