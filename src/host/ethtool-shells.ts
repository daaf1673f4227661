// `ethtool -S <netdev>`, run by long-lived `sh` loops rather than started by the exporter itself. Starting a process
// from Node forks the exporter: measured on the benchmark machine, 5–10 ms of the exporter's one thread per run
// (more as its memory grows), so a refresh of 1,024 VF netdevs held the thread for seconds and stretched the first
// scrape to 1.5 s. A shell forks in its own process for a fraction of that. Each shell reads a netdev name per line,
// runs the real ethtool on it and prints a separator with its exit status; a shell is used by one run at a time,
// as many shells as runs at once, and an idle shell exits after IDLE_MS. Never throws: failures are ReadIssues in
// the words of run-command.ts (ENOENT, EACCES, ETIMEDOUT, EEXIT, ESIGNAL, E2BIG, ECANCELED).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { constants } from 'node:os';
import { type ReadIssue, readIssue } from '../fact.js';
import { DEFAULT_MAX_BYTES, STDERR_KEEP, cancelledIssue, exitIssue, holdEventLoop, startIssue, timeoutIssue, tooBigIssue, type LongLivedProgramOptions } from './run-command.js';

export interface EthtoolShellsOptions extends LongLivedProgramOptions {
  readonly timeoutMs: number;
  /** How long an idle shell waits for the next run before it exits. */
  readonly idleMs?: number;
}

const IDLE_MS = 5000;
// ASCII record separator: ethtool prints names and numbers, never this byte.
const SEPARATOR = '\x1e';
// $0 is the ethtool program. The newline before the separator ends output cut off mid-line; it is not the output's.
const LOOP = `while IFS= read -r netdev; do "$0" -S "$netdev" </dev/null; status=$?; printf '\\n${SEPARATOR}%s\\n' "$status"; printf '${SEPARATOR}\\n' >&2; done`;
const STDOUT_END = new RegExp(`\\n${SEPARATOR}(\\d+)\\n$`);
const STDERR_END = `${SEPARATOR}\n`;
// Enough for the separator line (\n, separator, a status of up to 3 digits, \n) even when split across two chunks.
const TAIL_BYTES = 16;

interface Run {
  readonly command: string;
  readonly resolve: (answer: string | ReadIssue) => void;
  readonly stdout: Buffer[];
  bytes: number;
  stderr: string;
  /** The exit status, once stdout's separator has come. */
  status?: number;
  stderrDone: boolean;
  timer?: NodeJS.Timeout;
}

interface Shell {
  readonly process: ChildProcessWithoutNullStreams;
  run?: Run;
  idle?: NodeJS.Timeout;
}

export class EthtoolShells {
  private readonly idle: Shell[] = [];
  private readonly live = new Set<Shell>();

  constructor(private readonly options: EthtoolShellsOptions) {
    options.signal?.addEventListener('abort', () => {
      for (const shell of [...this.live]) this.end(shell, cancelledIssue(shell.run?.command ?? options.program));
    }, { once: true });
  }

  /** `ethtool -S <netdev>`: what it printed, or why not. */
  stats(netdev: string): Promise<string | ReadIssue> {
    const command = `${this.options.program} -S ${netdev}`;
    if (this.options.signal?.aborted) return Promise.resolve(cancelledIssue(command));
    // A name with a line break would be two requests; the kernel allows none (dev_valid_name), so it is not a netdev.
    if (/[\n\r]/.test(netdev)) return Promise.resolve(readIssue(command, 'EINVAL', 'not a netdev name'));
    const shell = this.idle.pop() ?? this.start();
    clearTimeout(shell.idle);
    return new Promise((resolve) => {
      const run: Run = { command, resolve, stdout: [], bytes: 0, stderr: '', stderrDone: false };
      shell.run = run;
      run.timer = setTimeout(() => this.end(shell, timeoutIssue(command, this.options.timeoutMs)), this.options.timeoutMs);
      holdEventLoop(shell.process, true);
      shell.process.stdin.write(`${netdev}\n`);
    });
  }

