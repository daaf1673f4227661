// What the attribution parsers return: a value, or why the text is not what it should be. Never a throw —
// the files come from other programs (libvirt, kubelet, Proxmox, CNI plugins) and may be cut off mid-write.

export type ParseReason =
  /** Nothing to parse (an empty file, a kernel thread's empty cmdline). */
  | 'empty'
  /** The text stops early: a file being written, or read while it was replaced. */
  | 'truncated'
  /** Not the syntax of the format (bad JSON, bad XML, a line of another shape). */
  | 'syntax'
  /** Valid syntax, but not the document we expected (a persistent domain XML where a status file should be). */
  | 'shape';

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: ParseReason; readonly detail: string };

export function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function unparsed(reason: ParseReason, detail: string): Parsed<never> {
  return { ok: false, reason, detail };
}

/** Text shown in a detail: short, one line, no control characters. */
export function shown(text: string, max = 40): string {
  const flat = text.replace(/\p{Cc}/gu, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** JSON.parse without the throw: a cut-off document is told apart from a malformed one. */
export function parseJson(text: string): Parsed<unknown> {
  if (text.trim() === '') return unparsed('empty', 'empty file');
  try {
    return parsed(JSON.parse(text) as unknown);
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "Unexpected end of JSON input", "Unterminated string …", or names a position: at the end of
    // the text, the document was cut off.
    const at = /at position (\d+)/.exec(message);
    const truncated = /end of JSON input|Unterminated string/.test(message) || (at !== null && Number(at[1]) >= text.trimEnd().length);
    return unparsed(truncated ? 'truncated' : 'syntax', `invalid JSON: ${message.slice(0, 80)}`);
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
