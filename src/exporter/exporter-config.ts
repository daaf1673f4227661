// Everything the exporter is told, resolved from flags: no defaults are looked up anywhere else.

import type { NameOptions } from '../attribution/consumer-labels.js';
import type { HostRoots } from '../host/host-fs.js';
import { COLLECTOR_TIMEOUT_MS } from '../readers/hyperv-collector.js';
import type { CollectorName } from './exposition/metric-catalog.js';
import type { PfFilter } from './pf-filter.js';

/** What the exporter describes: this Linux host (or guest), or a Windows Hyper-V host through its collector document. */
export type ExporterPlatform = 'linux' | 'windows-hyperv';

export interface ExporterConfig {
  readonly version: string;
  readonly roots: HostRoots;
  readonly telemetryPath: string;
  /** Collectors switched on or off; one left out is at its table default (the CLI sets every one). */
  readonly collectors: Readonly<Partial<Record<CollectorName, boolean>>>;
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
  /** Environment of `ip`, `ethtool` and `powershell.exe`; the exporter's own when undefined. */
  readonly commandEnv?: NodeJS.ProcessEnv;
  /** `linux` when undefined; `windows-hyperv` on win32 or with --hyperv-json (the CLI decides, tests name it). */
  readonly platform?: ExporterPlatform;
  /** --hyperv-json: the Windows host's collector document, read again at every readiness run, instead of running the collector. */
  readonly hypervJson?: string;
  /** Time limit of one run of the Hyper-V collector (powershell.exe), after which it is killed and the run fails (default 60 s). */
  readonly hypervTimeoutMs?: number;
}

/** What flags set directly; the CLI adds the version and the checked roots. */
export type ExporterSettings = Omit<ExporterConfig, 'version' | 'roots' | 'commandEnv' | 'platform'>;

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
  hypervTimeoutMs: COLLECTOR_TIMEOUT_MS,
  logLevel: 'info',
} as const;

/** How long a program may run inside a collector: half its budget, so the collector can still use its other sources. */
export function commandTimeoutMs(collectorBudgetMs: number): number {
  return Math.max(1, Math.floor(collectorBudgetMs / 2));
}
