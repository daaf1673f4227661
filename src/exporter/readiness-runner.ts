// Runs the sriov-check preflight (takeSnapshot + runChecks) in the background, off the scrape path: the
// first run at start, each next one `interval` after the previous one ended, so runs never overlap or pile
// up however long one takes. Scrapes and GET /readiness read the last completed result.

import type { FastifyBaseLogger } from 'fastify';
import { CHECKS } from '../checks/check-table.js';
import type { Finding } from '../checks/check-types.js';
import { buildHostView, type HostView } from '../checks/host-view.js';
import { runChecks } from '../checks/run-checks.js';
import { HostFs, type HostRoots } from '../host/host-fs.js';
import { renderJson } from '../report/render-json.js';
import { summarize, type Verdict } from '../report/report.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { filterIsEmpty, pfSelected, type PfFilter } from './pf-filter.js';

/**
 * What is kept of a run: not the Report, which holds the whole host snapshot (megabytes on a host with
 * thousands of VFs), only what scrapes and GET /readiness serve.
 */
export interface ReadinessResult {
  readonly verdict: Verdict;
  /** GET /readiness: the same document as `sriov-check --output json`. */
  readonly json: string;
  /** Findings about the host and about the PFs the exporter looks at. */
  readonly findings: readonly Finding[];
  /** When the run completed (ms since the epoch). */
  readonly completedAt: number;
  readonly durationMs: number;
}

export interface ReadinessRunnerOptions {
  readonly roots: HostRoots;
  readonly intervalMs: number;
  readonly version: string;
  readonly pfFilter: PfFilter;
  readonly log: FastifyBaseLogger;
  readonly now: () => number;
}

export class ReadinessRunner {
  private current?: ReadinessResult;
  private failure?: { readonly message: string; readonly at: number };
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private started = false;

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
    void this.runNow();
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
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
      const result = await this.check();
      const durationMs = now() - began;
      this.current = { ...result, completedAt: now(), durationMs };
      this.failure = undefined;
      log.debug({ verdict: result.verdict, durationMs }, 'readiness checks completed');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { message, at: now() };
      log.error({ err: error }, `readiness checks failed: ${message}`);
    }
  }

  private async check(): Promise<Omit<ReadinessResult, 'completedAt' | 'durationMs'>> {
    // A new HostFs per run: nothing read by an earlier run is trusted.
    const host = new HostFs(this.options.roots);
    const snapshot = await takeSnapshot(host, { toolName: 'sriov-exporter', toolVersion: this.options.version, enrichSystem: true });
    const all = buildHostView(snapshot);
    const view = filterIsEmpty(this.options.pfFilter) ? all : narrowed(all, this.options.pfFilter);
    const findings = runChecks(CHECKS, view, {});
    const report = summarize(view, findings);
    const subjects = new Set(['host', ...view.selectedPfs.map((pf) => pf.subject)]);
    return { verdict: report.verdict, json: renderJson(report), findings: findings.filter((f) => subjects.has(f.subject)) };
  }
}

/** The view with only the PFs the exporter's filter keeps selected, as `sriov-check --pf` would select them. */
function narrowed(all: HostView, filter: PfFilter): HostView {
  const kept = all.pfs.filter((pf) => pfSelected(filter, { netdev: pf.netdev?.name, address: pf.address }));
  // No selector means every PF to buildHostView; with nothing kept, every PF still counts (said in --help).
  if (kept.length === 0 || kept.length === all.pfs.length) return all;
  return buildHostView(all.snapshot, kept.map((pf) => pf.address));
}
