// Saving and loading snapshots. A snapshot file comes from elsewhere (a customer's host, a support ticket),
// so loading validates it against the snapshot's JSON Schema (generated from its types, docs/snapshot.schema.json)
// with ajv, which fastify already ships: a garbage or truncated file is a one-line error naming the field,
// never a crash somewhere inside the checks.

import * as fs from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { SNAPSHOT_SCHEMA } from './snapshot-schema.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type HostSnapshot } from './snapshot-types.js';
import { UserError } from '../user-error.js';

export class SnapshotError extends UserError {}

export function serializeSnapshot(snapshot: HostSnapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

export function writeSnapshotFile(file: string, snapshot: HostSnapshot): void {
  try {
    fs.writeFileSync(file, serializeSnapshot(snapshot));
  } catch (error) {
    throw new SnapshotError(`cannot write snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function readSnapshotFile(file: string): HostSnapshot {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SnapshotError(`cannot read snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSnapshot(text, file);
}

export function parseSnapshot(text: string, name = 'snapshot'): HostSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${name} is not valid JSON (${(error as Error).message}); was the file truncated?`);
  }
  const problem = validateSnapshot(value);
  if (problem) throw new SnapshotError(`${name} is not a sriov-check host snapshot: ${problem}`);
  return value as HostSnapshot;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

let validate: ValidateFunction<HostSnapshot> | undefined;

/** Undefined when `value` is a snapshot this tool reads; otherwise one line naming the first field that is not. */
export function validateSnapshot(value: unknown): string | undefined {
  if (!isObject(value)) return 'the top level is not an object';
  if (value.format !== SNAPSHOT_FORMAT) return `format is ${JSON.stringify(value.format)}, expected "${SNAPSHOT_FORMAT}"`;
  if (value.version !== SNAPSHOT_VERSION) return `version ${JSON.stringify(value.version)} is not supported (this tool reads version ${SNAPSHOT_VERSION})`;
  // Compiled on first use: only --snapshot needs it, and compiling takes longer than a check run.
  validate ??= new Ajv({ allErrors: false }).compile<HostSnapshot>(SNAPSHOT_SCHEMA);
  return validate(value) ? undefined : describeErrors(value, validate.errors ?? []);
}

/**
 * The error to show: the deepest field; where a fact may be a value or a read issue (anyOf), the branch the data
 * meant — a read issue if it says `kind: "issue"`, the value otherwise.
 */
function describeErrors(root: unknown, errors: readonly ErrorObject[]): string {
  const relevant = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'not');
  const meant = relevant.filter((e) => e.schemaPath.includes('/ReadIssue/') === isIssueShaped(at(root, e.instancePath)));
  const pool = meant.length > 0 ? meant : relevant;
  const deepest = pool.reduce<ErrorObject | undefined>((best, e) => (best === undefined || depth(e) > depth(best) ? e : best), undefined);
  if (!deepest) return 'it does not match the snapshot schema';
  return describeError(deepest);
}

function describeError(error: ErrorObject): string {
  const where = fieldText(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where}.${String(params.missingProperty)} is missing`;
    case 'type':
      return `${where} should be ${TYPE_TEXT[String(params.type)] ?? String(params.type)}`;
    case 'enum':
      return `${where} should be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${where} should be ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${where} ${error.message ?? 'does not match the snapshot schema'}`;
  }
}

const TYPE_TEXT: Record<string, string> = {
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
  'number,null': 'a number or null',
};

/** `/pciDevices/0/sriov/totalVfs` → `snapshot.pciDevices[0].sriov.totalVfs`. */
function fieldText(pointer: string): string {
  return `snapshot${segments(pointer)
    .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
    .join('')}`;
}

function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const depth = (e: ErrorObject) => segments(e.instancePath).length + (e.keyword === 'required' ? 1 : 0);

function at(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of segments(pointer)) value = isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

const isIssueShaped = (value: unknown) => isObject(value) && value.kind === 'issue';
