// One schema per file format, generated from the types: docs/snapshot.schema.json (and the module loading a
// snapshot validates with) and docs/report.schema.json are what the types say now (npm run docs), every
// fixture host's snapshot and every JSON report golden validates against them, and the report schema refuses
// what the contract does not allow.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv } from 'ajv';
import { serializeSnapshot, validateSnapshot } from '../../src/snapshot/snapshot-file.js';
import { COMMITTED_SCENARIOS } from '../fixtures/scenarios/index.js';
import { fixtureSnapshot } from '../support/check-harness.js';
import { REPORT_CASES, REPORT_GOLDEN_DIR } from '../support/goldens.js';
import { reportSchema, schemaJson, snapshotSchema, snapshotSchemaModule, SNAPSHOT_SCHEMA_MODULE } from '../support/json-schemas.js';

const snapshot = snapshotSchema();
const report = reportSchema();

t.test('docs/ and src/snapshot/snapshot-schema.ts hold the schemas the types generate (npm run docs)', async (t) => {
  for (const { docsFile, schema } of [snapshot, report]) {
    t.equal(fs.readFileSync(docsFile, 'utf8'), schemaJson(schema), `${path.basename(docsFile)} is current`);
  }
  t.equal(fs.readFileSync(SNAPSHOT_SCHEMA_MODULE, 'utf8'), snapshotSchemaModule(snapshot.schema), 'snapshot-schema.ts is current');
});

t.test('docs/report.md links the report schema', async (t) => {
  t.match(fs.readFileSync(path.join(path.dirname(report.docsFile), 'report.md'), 'utf8'), /\]\(report\.schema\.json\)/);
});

t.test('every fixture host snapshot, saved and read back, validates', async (t) => {
  for (const scenario of COMMITTED_SCENARIOS) {
    const saved = JSON.parse(serializeSnapshot(await fixtureSnapshot(scenario.name))) as unknown;
    t.equal(validateSnapshot(saved), undefined, scenario.name);
  }
});

t.test('every JSON report golden validates against docs/report.schema.json', async (t) => {
  const validate = new Ajv({ allErrors: true }).compile(report.schema);
  const goldens = fs.readdirSync(REPORT_GOLDEN_DIR).filter((f) => f.endsWith('.json'));
  t.equal(goldens.length, REPORT_CASES.length, 'one JSON golden per report case');
  for (const file of goldens) {
    const ok = validate(JSON.parse(fs.readFileSync(path.join(REPORT_GOLDEN_DIR, file), 'utf8')));
    t.ok(ok, `${file}${ok ? '' : `: ${JSON.stringify(validate.errors)}`}`);
  }
  const one = JSON.parse(fs.readFileSync(path.join(REPORT_GOLDEN_DIR, 'x710-iavf.json'), 'utf8')) as { checks: Record<string, unknown>[]; verdict: string };
  t.notOk(validate({ ...one, verdict: 'fine' }), 'a verdict outside ready, degraded, not-ready is refused');
  t.notOk(validate({ ...one, checks: [{ ...one.checks[0], status: 'ok' }] }), 'a status outside the five is refused');
  t.notOk(validate({ ...one, checks: [{ ...one.checks[0], evidence: undefined }] }), 'a check without evidence is refused');
});