  private start(): Shell {
    // detached: the shell leads a process group, so that a kill reaches the ethtool it runs too.
    const child = spawn('/bin/sh', ['-c', LOOP, this.options.program], {
      env: this.options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const shell: Shell = { process: child };
    this.live.add(shell);
    child.stdout.on('data', (chunk: Buffer) => this.onStdout(shell, chunk));
    child.stderr.on('data', (chunk: Buffer) => this.onStderr(shell, chunk.toString('utf8')));
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => this.end(shell, readIssue(shell.run?.command ?? this.options.program, 'EEXIT', `cannot start /bin/sh: ${error.code ?? error.message}`)));
    child.on('close', () => this.end(shell, readIssue(shell.run?.command ?? this.options.program, 'EEXIT', 'the shell running it exited')));
    return shell;
  }

  private onStdout(shell: Shell, chunk: Buffer): void {
    const run = shell.run;
    if (run === undefined) return;
    run.stdout.push(chunk);
    run.bytes += chunk.length;
    if (run.bytes > (this.options.maxBytes ?? DEFAULT_MAX_BYTES)) {
      this.end(shell, tooBigIssue(run.command, this.options.maxBytes));
      return;
    }
    if (chunk[chunk.length - 1] !== 0x0a) return;
    // The separator line is short: look at the tail only, and join the output once it has come.
    const tail = Buffer.concat(run.stdout.slice(-2)).subarray(-TAIL_BYTES).toString('latin1');
    const end = STDOUT_END.exec(tail);
    if (end === null) return;
    const whole = Buffer.concat(run.stdout, run.bytes);
    run.stdout.length = 0;
    run.stdout.push(whole.subarray(0, whole.length - (tail.length - end.index)));
    run.status = Number(end[1]);
    this.settle(shell);
  }

  private onStderr(shell: Shell, text: string): void {
    const run = shell.run;
    if (run === undefined) return;
    if (run.stderr.length < STDERR_KEEP) run.stderr += text;
    if (!text.endsWith(STDERR_END)) return;
    run.stderr = run.stderr.slice(0, -STDERR_END.length);
    run.stderrDone = true;
    this.settle(shell);
  }

  /** Both streams have their separator: the run is over, and the shell waits for the next. */
  private settle(shell: Shell): void {
    const run = shell.run;
    if (run === undefined || run.status === undefined || !run.stderrDone) return;
    shell.run = undefined;
    clearTimeout(run.timer);
    run.resolve(outcome(run));
    holdEventLoop(shell.process, false);
    this.idle.push(shell);
    shell.idle = setTimeout(() => this.retire(shell), this.options.idleMs ?? IDLE_MS);
    shell.idle.unref();
  }

  /** An idle shell ends on its own once its input closes. */
  private retire(shell: Shell): void {
    const at = this.idle.indexOf(shell);
    if (at < 0) return;
    this.idle.splice(at, 1);
    this.live.delete(shell);
    shell.process.stdin.end();
  }

  /** Ends the shell's run with `issue` and kills the shell with whatever it runs. */
  private end(shell: Shell, issue: ReadIssue): void {
    if (!this.live.delete(shell)) return;
    const at = this.idle.indexOf(shell);
    if (at >= 0) this.idle.splice(at, 1);
    clearTimeout(shell.idle);
    const run = shell.run;
    shell.run = undefined;
    if (run !== undefined) {
      clearTimeout(run.timer);
      run.resolve(issue);
    }
    const pid = shell.process.pid;
    if (pid !== undefined && shell.process.exitCode === null && shell.process.signalCode === null) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
}

/** What `sh` says of a program it ran: 127 not found, 126 not executable, 128 + n killed by signal n. */
function outcome(run: Run): string | ReadIssue {
  const status = run.status ?? 0;
  if (status === 0) return Buffer.concat(run.stdout).toString('utf8');
  if (status === 127) return startIssue(run.command, { code: 'ENOENT', message: run.stderr });
  if (status === 126) return startIssue(run.command, { code: 'EACCES', message: run.stderr });
  if (status > 128) return exitIssue(run.command, { signal: signalName(status - 128) }, run.stderr);
  return exitIssue(run.command, { code: status }, run.stderr);
}

function signalName(n: number): string {
  return Object.entries(constants.signals).find(([, number]) => number === n)?.[0] ?? `signal ${n}`;
}
