// Runs one of the host's programs (`ip`, `ethtool`) and returns its output — the only code that starts
// processes. Never throws: a missing program, a non-zero exit, a timeout or an oversized output becomes
// `{ ok: false, error }` with one line that names the command and the cause.

import { execFile } from 'node:child_process';

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

export type CommandResult =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly error: string };

// `ip -j -s -d link show` on a host with thousands of VFs prints a few MB.
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export function runCommand(program: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
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
        if (error === null) resolve({ ok: true, stdout });
        else resolve({ ok: false, error: `${command}: ${describeFailure(error, stderr, options)}` });
      },
    );
  });
}

type ExecFailure = Error & { code?: number | string | null; killed?: boolean; signal?: NodeJS.Signals | null };

function describeFailure(error: ExecFailure, stderr: string, options: CommandOptions): string {
  if (error.name === 'AbortError') return 'stopped: the exporter is shutting down';
  if (error.code === 'ENOENT') return 'program not found';
  if (error.code === 'EACCES') return 'permission denied (not executable?)';
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return `output larger than ${options.maxBytes ?? DEFAULT_MAX_BYTES} bytes`;
  if (error.killed && error.signal) return `no answer within ${options.timeoutMs} ms, killed`;
  const said = firstLine(stderr);
  if (typeof error.code === 'number') return `exit status ${error.code}${said ? `: ${said}` : ''}`;
  if (error.signal) return `killed by ${error.signal}${said ? `: ${said}` : ''}`;
  return firstLine(error.message) || 'failed';
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line.trim();
}
