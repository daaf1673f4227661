// Everything the exporter is told, resolved from flags: no defaults are looked up anywhere else.

import type { NameOptions } from '../attribution/consumer-labels.js';
import type { HostRoots } from '../host/host-fs.js';
import type { CollectorName } from './exposition/metric-catalog.js';
import type { PfFilter } from './pf-filter.js';

export interface ExporterConfig {
  readonly version: string;
  readonly roots: HostRoots;
  readonly telemetryPath: string;
  readonly collectors: Readonly<Record<CollectorName, boolean>>;
  readonly pfFilter: PfFilter;
  readonly ipPath: string;
  readonly ethtoolPath: string;
  /** How long an `ethtool -S` reading is served before the next scrape reads it again. */
  readonly queueCacheTtlMs: number;
  /** `ethtool` processes running at once, across all scrapes. */
  readonly queueConcurrency: number;
  /** How long a scrape waits for `ethtool` readings it started; the others are served once read, by a later scrape. */
  readonly queueWaitMs: number;
  readonly readinessIntervalMs: number;
  /** Pause between attribution refreshes (the holder scan reads every process's fd links). */
  readonly attributionRefreshMs: number;
  /** How consumers are named in labels: name, id or hash (with its salt), Nova display names opt-in. */
  readonly attributionNames: NameOptions;
  /** --kernel-log: the kernel log file the readiness checks read (re-read at every run) instead of those under the root. */
  readonly kernelLog?: string;
  /** Per collector and scrape (less when the scraper's timeout header says so); the programs it runs are killed after half of it. */
  readonly collectorTimeoutMs: number;
  /** Environment of `ip` and `ethtool`; the exporter's own when undefined. */
  readonly commandEnv?: NodeJS.ProcessEnv;
}

/** What flags set directly; the CLI adds the version and the checked roots. */
export type ExporterSettings = Omit<ExporterConfig, 'version' | 'roots' | 'commandEnv'>;

export const DEFAULT_PORT = 9947;

export const DEFAULTS = {
  listenAddress: `:${DEFAULT_PORT}`,
  telemetryPath: '/metrics',
  ipPath: 'ip',
  ethtoolPath: 'ethtool',
  queueCacheTtlMs: 30_000,
  queueConcurrency: 4,
  queueWaitMs: 250,
  readinessIntervalMs: 5 * 60_000,
  attributionRefreshMs: 15_000,
  attributionName: 'name',
  collectorTimeoutMs: 5_000,
  logLevel: 'info',
} as const;

/** How long a program may run inside a collector: half its budget, so the collector can still use its other sources. */
export function commandTimeoutMs(collectorBudgetMs: number): number {
  return Math.max(1, Math.floor(collectorBudgetMs / 2));
}
