// What the host layer returns when a file exists but cannot be trusted: the path and why.
// Absent facts are `undefined`; unreadable or unparseable ones are a ReadIssue (rendered as `unknown`).

export interface ReadIssue {
  readonly kind: 'issue';
  /** Host path as the host sees it (e.g. /sys/bus/pci/devices/0000:3b:00.0/config). */
  readonly path: string;
  /** errno name (EACCES, EIO, ELOOP, …) or one of ours: EPARSE (garbage content), ESHORT (truncated). */
  readonly code: string;
  readonly detail?: string;
}

/** A fact read from the host: the value, `undefined` when absent, or the reason it could not be read. */
export type Fact<T> = T | undefined | ReadIssue;

export function readIssue(path: string, code: string, detail?: string): ReadIssue {
  return detail === undefined ? { kind: 'issue', path, code } : { kind: 'issue', path, code, detail };
}

export function isIssue(value: unknown): value is ReadIssue {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'issue';
}

/** The value when it was read, otherwise undefined (absent and unreadable alike). */
export function known<T>(fact: Fact<T>): T | undefined {
  return isIssue(fact) ? undefined : fact;
}

/** A read text trimmed; an empty one (only whitespace) counts as absent. */
export function trimmedFact(fact: Fact<string>): Fact<string> {
  return typeof fact === 'string' ? fact.trim() || undefined : fact;
}

/** Apply a parser to a read fact; a parser returning undefined marks the content as garbage (EPARSE). */
export function parseFact<T>(path: string, raw: Fact<string>, parse: (text: string) => T | undefined, expected: string): Fact<T> {
  if (raw === undefined || isIssue(raw)) return raw;
  const value = parse(raw);
  if (value === undefined) return readIssue(path, 'EPARSE', `expected ${expected}, found ${JSON.stringify(preview(raw))}`);
  return value;
}

function preview(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > 40 ? `${trimmed.slice(0, 40)}…` : trimmed;
}

export function describeIssue(issue: ReadIssue): string {
  return `${issue.path}: ${issueReason(issue)}`;
}

/** What went wrong, without the path (for a line that names the path already). */
export function issueReason(issue: ReadIssue): string {
  const why = ISSUE_WORDS[issue.code] ?? issue.code;
  return `${why}${issue.detail ? ` (${issue.detail})` : ''}`;
}

const ISSUE_WORDS: Record<string, string> = {
  ENOENT: 'not found',
  ESTALE: 'out of date',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'I/O error',
  EINVAL: 'invalid argument',
  ELOOP: 'symbolic link loop',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EPARSE: 'unexpected content',
  ESHORT: 'truncated read',
};
