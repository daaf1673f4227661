// Runs the sriov-check preflight (readiness-check.ts) in the background, off the scrape path: the first run
// at start, each next one `interval` after the previous one ended, so runs never overlap or pile up however
// long one takes. Scrapes and GET /readiness read the last completed result.
//
// Each run has a worker thread of its own. Taking the snapshot reads the whole host synchronously (on a
// host with a thousand VFs, well over 100 ms), which on the main thread would hold up every scrape and
// request meanwhile; and the snapshot's garbage would grow the main thread's heap for good. A thread that
// ends after each run gives all of that memory back; only the small result crosses over.

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import type { ReadinessInput, ReadinessOutcome } from './readiness-run.js';
import type { WorkerAnswer } from './readiness-worker.js';
import { errorText } from '../../user-error.js';
import { embeddedAsset } from '../../embedded-asset.js';

export interface ReadinessResult extends ReadinessOutcome {
  /** When the run completed (ms since the epoch). */
  readonly completedAt: number;
  readonly durationMs: number;
}

export interface ReadinessRunnerOptions extends ReadinessInput {
  readonly intervalMs: number;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
  /** `worker` (the default): each run in a thread of its own; `main`: on the calling thread (tests). */
  readonly thread?: 'worker' | 'main';
  /** Another platform's run instead (a Windows Hyper-V host's document judged, hyperv-readiness.ts), on this thread. */
  readonly run?: () => Promise<ReadinessOutcome>;
}

/** A run that takes longer is abandoned (its thread terminated) and counts as failed. */
export const READINESS_RUN_LIMIT_MS = 120_000;

/**
 * A thread running readiness-worker: the file next to this module (readiness-worker.js when built, .ts when run
 * from the sources), or, in the single executable, which cannot load a module file from itself, the worker's
 * bundle that it carries as source.
 */
function startWorker(input: ReadinessInput): Worker {
  const embedded = embeddedAsset('readiness-worker.cjs');
  if (embedded !== undefined) return new Worker(embedded, { eval: true, workerData: input });
  return new Worker(new URL(`./readiness-worker${path.extname(new URL(import.meta.url).pathname)}`, import.meta.url), { workerData: input });
}

export class ReadinessRunner {
  private current?: ReadinessResult;
  private failure?: { readonly message: string; readonly at: number };
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private started = false;
  private worker?: Worker;
  private stopping = false;

  constructor(private readonly options: ReadinessRunnerOptions) {}

  /** The last completed run. */
  get latest(): ReadinessResult | undefined {
    return this.current;
  }

  /** Why the last run failed, when it did (a later success clears it). */
  get lastFailure(): { readonly message: string; readonly at: number } | undefined {
    return this.failure;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    void this.runNow();
  }

  /** No further runs; a run in progress in a worker is ended (the server is closing). */
  stop(): void {
    this.started = false;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    void this.worker?.terminate();
  }

  /** Resolves when no run is in progress (tests wait for the first run with it, instead of sleeping). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Starts a run unless one is in progress, in which case that one is returned. */
  runNow(): Promise<void> {
    if (this.running) return this.running;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.runOnce().finally(() => {
      this.running = undefined;
      if (this.started) {
        this.timer = setTimeout(() => void this.runNow(), this.options.intervalMs);
        // The HTTP server keeps the process alive; this timer alone must not.
        this.timer.unref();
      }
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const { log, now } = this.options;
    const began = now();
    try {
      const { roots, version, pfFilter, kernelLog } = this.options;
      const input: ReadinessInput = { roots, version, pfFilter, ...(kernelLog !== undefined ? { kernelLog } : {}) };
      // The checks' code is loaded by the worker; this thread loads it only when it runs them itself (tests).
      const outcome = this.options.run
        ? await this.options.run()
        : this.options.thread === 'main'
          ? await (await import('./readiness-run.js')).runReadinessChecks(input)
          : await this.inWorker(input);
      const durationMs = now() - began;
      this.current = { ...outcome, completedAt: now(), durationMs };
      this.failure = undefined;
      log.debug({ verdict: outcome.verdict, durationMs }, 'readiness checks completed');
    } catch (error) {
      // Ended by stop(): the server is closing, which is not a failure of the checks.
      if (this.stopping) return;
      const message = errorText(error);
      this.failure = { message, at: now() };
      log.error({ err: error }, `readiness checks failed: ${message}`);
    }
  }

  private inWorker(input: ReadinessInput): Promise<ReadinessOutcome> {
    return new Promise((resolve, reject) => {
      const worker = startWorker(input);
      this.worker = worker;
      let answer: WorkerAnswer | undefined;
      const limit = setTimeout(() => {
        reject(new Error(`no result within ${READINESS_RUN_LIMIT_MS / 1000} s; the run was abandoned`));
        void worker.terminate();
      }, READINESS_RUN_LIMIT_MS);
      limit.unref();
      worker.once('message', (message: WorkerAnswer) => {
        answer = message;
        // Its one message is all a run has to say; ending the thread now gives its memory back.
        void worker.terminate();
        if (message.ok) resolve(message.outcome);
        else reject(new Error(message.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        clearTimeout(limit);
        if (this.worker === worker) this.worker = undefined;
        if (answer === undefined) reject(new Error(`the readiness worker ended (exit code ${code}) without a result`));
      });
    });
  }
}
