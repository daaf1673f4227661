// sriov-exporter's command line: one flag table shared by the parser and --help. Names follow node_exporter
// (--web.listen-address, --path.sysfs, --[no-]collector.<name>, --log.level).

import * as fs from 'node:fs';
import { NAME_POLICIES, type NamePolicy } from '../attribution/consumer-labels.js';
import { COLLECTORS } from '../exporter/collectors/collector-table.js';
import { DEFAULTS, type ExporterSettings } from '../exporter/exporter-config.js';
import type { CollectorName } from '../exporter/exposition/metric-catalog.js';
import { RESERVED_PATHS } from '../exporter/http/build-server.js';
import { PATH_FLAGS, helpRows, parseFlags, rootPaths, wholeNumber, type FlagRow } from './flag-table.js';
import { UsageError } from './usage-error.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ListenAddress {
  /** Empty: every interface. */
  readonly host: string;
  readonly port: number;
}

export interface ExporterCliOptions {
  readonly listen: ListenAddress;
  readonly rootfs: string;
  readonly sysfs?: string;
  readonly procfs?: string;
  readonly logLevel: LogLevel;
  /** --web.config.file: TLS, basic auth and headers (exporter-toolkit format). */
  readonly webConfigFile?: string;
  /** --healthcheck: probe a running exporter instead of starting one. */
  readonly healthcheck: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** Everything that goes into the exporter's configuration as it is. */
  readonly settings: ExporterSettings;
}

const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);

/** The flag table: one row per flag, in --help order. */
export const EXPORTER_FLAGS: readonly FlagRow[] = [
  { name: 'web.listen-address', type: 'string', value: '[HOST]:PORT', help: `Address to listen on (default ${DEFAULTS.listenAddress}: every interface, port ${DEFAULTS.listenAddress.slice(1)}). Port 0 picks a free port; the bound address is logged.` },
  { name: 'web.config.file', type: 'string', value: 'FILE', help: 'TLS, basic authentication and response headers, in the Prometheus exporter-toolkit web configuration format (docs/web-config.md). A file that does not parse stops the exporter at start.' },
  { name: 'web.telemetry-path', type: 'string', value: 'PATH', help: `Path of the metrics (default ${DEFAULTS.telemetryPath}).` },
  ...PATH_FLAGS,
  ...COLLECTORS.map((c): FlagRow => ({ name: `collector.${c.name}`, type: 'boolean', negatable: true, help: `Enable the ${c.name} collector (default ${c.defaultEnabled ? 'on' : 'off'}; --no-collector.${c.name} turns it off). ${c.help}` })),
  { name: 'collector.pf-include', type: 'string', value: 'REGEX', help: 'Only PFs whose netdev name or PCI address matches (unanchored; ^…$ for an exact match). Also narrows the readiness verdict, as sriov-check --pf does (a filter that keeps no PF leaves it over every PF).' },
  { name: 'collector.pf-exclude', type: 'string', value: 'REGEX', help: 'Leave out PFs whose netdev name or PCI address matches (applied after --collector.pf-include).' },
  { name: 'collector.ip-path', type: 'string', value: 'PATH', help: `The iproute2 ip program (default ${DEFAULTS.ipPath}, found in PATH); one "ip -j -s -d -batch -" kept running, asked for "link show" once per scrape (the dump of "ip -j -s -d link show").` },
  { name: 'collector.ethtool-path', type: 'string', value: 'PATH', help: `The ethtool program (default ${DEFAULTS.ethtoolPath}, found in PATH); run as "ethtool -S <VF netdev>" by long-lived /bin/sh loops, one per run at once, so that the exporter itself starts no process per run.` },
  { name: 'collector.vf_queues.cache-ttl', type: 'string', value: 'DURATION', help: `How long an ethtool -S reading is served before it is read again (default ${seconds(DEFAULTS.queueCacheTtlMs)}). Set it to at least the scrape interval, or every scrape runs ethtool once per VF netdev.` },
  { name: 'collector.vf_queues.concurrency', type: 'string', value: 'N', help: `ethtool processes at once, across all scrapes (default ${DEFAULTS.queueConcurrency}).` },
  { name: 'collector.vf_queues.wait', type: 'string', value: 'DURATION', help: `How long a scrape waits for the ethtool -S readings it starts (default ${DEFAULTS.queueWaitMs}ms); VF netdevs not read by then have no queue series until a later scrape. Every VF netdev is read in the background after start.` },
  { name: 'collector.readiness.interval', type: 'string', value: 'DURATION', help: `Pause between the end of one background run of the readiness checks and the start of the next (default ${seconds(DEFAULTS.readinessIntervalMs)}).` },
  { name: 'attribution.refresh', type: 'string', value: 'DURATION', help: `Pause between refreshes of who holds each VF (default ${seconds(DEFAULTS.attributionRefreshMs)}); every process's open files are read again at this interval, in between only new processes'. Scrapes show the last refresh.` },
  { name: 'attribution.name', type: 'string', value: NAME_POLICIES.join('|'), help: `How VMs and pods are named in the consumer labels (default ${DEFAULTS.attributionName}): name as found; id: the VM's UUID (Proxmox VMID) or the pod's UID instead; hash: a salted SHA-256 of the name and namespace (16 hex digits). Tenants choose those names and /metrics is often unauthenticated.` },
  { name: 'attribution.salt-file', type: 'string', value: 'FILE', help: 'The salt of --attribution.name=hash, read from a file at start (a salt on the command line would be readable by every user in /proc/<pid>/cmdline).' },
  { name: 'attribution.display-names', type: 'boolean', help: 'Publish OpenStack Nova display names (tenant data) as display_name on sriov_vf_consumer_info, under --attribution.name=name only (default off).' },
  { name: 'hyperv-json', type: 'string', value: 'FILE', help: "A Windows Hyper-V host's document from scripts/collect-hyperv.ps1 (written by a scheduled task, say), read again at every readiness run instead of running the collector; the exporter then describes that Windows host. On Windows without it, each run starts the collector through powershell.exe." },
  { name: 'collector.hyperv_host.timeout', type: 'string', value: 'DURATION', help: `Time limit of one run of the Hyper-V collector (powershell.exe) on a Windows host (default ${seconds(DEFAULTS.hypervTimeoutMs)}); a run that takes longer is killed and counts as failed, and the previous document stays served.` },
  { name: 'kernel-log', type: 'string', value: 'FILE', help: 'Kernel log file the readiness checks search for SR-IOV, IOMMU and PCI messages, read again at every run (default: the usual log files under the root, as sriov-check reads them).' },
  { name: 'collector.timeout', type: 'string', value: 'DURATION', help: `Time limit of each collector in a scrape (default ${seconds(DEFAULTS.collectorTimeoutMs)}); ip and ethtool are killed after half of it, so a collector can still report its other sources.` },
  { name: 'log.level', type: 'string', value: LOG_LEVELS.join('|'), help: `Log level (default ${DEFAULTS.logLevel}). Logs are JSON lines on stderr.` },
  { name: 'healthcheck', type: 'boolean', help: 'Probe the exporter listening at --web.listen-address on this machine (GET /healthz, over TLS when --web.config.file sets it) and exit 0 when it answers, 1 when not: for a container HEALTHCHECK. Without those two flags, those of the exporter that is PID 1 (the container\'s) are used.' },
  { name: 'help', type: 'boolean', short: 'h', help: 'Show this help.' },
  { name: 'version', type: 'boolean', help: 'Show the version.' },
];

