// The JUnit schema (test/fixtures/junit/junit.xsd) applied by Debian's xmllint (libxml2-utils): the libxml2
// that CI runners' images carry and that JUnit report tooling validates with (`xmllint --schema`).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findTool } from './required-tools.js';
import { REPO } from './run-cli.js';

const SCHEMA = path.join(REPO, 'test/fixtures/junit/junit.xsd');

/** Schema errors of each document, by name (`?` for lines that name no document); one xmllint run for all. */
export function schemaErrors(docs: Readonly<Record<string, string>>): Map<string, string[]> {
  const xmllint = findTool('xmllint');
  if (xmllint === undefined) throw new Error('xmllint is not installed (Debian package libxml2-utils)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-junit-'));
  try {
    const names = Object.keys(docs);
    const files = names.map((name) => path.join(dir, `${name}.xml`));
    names.forEach((name, i) => fs.writeFileSync(files[i] as string, docs[name] as string));
    const run = spawnSync(xmllint, ['--noout', '--schema', SCHEMA, ...files], { encoding: 'utf8' });
    if (run.error) throw run.error;
    const errors = new Map(names.map((name) => [name, [] as string[]]));
    for (const line of run.stderr.split('\n')) {
      // `<file> validates` is the verdict of a valid one; `<file> fails to validate` repeats its errors' count.
      if (line === '' || / validates$| fails to validate$/.test(line)) continue;
      const own = names.find((_, i) => line.startsWith(`${files[i]}:`));
      if (own !== undefined) errors.get(own)?.push(line.slice(dir.length + 1));
      else errors.set('?', [...(errors.get('?') ?? []), line]);
    }
    // A document xmllint did not call valid must have said why; a silent failure is a failure of the tool.
    for (const [i, name] of names.entries()) {
      if (!run.stderr.includes(`${files[i]} validates`) && errors.get(name)?.length === 0) errors.get(name)?.push(`xmllint exited ${run.status} without a verdict`);
    }
    return errors;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
