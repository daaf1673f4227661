// Scrape benchmark: sriov-exporter against node_exporter's netclass collector over the same synthetic sysfs.
//
//   npm run bench:scrape                      # the full run (a few minutes)
//   BENCH_ROUNDS=1 BENCH_SCRAPES=30 npm run bench:scrape   # quicker, noisier
//
// Both exporters run as their own processes and are scraped over HTTP one request at a time, alternating
// between the two so that load from other work on the machine hits both alike. The host is the synthetic
// E810 host of test/support/synthetic-host.ts (N PFs × 64 VFs, every VF on iavf with a host netdev and 4
// queues); the stand-in `ip` and `ethtool` print outputs generated for it. Reported:
//   - median and p90 scrape time of both and their ratio, warm ethtool cache (TTL longer than the run: the
//     steady state when the TTL is at least the scrape interval) and cold (TTL 0: every scrape runs ethtool
//     for every VF netdev);
//   - RSS of the exporter after 100 scrapes;
//   - how both grow at 64, 256, 1,024 and 4,096 VFs;
//   - each round separately, so that the spread between rounds shows how noisy the machine was.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHost } from '../test/support/host-builder.js';
import { syntheticHost } from '../test/support/synthetic-host.js';
import { writeSyntheticCommands } from '../test/support/synthetic-commands.js';

const REPO = path.resolve(new URL('..', import.meta.url).pathname);
const EXPORTER_BIN = path.join(REPO, 'dist/bin/sriov-exporter.js');
const NODE_EXPORTER = '/usr/bin/prometheus-node-exporter';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 100);
const COLD_SCRAPES = Number(process.env.BENCH_COLD_SCRAPES ?? 10);
const VFS_PER_PF = 64;
const QUEUES = 4;

interface Target {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the process logged so far. */
  readonly log: () => string;
}

interface Host {
  readonly root: string;
  readonly ipJson: string;
  readonly ethtoolDir: string;
  readonly vfs: number;
}

function makeHost(pfs: number): Host {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `sriov-bench-${pfs * VFS_PER_PF}-`));
  const spec = syntheticHost({ pfs, vfsPerPf: VFS_PER_PF, queues: QUEUES });
  buildHost(path.join(root, 'host'), spec);
  const commands = writeSyntheticCommands(spec, path.join(root, 'commands'));
  return { root, ...commands, vfs: pfs * VFS_PER_PF };
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

/** Starts the exporter and waits for the log line with its bound address. */
function startExporter(host: Host, ttl: string, nodeOptions = ''): Promise<Target> {
  const child = spawn(
    process.execPath,
    [
      EXPORTER_BIN,
      '--web.listen-address', '127.0.0.1:0',
      '--path.rootfs', path.join(host.root, 'host'),
      '--collector.ip-path', path.join(REPO, 'test/fixtures/bin/ip'),
      '--collector.ethtool-path', path.join(REPO, 'test/fixtures/bin/ethtool'),
      '--collector.vf_queues.cache-ttl', ttl,
      '--collector.timeout', '60s',
      '--log.level', 'debug',
    ],
    {
      env: { PATH: process.env.PATH, SRIOV_FAKE_IP_JSON: host.ipJson, SRIOV_FAKE_ETHTOOL_DIR: host.ethtoolDir, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}) },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      log += chunk;
      const address = /Server listening at (http:\/\/[^"]+)/.exec(log)?.[1];
      if (address) resolve({ name: 'sriov-exporter', url: `${address}/metrics`, process: child, log: () => log });
    });
    child.on('exit', (code) => reject(new Error(`sriov-exporter exited (${code}): ${log.slice(-500)}`)));
  });
}