export function parseExporterArgs(argv: readonly string[]): ExporterCliOptions {
  const flags = parseFlags(EXPORTER_FLAGS, argv);
  const { values, text } = flags;
  const collectors = Object.fromEntries(
    COLLECTORS.map((c) => [c.name, typeof values[`collector.${c.name}`] === 'boolean' ? (values[`collector.${c.name}`] as boolean) : c.defaultEnabled]),
  ) as Record<CollectorName, boolean>;
  const logLevel = text('log.level') ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log.level ${logLevel}: expected one of ${LOG_LEVELS.join(', ')}`);
  const telemetryPath = text('web.telemetry-path') ?? DEFAULTS.telemetryPath;
  if (!/^\/[^\s?#]*$/.test(telemetryPath) || RESERVED_PATHS.includes(telemetryPath)) {
    throw new UsageError(`--web.telemetry-path ${telemetryPath}: expected a path starting with / other than ${RESERVED_PATHS.join(', ')}`);
  }
  const include = pattern('collector.pf-include', text('collector.pf-include'));
  const exclude = pattern('collector.pf-exclude', text('collector.pf-exclude'));
  return {
    listen: parseListenAddress(text('web.listen-address') ?? DEFAULTS.listenAddress),
    ...rootPaths(flags),
    logLevel: logLevel as LogLevel,
    ...(text('web.config.file') !== undefined ? { webConfigFile: text('web.config.file') } : {}),
    healthcheck: values.healthcheck === true,
    help: values.help === true,
    version: values.version === true,
    settings: {
      telemetryPath,
      collectors,
      pfFilter: { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) },
      ipPath: program('collector.ip-path', text('collector.ip-path') ?? DEFAULTS.ipPath),
      ethtoolPath: program('collector.ethtool-path', text('collector.ethtool-path') ?? DEFAULTS.ethtoolPath),
      queueCacheTtlMs: duration('collector.vf_queues.cache-ttl', text('collector.vf_queues.cache-ttl'), DEFAULTS.queueCacheTtlMs, 0),
      queueConcurrency: count('collector.vf_queues.concurrency', text('collector.vf_queues.concurrency'), DEFAULTS.queueConcurrency),
      queueWaitMs: duration('collector.vf_queues.wait', text('collector.vf_queues.wait'), DEFAULTS.queueWaitMs, 0),
      readinessIntervalMs: duration('collector.readiness.interval', text('collector.readiness.interval'), DEFAULTS.readinessIntervalMs, 1000),
      attributionRefreshMs: duration('attribution.refresh', text('attribution.refresh'), DEFAULTS.attributionRefreshMs, 1000),
      attributionNames: {
        policy: namePolicy(text('attribution.name') ?? DEFAULTS.attributionName),
        ...saltOf(text('attribution.salt-file')),
        displayNames: values['attribution.display-names'] === true,
      },
      collectorTimeoutMs: duration('collector.timeout', text('collector.timeout'), DEFAULTS.collectorTimeoutMs, 10),
      ...(text('kernel-log') !== undefined ? { kernelLog: text('kernel-log') } : {}),
      ...(text('hyperv-json') !== undefined ? { hypervJson: text('hyperv-json') } : {}),
      hypervTimeoutMs: duration('collector.hyperv_host.timeout', text('collector.hyperv_host.timeout'), DEFAULTS.hypervTimeoutMs, 10),
    },
  };
}

function namePolicy(text: string): NamePolicy {
  if (!(NAME_POLICIES as readonly string[]).includes(text)) throw new UsageError(`--attribution.name ${text}: expected one of ${NAME_POLICIES.join(', ')}`);
  return text as NamePolicy;
}

/** The salt file's content without its final newline; a one-line error when it cannot be read or is empty. */
function saltOf(file: string | undefined): { salt?: string } {
  if (file === undefined) return {};
  let salt: string;
  try {
    salt = fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new UsageError(`--attribution.salt-file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  if (salt === '') throw new UsageError(`--attribution.salt-file ${file}: empty`);
  return { salt };
}

