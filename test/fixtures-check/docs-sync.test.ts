// docs/ tells the truth: the check catalog in docs/checks.md is the check table, and no document names a
// check id that does not exist.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CHECKS } from '../../src/checks/check-table.js';
import {
  BEGIN,
  DOCUMENTED_PROGRAMS,
  END,
  FLAGS_BEGIN,
  FLAGS_END,
  REMEDIES_BEGIN,
  REMEDIES_END,
  checkIdsIn,
  renderCheckCatalog,
  renderFlagTables,
  renderRemediations,
} from '../support/check-docs.js';
import { REPO } from '../support/run-cli.js';
import { HYPERV_CHECKS } from '../../src/hyperv/hyperv-checks.js';

const checksDoc = fs.readFileSync(path.join(REPO, 'docs/checks.md'), 'utf8');

t.test('docs/checks.md holds the generated catalog of the current table (npm run docs)', async (t) => {
  const start = checksDoc.indexOf(BEGIN);
  const end = checksDoc.indexOf(END);
  t.ok(start >= 0 && end > start, 'markers present');
  t.equal(checksDoc.slice(start + BEGIN.length, end).trim(), renderCheckCatalog().trim());
});

t.test('docs/checks.md holds the generated remediation catalog (npm run docs)', async (t) => {
  const start = checksDoc.indexOf(REMEDIES_BEGIN);
  const end = checksDoc.indexOf(REMEDIES_END);
  t.ok(start >= 0 && end > start, 'markers present');
  t.equal(checksDoc.slice(start + REMEDIES_BEGIN.length, end).trim(), renderRemediations().trim());
});

t.test('every check id is documented, and every documented id exists', async (t) => {
  const ids = new Set([...CHECKS, ...HYPERV_CHECKS].map((c) => c.id));
  const documented = new Set(checkIdsIn(checksDoc));
  for (const id of ids) t.ok(documented.has(id), `${id} is in docs/checks.md`);
  const docs = ['README.md', ...fs.readdirSync(path.join(REPO, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md') && fs.existsSync(path.join(REPO, f)));
  for (const file of docs) {
    for (const id of checkIdsIn(fs.readFileSync(path.join(REPO, file), 'utf8'))) t.ok(ids.has(id), `${file} names ${id}, which exists`);
  }
});

t.test('check table rows are well formed', async (t) => {
  const seen = new Set<string>();
  for (const [i, c] of CHECKS.entries()) {
    t.match(c.id, new RegExp(`^${c.layer}\\.[a-z0-9-]+\\.[a-z0-9-]+$`), `${c.id} starts with its layer`);
    t.notOk(seen.has(c.id), `${c.id} is unique`);
    seen.add(c.id);
    for (const r of c.requires ?? []) {
      const at = CHECKS.findIndex((x) => x.id === r);
      t.ok(at >= 0 && at < i, `${c.id} requires ${r}, which runs before it`);
    }
    t.ok(c.title.endsWith('?'), `${c.id} title is a question`);
    t.ok(c.reads.length > 0 && c.fix.length > 0, `${c.id} says what it reads and how to fix`);
  }
});

t.test('README.md lists every flag of both programs (npm run docs), and no document names a flag that does not exist', async (t) => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf(FLAGS_BEGIN);
  const end = readme.indexOf(FLAGS_END);
  t.ok(start >= 0 && end > start, 'flag table markers present');
  t.equal(readme.slice(start + FLAGS_BEGIN.length, end).trim(), renderFlagTables(DOCUMENTED_PROGRAMS).trim());
  const known = new Set(DOCUMENTED_PROGRAMS.flatMap((p) => p.flags.map((f) => f.name)));
  // Flags of other programs that our documents quote (ip, ethtool, npm, htpasswd, docker, kubectl…).
  const foreign = new Set(['ignore-scripts', 'omit', 'prefer-offline', 'no-install-recommends', 'net', 'rm', 'entrypoint', 'update-kernel', 'args', 'append', 'config.file', 'storage.tsdb.path', 'collector.disable-defaults', 'collector.netclass', 'from', 'no-audit', 'no-fund', 'force', 'now', 'name', 'silent', 'reuid', 'regid', 'clear-groups', 'lint', 'lint-fatal', 'max-old-space-size', 'max-semi-space-size', 'optimize-for-size', 'heap-growing-percent', 'trace-gc', 'cpu-prof', 'heap-prof', 'interval', 'timeout', 'start-period', 'retries', 'pid', 'from-file', 'since', 'list-boots', 'purge', 'group-add', 'health-cmd', 'prefix', 'disable-validation']);
  // Generic mentions: `--[no-]collector.NAME`, `--collector.<name>`; and the flags of `npm run demo` (scripts/demo.ts).
  const generic = new Set(['collector', 'no', 'prometheus', 'prometheus.listen-address']);
  const files = ['README.md', 'deploy/README.md', ...fs.readdirSync(path.join(REPO, 'docs')).map((f) => `docs/${f}`)].filter((f) => f.endsWith('.md'));
  for (const file of files) {
    const text = fs.readFileSync(path.join(REPO, file), 'utf8');
    for (const match of text.matchAll(/(?<![\w-])--(?:\[no-\])?(?:no-)?([a-z][a-z0-9_.-]*[a-z0-9])/g)) {
      const name = match[1] as string;
      if (known.has(name) || foreign.has(name) || generic.has(name) || known.has(name.replace(/^no-/, ''))) continue;
      t.fail(`${file} mentions --${name}, which neither program has`);
    }
  }
});