async function startNodeExporter(host: Host): Promise<Target> {
  const port = await freePort();
  const root = path.join(host.root, 'host');
  const child = spawn(
    NODE_EXPORTER,
    ['--collector.disable-defaults', '--collector.netclass', `--path.sysfs=${root}/sys`, `--path.procfs=${root}/proc`, `--path.rootfs=${root}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}/metrics`;
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await fetch(url);
      return { name: 'node_exporter netclass', url, process: child, log: () => '' };
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('node_exporter did not answer');
}

async function scrapeOnce(target: Target): Promise<{ ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(target.url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${target.name}: HTTP ${res.status}`);
  return { ms: performance.now() - started, body };
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

interface Timing {
  readonly median: number;
  readonly p90: number;
}

const timing = (ms: readonly number[]): Timing => ({ median: quantile(ms, 0.5), p90: quantile(ms, 0.9) });
const fmt = (t: Timing) => `median ${t.median.toFixed(1)} ms, p90 ${t.p90.toFixed(1)} ms`;

/** Alternating scrapes of both targets; returns their times and the last exporter body. */
async function race(exporter: Target, node: Target, scrapes: number): Promise<{ exporter: number[]; node: number[]; body: string }> {
  const times = { exporter: [] as number[], node: [] as number[], body: '' };
  for (let i = 0; i < scrapes; i++) {
    const e = await scrapeOnce(exporter);
    times.exporter.push(e.ms);
    times.body = e.body;
    times.node.push((await scrapeOnce(node)).ms);
  }
  return times;
}

function collectorDurations(body: string): string {
  return [...body.matchAll(/^sriov_exporter_collector_duration_seconds\{collector="([^"]+)"\} (\S+)$/gm)]
    .map((m) => `${m[1]} ${(Number(m[2]) * 1000).toFixed(1)} ms`)
    .join(', ');
}

async function stop(target: Target): Promise<void> {
  if (target.process.exitCode !== null) return;
  const exited = new Promise((r) => target.process.once('exit', r));
  target.process.kill('SIGTERM');
  await exited;
}

interface Measured {
  readonly exporter: number[];
  readonly node: number[];
  readonly body: string;
  /** RSS of the exporter after all its scrapes (warm-up included). */
  readonly rss: number;
  readonly series: number;
  /** How long the background readiness run took (it blocks the event loop while it reads). */
  readonly readinessMs?: number;
}

async function measure(host: Host, ttl: string, scrapes: number, warmup: number, nodeOptions = ''): Promise<Measured> {
  const exporter = await startExporter(host, ttl, nodeOptions);
  const node = await startNodeExporter(host);
  try {
    await race(exporter, node, warmup);
    const result = await race(exporter, node, scrapes);
    const series = result.body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const readinessMs = Number(/"durationMs":(\d+),"msg":"readiness checks completed"/.exec(exporter.log())?.[1] ?? NaN);
    return { ...result, rss: rssMiB(exporter.process.pid as number), series, ...(Number.isNaN(readinessMs) ? {} : { readinessMs }) };
  } finally {
    await stop(exporter);
    await stop(node);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(EXPORTER_BIN)) throw new Error(`${EXPORTER_BIN} missing: npm run build first`);
  if (!fs.existsSync(NODE_EXPORTER)) throw new Error(`${NODE_EXPORTER} missing: apt-get install prometheus-node-exporter`);
  console.log(`scrape benchmark: ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${ROUNDS} rounds of ${SCRAPES} scrapes`);

  const main = makeHost(16);
  const hosts = [main];
  try {
    console.log(`\n## 16 PFs × ${VFS_PER_PF} VFs = ${main.vfs} VFs, ${QUEUES} queues each, warm ethtool cache (TTL 1h)`);
    const ratios: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A fresh exporter each round: its first scrape fills the ethtool cache (not timed), the next
      // SCRAPES - 1 are timed, and RSS is taken after SCRAPES scrapes in all.
      const warm = await measure(main, '1h', SCRAPES - 1, 1);
      const e = timing(warm.exporter);
      const n = timing(warm.node);
      ratios.push(e.median / n.median);
      console.log(`round ${round}: sriov-exporter ${fmt(e)} (${warm.series} series) | node_exporter ${fmt(n)} | ratio ${(e.median / n.median).toFixed(2)} (p90 ${(e.p90 / n.p90).toFixed(2)}) | exporter RSS after ${SCRAPES} scrapes ${warm.rss.toFixed(1)} MiB`);
      console.log(`         last scrape's collectors: ${collectorDurations(warm.body)}; background readiness run ${warm.readinessMs ?? '?'} ms`);
    }
    console.log(`ratio of medians over rounds: min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}`);

    console.log(`\n## the same host, cold ethtool cache (TTL 0: ${main.vfs} ethtool runs per scrape, ${COLD_SCRAPES} scrapes)`);
    const cold = await measure(main, '0s', COLD_SCRAPES, 1);
    const ce = timing(cold.exporter);
    const cn = timing(cold.node);
    console.log(`sriov-exporter ${fmt(ce)} | node_exporter ${fmt(cn)} | ratio ${(ce.median / cn.median).toFixed(2)}`);
    console.log(`last scrape's collectors: ${collectorDurations(cold.body)}`);

    console.log(`\n## memory: RSS after ${SCRAPES} scrapes with NODE_OPTIONS=--max-semi-space-size=2 (a smaller young generation)`);
    const small = await measure(main, '1h', SCRAPES - 1, 1, '--max-semi-space-size=2');
    console.log(`sriov-exporter ${fmt(timing(small.exporter))}, RSS ${small.rss.toFixed(1)} MiB`);

    console.log('\n## growth (warm cache, 30 scrapes each)');
    console.log('| VFs | sriov-exporter median / p90 | node_exporter median / p90 | ratio | series |');
    console.log('|---|---|---|---|---|');
    for (const pfs of [1, 4, 16, 64]) {
      const host = pfs === 16 ? main : makeHost(pfs);
      if (host !== main) hosts.push(host);
      const run = await measure(host, '1h', 30, 2);
      const e = timing(run.exporter);
      const n = timing(run.node);
      console.log(`| ${host.vfs} | ${e.median.toFixed(1)} / ${e.p90.toFixed(1)} ms | ${n.median.toFixed(1)} / ${n.p90.toFixed(1)} ms | ${(e.median / n.median).toFixed(2)} | ${run.series} |`);
    }
  } finally {
    for (const host of hosts) fs.rmSync(host.root, { recursive: true, force: true });
  }
}

await main();
