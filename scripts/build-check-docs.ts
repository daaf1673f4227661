// Regenerates the generated parts of the documentation from the code: the check and remediation catalogs in
// docs/checks.md, the flag tables in README.md, and the JSON Schemas of the snapshot and the report (docs/ and
// src/snapshot/snapshot-schema.ts). `npm run docs`; tests fail while they differ.

import * as fs from 'node:fs';
import {
  DOCUMENTED_PROGRAMS,
  FLAGS_BEGIN,
  FLAGS_END,
  REMEDIES_BEGIN,
  REMEDIES_END,
  renderCheckCatalog,
  renderFlagTables,
  renderRemediations,
  replaceBetween,
  replaceGenerated,
} from '../test/support/check-docs.js';
import { reportSchema, schemaJson, snapshotSchema, snapshotSchemaModule, SNAPSHOT_SCHEMA_MODULE } from '../test/support/json-schemas.js';

const checks = new URL('../docs/checks.md', import.meta.url);
const catalog = replaceGenerated(fs.readFileSync(checks, 'utf8'), renderCheckCatalog());
fs.writeFileSync(checks, replaceBetween(catalog, REMEDIES_BEGIN, REMEDIES_END, renderRemediations()));
const readme = new URL('../README.md', import.meta.url);
const flags = renderFlagTables(DOCUMENTED_PROGRAMS);
fs.writeFileSync(readme, replaceBetween(fs.readFileSync(readme, 'utf8'), FLAGS_BEGIN, FLAGS_END, flags));
const snapshot = snapshotSchema();
for (const { docsFile, schema } of [snapshot, reportSchema()]) fs.writeFileSync(docsFile, schemaJson(schema));
fs.writeFileSync(SNAPSHOT_SCHEMA_MODULE, snapshotSchemaModule(snapshot.schema));
console.log('docs/checks.md, README.md, docs/snapshot.schema.json, docs/report.schema.json and src/snapshot/snapshot-schema.ts updated');
