// The one result type of everything that reads the host: a file, a program's output, the parse of either.
//
// A fact is the value; `undefined` when the host does not have it (ENOENT, a program that printed nothing of
// it); or a ReadIssue — the path (or command line) and an error code — when it could not be read or made no
// sense. The code survives to the edge of the program: checks turn it into `unknown` with a hint, collectors
// into their success 0 and a log line; only there does it become words (describeIssue).
//
// A parser does not know where its text came from: it returns a ParseIssue (the code and why, no path), and the
// reader that read the text places it with `placed(path, …)`.

/**
 * Why a text could not be used: EPARSE (garbage), ESHORT (cut off), EEMPTY (nothing in it), ESHAPE (well-formed,
 * but another document than expected), or an errno name.
 */
export interface ParseIssue {
  readonly kind: 'issue';
  /** errno name (EACCES, EIO, ELOOP, …) or one of ours: EPARSE (garbage content), ESHORT (truncated), … (ISSUE_WORDS). */
  readonly code: string;
  readonly detail?: string;
}

export interface ReadIssue extends ParseIssue {
  /** Host path as the host sees it (/sys/bus/pci/devices/0000:3b:00.0/config), or the command line that was run. */
  readonly path: string;
}

/** A fact read from the host: the value, `undefined` when absent, or the reason it could not be read. */
export type Fact<T> = T | undefined | ReadIssue;

/** What a parser makes of a text: the value, or why it could not. */
export type Parsed<T> = T | ParseIssue;

export function readIssue(path: string, code: string, detail?: string): ReadIssue {
  return detail === undefined ? { kind: 'issue', path, code } : { kind: 'issue', path, code, detail };
}

export function parseIssue(code: 'EPARSE' | 'ESHORT' | 'EEMPTY' | 'ESHAPE', detail: string): ParseIssue {
  return { kind: 'issue', code, detail };
}

/** True for a ReadIssue or a ParseIssue (narrowing a Fact to its issue). */
export function isIssue<T>(value: T): value is Extract<T, ParseIssue> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'issue';
}

/** A parser's result placed where its text came from: its issue becomes a ReadIssue, a value passes through. */
export function placed<T>(path: string, parsed: Parsed<T>): T | ReadIssue {
  return isIssue(parsed) ? placeIssue(path, parsed as ParseIssue) : (parsed as T);
}

export function placeIssue(path: string, issue: ParseIssue): ReadIssue {
  return readIssue(path, issue.code, issue.detail);
}

/** The value when it was read, otherwise undefined (absent and unreadable alike). */
export function known<T>(fact: Fact<T>): T | undefined {
  return isIssue(fact) ? undefined : (fact as T | undefined);
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
export function issueReason(issue: ParseIssue): string {
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
  EEMPTY: 'empty',
  ESHAPE: 'not the expected document',
  // A program the host layer ran (host/run-command.ts).
  ETIMEDOUT: 'timed out',
  E2BIG: 'output too large',
  ECANCELED: 'cancelled',
  EEXIT: 'failed',
  ESIGNAL: 'killed',
  // Host state that moved while it was read (VFs created or removed meanwhile).
  ECHANGED: 'changed while read',
  // scripts/collect-hyperv.ps1's own exit code for a host without the Hyper-V PowerShell module.
  ENOHYPERV: 'no Hyper-V PowerShell module',
  // A read that threw: a bug of ours, kept to the one read.
  EINTERNAL: 'internal error',
};
