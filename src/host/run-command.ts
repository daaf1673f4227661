// Runs one of the host's programs (`ip`, `ethtool`) and returns its output — the only code that starts
// processes. Never throws: a missing program, a non-zero exit, a timeout or an oversized output becomes a
// ReadIssue whose path is the command line and whose code says which (ENOENT, ETIMEDOUT, EEXIT, …).

import { execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { type ReadIssue, readIssue } from '../fact.js';

export interface CommandOptions {
  /** The process is killed (SIGKILL) when it has not exited by then. */
  readonly timeoutMs: number;
  /** Environment of the child; the exporter's own environment when undefined. */
  readonly env?: NodeJS.ProcessEnv;
  /** Output beyond this is an error rather than something to parse half of. */
  readonly maxBytes?: number;
  /** Aborting kills the process (the exporter aborts on shutdown, so that nothing it started outlives it). */
  readonly signal?: AbortSignal;
}

// `ip -j -s -d link show` on a host with thousands of VFs prints a few MB.
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export function runCommand(program: string, args: readonly string[], options: CommandOptions): Promise<string | ReadIssue> {
  const command = [program, ...args].join(' ');
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      {
        env: options.env ?? process.env,
        timeout: options.timeoutMs,
        // SIGKILL: a hung `ip` blocked in netlink may ignore SIGTERM, and nothing of its output is wanted.
        killSignal: 'SIGKILL',
        maxBuffer: options.maxBytes ?? DEFAULT_MAX_BYTES,
        encoding: 'utf8',
        windowsHide: true,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else resolve(failure(command, error, stderr, options));
      },
    );
  });
}

type ExecFailure = Error & { code?: number | string | null; killed?: boolean; signal?: NodeJS.Signals | null };

function failure(command: string, error: ExecFailure, stderr: string, options: CommandOptions): ReadIssue {
  if (error.name === 'AbortError') return cancelledIssue(command);
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return tooBigIssue(command, options.maxBytes);
  if (error.killed && error.signal) return timeoutIssue(command, options.timeoutMs);
  if (typeof error.code === 'number' || error.signal) return exitIssue(command, typeof error.code === 'number' ? { code: error.code } : { signal: error.signal ?? 'killed' }, stderr);
  return startIssue(command, error);
}

// The issues every way of running a program gives (here, ip-session.ts, ethtool-shells.ts), in the same words.

/** A program that could not be started: missing, not executable, or another reason from the system. */
export function startIssue(command: string, error: { readonly code?: unknown; readonly message: string }): ReadIssue {
  if (error.code === 'ENOENT') return readIssue(command, 'ENOENT', 'no such program');
  if (error.code === 'EACCES') return readIssue(command, 'EACCES', 'not executable?');
  return readIssue(command, 'EEXIT', firstLine(error.message) || 'no reason given');
}

/** A program that ended with a non-zero status or a signal, with the first line it wrote to stderr. */
export function exitIssue(command: string, end: { readonly code: number } | { readonly signal: string }, stderr: string): ReadIssue {
  const said = firstLine(stderr);
  const suffix = said ? `: ${said}` : '';
  return 'code' in end ? readIssue(command, 'EEXIT', `exit status ${end.code}${suffix}`) : readIssue(command, 'ESIGNAL', `${end.signal}${suffix}`);
}

export function timeoutIssue(command: string, timeoutMs: number): ReadIssue {
  return readIssue(command, 'ETIMEDOUT', `no answer within ${timeoutMs} ms, killed`);
}

export function tooBigIssue(command: string, maxBytes = DEFAULT_MAX_BYTES): ReadIssue {
  return readIssue(command, 'E2BIG', `more than ${maxBytes} bytes`);
}

export function cancelledIssue(command: string): ReadIssue {
  return readIssue(command, 'ECANCELED', 'the exporter is shutting down');
}

/** How much of a program's stderr is kept: enough to name the cause. */
export const STDERR_KEEP = 4096;

/** The first non-blank line of a program's stderr, cut at 200 characters. */
export function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line.trim();
}

/** What a long-lived program the exporter keeps (ip-session.ts, ethtool-shells.ts) is started with. */
export interface LongLivedProgramOptions {
  /** The program (a name found in PATH, or a path). */
  readonly program: string;
  /** Environment of the program; the exporter's own environment when undefined. */
  readonly env?: NodeJS.ProcessEnv;
  /** Aborting kills it; later requests answer ECANCELED. */
  readonly signal?: AbortSignal;
  /** An answer beyond this is an error rather than something to parse half of. */
  readonly maxBytes?: number;
}

/** A request in progress holds the event loop; an idle long-lived program does not keep the exporter (or a test) from exiting. */
export function holdEventLoop(child: ChildProcessWithoutNullStreams, held: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref(): void; unref(): void }>) {
    if (held) handle.ref();
    else handle.unref();
  }
}
