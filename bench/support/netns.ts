// The private network namespace every scrape benchmark runs in. The benchmark script starts itself again inside a
// namespace it created (`ip netns exec`), with a second namespace for the far ends of its links; there it adds a
// real veth link for each netdev of the synthetic host — named like the host's PFs and VFs, with the host's queue
// count — so that the exporter runs the real `ip -j -s -d link show` over them and the real `ethtool -S` on them,
// and every process (exporter, node_exporter, the scraper) talks over the namespace's own loopback. Both
// namespaces are deleted when the script ends, and with them every link.
//
// What veth links cannot carry: SR-IOV vfinfo (they are no PFs) and per-queue counters under iavf's names (veth
// names its own rx_queue_N_xdp_*). The scrape benchmark measures those parsers separately (see scrape.ts).

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const NAMESPACE_ENV = 'SRIOV_BENCH_NETNS';
const PEER_ENV = 'SRIOV_BENCH_NETNS_PEER';

/** ip and ethtool live in sbin, which a user's PATH may lack. */
export const BENCH_PATH = [...(process.env.PATH ?? '/usr/bin:/bin').split(':'), '/usr/sbin', '/sbin'].join(':');

function ip(args: readonly string[]): void {
  const result = spawnSync('ip', args, { encoding: 'utf8', env: { ...process.env, PATH: BENCH_PATH } });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: exit ${result.status}: ${result.stderr.trim()}`);
}

/** The namespace this process runs in, when it is a benchmark's own. */
export function benchNamespace(): { readonly name: string; readonly peer: string } | undefined {
  const name = process.env[NAMESPACE_ENV];
  const peer = process.env[PEER_ENV];
  return name && peer ? { name, peer } : undefined;
}

/**
 * Makes sure the calling script runs inside a benchmark namespace: outside one, it creates a namespace pair with
 * unique names, runs the same script again inside (same Node flags, arguments and output), deletes both, and
 * exits with the inner run's status. Inside, it brings loopback up and returns.
 */
export async function enterBenchNamespace(): Promise<void> {
  if (benchNamespace()) {
    ip(['link', 'set', 'lo', 'up']);
    return;
  }
  if (process.getuid?.() !== 0) fail('a network namespace needs root (ip netns add)');
  const name = `sriov-bench-${process.pid}-${Date.now().toString(36)}`;
  const peer = `${name}-peer`;
  ip(['netns', 'add', name]);
  let status: number;
  try {
    ip(['netns', 'add', peer]);
    const child = spawn('ip', ['netns', 'exec', name, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, PATH: BENCH_PATH, [NAMESPACE_ENV]: name, [PEER_ENV]: peer },
    });
    // Ctrl-C reaches the inner run too (same process group); this one waits for it and then cleans up.
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    status = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  } finally {
    for (const ns of [name, peer]) spawnSync('ip', ['netns', 'del', ns], { env: { ...process.env, PATH: BENCH_PATH }, stdio: 'ignore' });
  }
  process.exit(status);
}

export interface Link {
  readonly name: string;
  readonly queues: number;
}

/**
 * Adds a veth link for each of `links` in this benchmark namespace (their peers go to the peer namespace), in one
 * `ip -batch`; returns a function that deletes them again.
 */
export function addLinks(links: readonly Link[]): () => void {
  const ns = benchNamespace();
  if (!ns) throw new Error('addLinks runs only inside a benchmark namespace (enterBenchNamespace)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-bench-links-'));
  const batch = (lines: readonly string[]) => {
    const file = path.join(dir, 'batch');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    ip(['-batch', file]);
  };
  try {
    batch(links.map((l, i) => `link add ${l.name} numtxqueues ${l.queues} numrxqueues ${l.queues} type veth peer name peer${i} netns ${ns.peer}`));
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return () => {
    try {
      // Deleting one end of a veth pair deletes the other.
      batch(links.map((l) => `link del ${l.name}`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}
