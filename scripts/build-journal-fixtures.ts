// Writes the journal files of test/fixtures/journal/ from the export-format texts beside them, with systemd's own
// writer (Debian's systemd-journal-remote), so that the journal reader is tested on files that systemd made, not on
// files made by our idea of the format. The .journal files are committed: the tests do not need the tool.
// Run after changing an .export file: `npm run fixtures:journal` (as root or a user who may write there).
//
// earlier.export holds the previous boot and the start of this one, later.export the rest of this boot:
//   whole-compact.journal    both, in one file: compact, keyed hash, long fields ZSTD-compressed (systemd 252's defaults)
//   earlier-regular.journal  earlier.export in the original layout: 64-bit offsets, Jenkins hash (COMPACT=0, KEYED_HASH=0)
//   later-compact.journal    later.export, compact: the file journald would be writing after rotating the earlier one

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = path.resolve(new URL('../test/fixtures/journal', import.meta.url).pathname);
const tool = ['/usr/lib/systemd/systemd-journal-remote', '/lib/systemd/systemd-journal-remote'].find((p) => fs.existsSync(p));
if (tool === undefined) {
  console.error('build-journal-fixtures: systemd-journal-remote not found (apt-get install systemd-journal-remote)');
  process.exit(2);
}

const FILES: readonly { name: string; from: readonly string[]; env: Record<string, string> }[] = [
  { name: 'whole-compact.journal', from: ['earlier.export', 'later.export'], env: {} },
  { name: 'earlier-regular.journal', from: ['earlier.export'], env: { SYSTEMD_JOURNAL_COMPACT: '0', SYSTEMD_JOURNAL_KEYED_HASH: '0' } },
  { name: 'later-compact.journal', from: ['later.export'], env: {} },
];

for (const file of FILES) {
  const out = path.join(dir, file.name);
  fs.rmSync(out, { force: true });
  const run = spawnSync(tool, ['--output', out, ...file.from.map((f) => path.join(dir, f))], { env: { ...process.env, ...file.env }, encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`build-journal-fixtures: ${file.name}: ${run.stderr.trim()}`);
    process.exit(1);
  }
  fs.chmodSync(out, 0o644);
  console.log(`${file.name}: ${run.stderr.trim().split('\n').at(-1)}`);
}