/** `[HOST]:PORT`, `HOST:PORT` or `:PORT` (every interface). */
export function parseListenAddress(text: string): ListenAddress {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) throw new UsageError(`--web.listen-address ${text}: expected [HOST]:PORT, e.g. :${DEFAULTS.listenAddress.slice(1)} or 127.0.0.1:${DEFAULTS.listenAddress.slice(1)}`);
  return { host: match[1] ?? match[2] ?? '', port };
}

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Prometheus-style durations: 500ms, 30s, 5m, 1h30m. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const part of text.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(part[1]) * (UNITS[part[2] as string] as number);
  return Number.isSafeInteger(total) ? total : undefined;
}

function duration(flag: string, text: string | undefined, fallback: number, minimumMs: number): number {
  if (text === undefined) return fallback;
  const ms = parseDuration(text);
  if (ms === undefined || ms < minimumMs) {
    throw new UsageError(`--${flag} ${text}: expected a duration${minimumMs > 0 ? ` of at least ${minimumMs} ms` : ''} such as 500ms, 30s, 5m or 1h30m`);
  }
  return ms;
}

function count(flag: string, text: string | undefined, fallback: number): number {
  return text === undefined ? fallback : wholeNumber(flag, text, 1024);
}

function pattern(flag: string, text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (error) {
    throw new UsageError(`--${flag} ${text}: not a regular expression (${(error as Error).message})`);
  }
}

function program(flag: string, text: string): string {
  if (text.trim() === '') throw new UsageError(`--${flag} needs a program name or path`);
  return text;
}

export function exporterHelp(version: string): string {
  const rows = helpRows(EXPORTER_FLAGS, 46);
  return [
    `sriov-exporter ${version} — Prometheus exporter of SR-IOV PF/VF inventory, per-VF traffic, drops and queues, and readiness`,
    '',
    'Usage: sriov-exporter [--web.listen-address [HOST]:PORT] [--path.rootfs DIR] [--[no-]collector.NAME]…',
    '',
    'Options:',
    ...rows,
    '',
    `Endpoints: GET <telemetry-path> (Prometheus text, or OpenMetrics when the Accept header asks), GET / (status page),`,
    '           GET /healthz, GET /readiness (the sriov-check --output json report; 503 until the first run).',
    'Exit codes: 0 after SIGTERM/SIGINT, 2 for a bad flag, an unreadable root or an address that cannot be bound.',
    'Metrics: see docs/metrics.md.',
    '',
  ].join('\n');
}
