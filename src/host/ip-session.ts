// One long-lived `ip -j -s -d -batch -` that answers `link show` on demand: each request is a fresh netlink dump,
// printed by iproute2 as one JSON line and flushed when the command ends. Starting a process from the exporter
// costs more CPU than the dump itself on small hosts (measured: ~10 ms of fork/exec per scrape at 64 VFs), so the
// process is started once and reused. Never throws: every failure is a ReadIssue in the words of run-command.ts
// (ENOENT, ETIMEDOUT, EEXIT, E2BIG, ECANCELED), and the next request starts a new process.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ReadIssue } from '../fact.js';
import { DEFAULT_MAX_BYTES, STDERR_KEEP, cancelledIssue, exitIssue, holdEventLoop, startIssue, timeoutIssue, tooBigIssue, type LongLivedProgramOptions } from './run-command.js';

export interface IpSessionOptions extends LongLivedProgramOptions {
  /** The global options before `-batch -`. */
  readonly args: readonly string[];
  /** What issues name as the command (the one-shot command line the batch stands for). */
  readonly command: string;
  /** A new process after this many answers, so that whatever one iproute2 process keeps (its name cache) stays bounded. */
  readonly answersPerProcess?: number;
}

const DEFAULT_ANSWERS_PER_PROCESS = 1024;

interface Pending {
  readonly resolve: (answer: string | ReadIssue) => void;
  readonly chunks: Buffer[];
  bytes: number;
  timer?: NodeJS.Timeout;
}

export class IpSession {
  private child?: ChildProcessWithoutNullStreams;
  private answered = 0;
  private stderr = '';
  private pending?: Pending;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: IpSessionOptions) {
    options.signal?.addEventListener('abort', () => this.kill(), { once: true });
  }

  /** Runs `subcommand` (e.g. `link show`) in the session; one request at a time, in order. */
  request(subcommand: string, timeoutMs: number): Promise<string | ReadIssue> {
    const answer = this.queue.then(() => this.ask(subcommand, timeoutMs));
    this.queue = answer;
    return answer;
  }

  private ask(subcommand: string, timeoutMs: number): Promise<string | ReadIssue> {
    if (this.options.signal?.aborted) return Promise.resolve(cancelledIssue(this.options.command));
    const child = this.child ?? this.start();
    return new Promise((resolve) => {
      const pending: Pending = { resolve, chunks: [], bytes: 0 };
      this.pending = pending;
      this.stderr = '';
      pending.timer = setTimeout(() => this.fail(timeoutIssue(this.options.command, timeoutMs)), timeoutMs);
      holdEventLoop(child, true);
      child.stdin.write(`${subcommand}\n`);
    });
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(this.options.program, [...this.options.args, '-batch', '-'], {
      env: this.options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    this.answered = 0;
    child.stdout.on('data', (chunk: Buffer) => this.onOutput(child, chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < STDERR_KEEP) this.stderr += chunk.toString('utf8');
    });
    // A process that died leaves a closed pipe: the close handler below says why.
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (this.forget(child)) this.fail(startIssue(this.options.command, error));
    });
    // 'close', not 'exit': by then everything the process printed has arrived.
    child.on('close', (code, signal) => {
      if (!this.forget(child)) return;
      const pending = this.pending;
      // Like a one-shot run that exits 0: what it printed is the answer, and the parser judges it.
      if (code === 0 && pending !== undefined) this.finish(Buffer.concat(pending.chunks, pending.bytes).toString('utf8'));
      else this.fail(exitIssue(this.options.command, code !== null ? { code } : { signal: signal ?? 'killed' }, this.stderr));
    });
    return child;
  }

  private onOutput(child: ChildProcessWithoutNullStreams, chunk: Buffer): void {
    const pending = this.pending;
    if (pending === undefined || child !== this.child) return;
    pending.chunks.push(chunk);
    pending.bytes += chunk.length;
    if (pending.bytes > (this.options.maxBytes ?? DEFAULT_MAX_BYTES)) {
      this.fail(tooBigIssue(this.options.command, this.options.maxBytes));
      return;
    }
    // iproute2 prints a command's JSON on one line (strings escape their newlines): the newline ends the answer.
    if (chunk[chunk.length - 1] !== 0x0a) return;
    this.finish(Buffer.concat(pending.chunks, pending.bytes).toString('utf8'));
    this.answered++;
    if (this.answered >= (this.options.answersPerProcess ?? DEFAULT_ANSWERS_PER_PROCESS)) {
      this.forget(child);
      child.stdin.end();
    }
    holdEventLoop(child, false);
  }

  private finish(answer: string | ReadIssue): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(answer);
  }

  /** Ends the pending request with `issue`, and the process with it: nothing more it prints can be trusted. */
  private fail(issue: ReadIssue): void {
    const pending = this.pending !== undefined;
    this.finish(issue);
    if (pending) this.kill();
  }

  private kill(): void {
    const child = this.child;
    this.forget(child);
    if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    if (this.options.signal?.aborted) this.finish(cancelledIssue(this.options.command));
  }

  /** Drops `child` as the session's process; true when it was (events of a process already replaced are ignored). */
  private forget(child: ChildProcessWithoutNullStreams | undefined): boolean {
    if (child === undefined || this.child !== child) return false;
    this.child = undefined;
    return true;
  }
}
