// The JUnit schema (test/fixtures/junit/junit.xsd) applied by libxml2's xmllint, built as WebAssembly.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { REPO } from './run-cli.js';

const SCHEMA = { fileName: 'junit.xsd', contents: fs.readFileSync(path.join(REPO, 'test/fixtures/junit/junit.xsd'), 'utf8') };

/** Schema errors of each document, by name; one xmllint run for all (each run starts a WebAssembly worker). */
export async function schemaErrors(docs: Readonly<Record<string, string>>): Promise<Map<string, string[]>> {
  const names = Object.keys(docs);
  const result = await validateXML({ xml: names.map((name) => ({ fileName: `${name}.xml`, contents: docs[name] as string })), schema: [SCHEMA] });
  const errors = new Map(names.map((name) => [name, [] as string[]]));
  for (const e of result.errors) {
    const own = errors.get(e.loc?.fileName.replace(/\.xml$/, '') ?? '');
    if (own) own.push(e.rawMessage);
    else errors.set('?', [...(errors.get('?') ?? []), e.rawMessage]);
  }
  return errors;
}

