// Reading YAML documents field by field with the line of every value, so that a bad plan gets one line naming
// the file, the line and the field: `plan.yaml:12: workloads[0].vfs: expected a whole number from 1 to 65535`.
// Strict like Kubernetes' own decoding with field validation: an unknown key is an error, not ignored.

import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { UserError } from '../user-error.js';

export class PlanError extends UserError {}

/** A value in a YAML document: its node, where it is, and how a message names it. */
export interface Field {
  readonly node: Node | null;
  readonly line: number;
  /** `workloads[0].pf.names`: how errors name it. */
  readonly path: string;
}

export class YamlFile {
  private readonly lines = new LineCounter();
  readonly documents: readonly Field[];

  constructor(
    readonly name: string,
    private readonly text: string,
  ) {
    const docs = parseAllDocuments(text, { lineCounter: this.lines, uniqueKeys: true });
    if (!Array.isArray(docs)) throw new PlanError(`${name}: not YAML`);
    for (const doc of docs) {
      const error = doc.errors[0];
      if (error) throw new PlanError(`${name}:${this.lines.linePos(error.pos[0]).line}: not valid YAML: ${error.message.split('\n')[0]}`);
    }
    this.documents = docs.filter((d) => d.contents !== null).map((d) => ({ node: d.contents as Node, line: this.lineOf(d.contents as Node), path: '' }));
  }

  lineOf(node: Node | null | undefined): number {
    return node?.range ? this.lines.linePos(node.range[0]).line : 1;
  }

  fail(field: Pick<Field, 'line' | 'path'>, message: string): never {
    throw new PlanError(`${this.name}:${field.line}: ${field.path ? `${field.path}: ` : ''}${message}`);
  }

  /** A mapping's fields by key; a key not in `allowed` is an error naming it (`any`: every key is allowed). */
  object(field: Field, allowed: readonly string[] | 'any'): Map<string, Field> {
    if (!isMap(field.node)) this.fail(field, 'expected a mapping');
    const out = new Map<string, Field>();
    for (const pair of field.node.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const at = { line: this.lineOf(keyNode), path: join(field.path, key) };
      if (allowed !== 'any' && !allowed.includes(key)) this.fail(at, `unknown field (expected one of: ${allowed.join(', ')})`);
      out.set(key, { node: (pair.value as Node | null) ?? null, line: this.lineOf((pair.value as Node | null) ?? keyNode), path: at.path });
    }
    return out;
  }

  list(field: Field): Field[] {
    if (!isSeq(field.node)) this.fail(field, 'expected a list');
    return field.node.items.map((item, i) => ({ node: item as Node, line: this.lineOf(item as Node), path: `${field.path}[${i}]` }));
  }

  string(field: Field): string {
    if (!isScalar(field.node) || typeof field.node.value !== 'string' || field.node.value === '') this.fail(field, 'expected a non-empty string');
    return field.node.value;
  }

  /** A string, or a number written where a string was meant (`vendor: 8086`), as written (`0158` stays `0158`). */
  token(field: Field): string {
    const node = field.node;
    if (isScalar(node) && typeof node.value === 'number') return node.range ? this.text.slice(node.range[0], node.range[1]).trim() : String(node.value);
    return this.string(field);
  }

  integer(field: Field, min: number, max: number): number {
    const value = isScalar(field.node) ? field.node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) this.fail(field, `expected a whole number from ${min} to ${max}`);
    return value;
  }

  boolean(field: Field): boolean {
    const value = isScalar(field.node) ? field.node.value : undefined;
    if (typeof value !== 'boolean') this.fail(field, 'expected true or false');
    return value;
  }

  oneOf<T extends string>(field: Field, allowed: readonly T[]): T {
    const value = this.string(field);
    if (!allowed.includes(value as T)) this.fail(field, `expected one of: ${allowed.join(', ')}`);
    return value as T;
  }

  strings(field: Field): string[] {
    return this.list(field).map((item) => this.token(item));
  }
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}
