// Helpers of the attribution parsers, which return the project's Parsed<T> (src/fact.ts): a value, or a
// ParseIssue saying why the text is not what it should be. Never a throw — the files come from other programs
// (libvirt, kubelet, Proxmox, CNI plugins) and may be cut off mid-write.

import { type ParseIssue, parseIssue } from '../../fact.js';

/** Text shown in a detail: short, one line, no control characters. */
export function shown(text: string, max = 40): string {
  const flat = text.replace(/\p{Cc}/gu, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** A parsed JSON document, boxed so that a document that is itself an issue-shaped object stays a value. */
export interface JsonDocument {
  readonly json: unknown;
}

/** JSON.parse without the throw: a cut-off document (ESHORT) is told apart from a malformed one (EPARSE). */
export function parseJson(text: string): JsonDocument | ParseIssue {
  if (text.trim() === '') return parseIssue('EEMPTY', 'empty file');
  try {
    return { json: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "Unexpected end of JSON input", "Unterminated string …", or names a position: at the end of
    // the text, the document was cut off.
    const at = /at position (\d+)/.exec(message);
    const truncated = /end of JSON input|Unterminated string/.test(message) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    return parseIssue(truncated ? 'ESHORT' : 'EPARSE', `invalid JSON: ${message.slice(0, 80)}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or undefined when absent or of another type. */
export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}
