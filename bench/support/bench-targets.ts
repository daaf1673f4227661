// The programs a benchmark scrapes: sriov-exporter (the built one, as its own process, with the stand-in `ip`
// and `ethtool`) and Debian's node_exporter with only its netclass collector, both over the same host root.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { BenchHost } from './bench-host.js';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
export const EXPORTER_BIN = path.join(REPO, 'dist/bin/sriov-exporter.js');
export const CHECK_BIN = path.join(REPO, 'dist/bin/sriov-check.js');
export const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';

export interface Target {
  readonly name: string;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  /** The metrics URL. */
  readonly url: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Everything the process logged so far. */
  readonly log: () => string;
}

/** Exits with a one-line message when what the benchmarks run is missing. */
export function requirePrograms(): void {
  if (!fs.existsSync(EXPORTER_BIN)) fail(`${EXPORTER_BIN} is missing: run npm run build first`);
  if (!fs.existsSync(NODE_EXPORTER)) fail(`${NODE_EXPORTER} is missing: apt-get install prometheus-node-exporter`);
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
export function startExporter(host: BenchHost, options: ExporterOptions = {}): Promise<Target> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      EXPORTER_BIN,
      '--web.listen-address', '127.0.0.1:0',
      '--path.rootfs', host.root,
      '--collector.ip-path', path.join(REPO, 'test/fixtures/bin/ip'),
      '--collector.ethtool-path', path.join(REPO, 'test/fixtures/bin/ethtool'),
      '--collector.vf_queues.cache-ttl', options.ttl ?? '1h',
      '--collector.timeout', '60s',
      '--log.level', 'debug',
      ...(options.args ?? []),
    ],
    {
      env: {
        PATH: process.env.PATH,
        SRIOV_FAKE_IP_JSON: host.ipJson,
        SRIOV_FAKE_ETHTOOL_DIR: host.ethtoolDir,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log += chunk;
      if (log.length > 1 << 20) log = log.slice(-(1 << 19));
      const address = /Server listening at (http:\/\/[^"]+)/.exec(log)?.[1];
      if (address) resolve({ name: 'sriov-exporter', base: address, url: `${address}/metrics`, process: child, pid: child.pid as number, log: () => log });
    });
    child.on('exit', (code) => reject(new Error(`sriov-exporter exited (${code}): ${log.slice(-500)}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** node_exporter with only the netclass collector, reading the host's sys and proc. */
export async function startNodeExporter(host: BenchHost): Promise<Target> {
  const port = await freePort();
  const child = spawn(
    NODE_EXPORTER,
    ['--collector.disable-defaults', '--collector.netclass', `--path.sysfs=${host.root}/sys`, `--path.procfs=${host.root}/proc`, `--path.rootfs=${host.root}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/metrics`;
  // Polled: node_exporter logs nothing we could wait on with these flags.
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      await fetch(url);
      return { name: 'node_exporter netclass', base, url, process: child, pid: child.pid as number, log: () => '' };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error('node_exporter did not answer');
}

/** One scrape: its wall time and body; a status other than 200 is an error. */
export async function scrapeOnce(target: Target): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(target.url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${target.name}: HTTP ${res.status}`);
  return { ms: performance.now() - started, body };
}

export async function stopTarget(target: Target): Promise<void> {
  if (target.process.exitCode !== null || target.process.signalCode !== null) return;
  const exited = new Promise((r) => target.process.once('exit', r));
  target.process.kill('SIGTERM');
  await exited;
}

/** The number of sample lines of an exposition. */
export function seriesCount(body: string): number {
  let n = 0;
  for (const line of body.split('\n')) if (line !== '' && !line.startsWith('#')) n++;
  return n;
}
