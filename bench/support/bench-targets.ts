// The programs a benchmark scrapes: sriov-exporter (the built one, as its own process, running the real `ip` and
// `ethtool` of this machine — inside the benchmark namespace, over its veth links) and Debian's node_exporter with
// only its netclass collector, both over the same host root, both listening on the namespace's loopback.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { startExporterProcess, EXPORTER_BIN } from '../../test/support/exporter-process.js';
import { freePort } from '../../test/support/prometheus-server.js';
import { spawnServer, waitFor, type ServerProcess } from '../../test/support/server-process.js';
import type { BenchHost } from './bench-host.js';
import { BENCH_PATH } from './netns.js';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
export const CHECK_BIN = path.join(REPO, 'dist/bin/sriov-check.js');
export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

export interface Target {
  readonly name: string;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  /** The metrics URL. */
  readonly url: string;
  /** A small request its server answers at once unless its event loop is busy (/healthz; node_exporter's /). */
  readonly probeUrl: string;
  /** Resolves once the work it starts on its own after start is done (the exporter's first readiness run). */
  readonly settle: () => Promise<void>;
  readonly process: ServerProcess;
  readonly pid: number;
  /** Everything the process logged so far. */
  readonly log: () => string;
}

/** Exits with a one-line message when what the benchmarks run is missing (Debian packages: .ci/required-tools). */
export function requirePrograms(...programs: readonly string[]): void {
  if (!fs.existsSync(EXPORTER_BIN)) fail(`${EXPORTER_BIN} is missing: run npm run build first`);
  if (!fs.existsSync(NODE_EXPORTER)) fail(`${NODE_EXPORTER} is missing: apt-get install prometheus-node-exporter`);
  for (const program of ['ip', 'ethtool', ...programs]) {
    if (!BENCH_PATH.split(':').some((dir) => fs.existsSync(path.join(dir, program)))) fail(`${program} is missing (see .ci/required-tools for its Debian package)`);
  }
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

export interface ExporterOptions {
  /** --collector.vf_queues.cache-ttl (default 1h: a warm cache, the steady state when the TTL ≥ the scrape interval). */
  readonly ttl?: string;
  /** Further flags. */
  readonly args?: readonly string[];
  /** V8/Node flags before the script (some, such as --optimize-for-size, are refused in NODE_OPTIONS). */
  readonly nodeArgs?: readonly string[];
}

/** Starts the exporter and waits for the log line with its bound address. */
export async function startExporter(host: BenchHost, options: ExporterOptions = {}): Promise<Target> {
  const { url: base, process: server } = await startExporterProcess(
    [
      '--web.listen-address', '127.0.0.1:0',
      '--path.rootfs', host.root,
      '--collector.vf_queues.cache-ttl', options.ttl ?? '1h',
      '--collector.timeout', '60s',
      '--log.level', 'debug',
      ...(options.args ?? []),
    ],
    { PATH: BENCH_PATH },
    60_000,
    { nodeArgs: options.nodeArgs ?? [] },
  );
  const readiness = !(options.args ?? []).includes('--no-collector.readiness');
  const queues = !(options.args ?? []).includes('--no-collector.vf_queues');
  // /readiness answers 503 until the first background run has finished; the vf_queues warm-up (one ethtool
  // run per VF netdev, started at start) logs when it is done. Timed scrapes must not pay for either.
  const settle = async () => {
    if (readiness) await waitFor('the first readiness run', 300_000, async () => ((await fetch(`${base}/readiness`)).status === 200 ? true : undefined), 100);
    if (queues) await waitFor('the vf_queues warm-up', 600_000, async () => (server.output().includes('"msg":"vf_queues warm-up completed"') ? true : undefined), 100);
  };
  return { name: 'sriov-exporter', base, url: `${base}/metrics`, probeUrl: `${base}/healthz`, settle, process: server, pid: server.pid, log: server.output };
}

/** node_exporter with only the netclass collector, reading the host's sys and proc. */
export async function startNodeExporter(host: BenchHost): Promise<Target> {
  const port = await freePort();
  const server = spawnServer(
    NODE_EXPORTER,
    ['--collector.disable-defaults', '--collector.netclass', `--path.sysfs=${host.root}/sys`, `--path.procfs=${host.root}/proc`, `--path.rootfs=${host.root}`, `--web.listen-address=127.0.0.1:${port}`],
    { PATH: BENCH_PATH },
  );
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/metrics`;
  // Polled: node_exporter logs nothing we could wait on with these flags.
  try {
    await waitFor('node_exporter to answer', 10_000, async () => ((await fetch(url)).ok ? true : undefined), 50);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { name: 'node_exporter netclass', base, url, probeUrl: `${base}/`, settle: async () => undefined, process: server, pid: server.pid, log: server.output };
}

/** One scrape: its wall time and body; a status other than 200 is an error. */
export async function scrapeOnce(target: Target): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(target.url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${target.name}: HTTP ${res.status}`);
  return { ms: performance.now() - started, body };
}

export function stopTarget(target: Target): Promise<void> {
  return target.process.stop();
}

/**
 * The collectors a scrape reports, and those of them that failed: the exporter's sriov_exporter_collector_success
 * series, node_exporter's node_scrape_collector_success.
 */
export function collectorStatus(body: string): { readonly total: number; readonly failed: readonly string[] } {
  const found = [...body.matchAll(/^(?:sriov_exporter_collector_success|node_scrape_collector_success)\{collector="([^"]+)"\} (\S+)$/gm)];
  return { total: found.length, failed: found.filter((m) => Number(m[2]) !== 1).map((m) => m[1] as string) };
}

/** The number of sample lines of an exposition. */
export function seriesCount(body: string): number {
  let n = 0;
  for (const line of body.split('\n')) if (line !== '' && !line.startsWith('#')) n++;
  return n;
}
