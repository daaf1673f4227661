// Wall time of a whole `sriov-check` run (process start to exit) on a synthetic 16 PF × 64 VF host, beside the peer
// that reads the same devices — pciutils' `lspci -vvv` over the same tree (its sysfs access method pointed at the
// tree's /sys/bus/pci: every device's config space, resources and attributes) — beside libvirt's
// `virt-host-validate qemu` (which checks this machine's own /, another host) and `node -e 0`, the floor of any
// Node program; and, when `npm run package` built it, the same run of the single executable and its start alone
// (`--version`). Runs are interleaved, so that load from other processes falls on all alike. Measures, never asserts.
//
//   npm run bench:check -- [--runs 15] [--pfs 16] [--vfs 64] [--dir DIR]      (BENCH_RUNS=N: the default of --runs)
//
// The host is built in /dev/shm when there is one: sysfs lives in memory, and a disk-backed tree would
// measure the disk's directory reads instead.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { currentTarget } from '../scripts/package/targets.js';
import { buildHost } from '../test/support/host-builder.js';
import { syntheticHost } from '../test/support/synthetic-host.js';
import { benchParentDir } from './support/bench-host.js';
import { BENCH_PATH } from './support/netns.js';
import { machineLine } from './support/scrape-table.js';
import { CHECK_BIN } from './support/bench-targets.js';
import { quantile } from './support/stats.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: process.env.BENCH_RUNS ?? '15' }, pfs: { type: 'string', default: '16' }, vfs: { type: 'string', default: '64' }, dir: { type: 'string' } },
});
const runs = Number(values.runs);
const bin = CHECK_BIN;
if (!fs.existsSync(bin)) {
  console.error('bench: dist/bin/sriov-check.js is missing; run `npm run build` first');
  process.exit(2);
}

const parent = values.dir ?? benchParentDir();
const root = fs.mkdtempSync(path.join(parent, 'sriov-bench-'));
try {
  const started = process.hrtime.bigint();
  buildHost(root, syntheticHost({ pfs: Number(values.pfs), vfsPerPf: Number(values.vfs) }));
  console.log('## sriov-check (`npm run bench:check`)\n');
  console.log(machineLine('check benchmark'));
  console.log(`synthetic host: ${values.pfs} PFs × ${values.vfs} VFs (built in ${ms(process.hrtime.bigint() - started)} ms)`);

  interface Command {
    readonly name: string;
    readonly file: string;
    readonly args: readonly string[];
    readonly times: number[];
  }
  const lookup = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8', env: { ...process.env, PATH: BENCH_PATH } }).stdout.trim();
  const which = lookup('virt-host-validate');
  const lspci = lookup('lspci');
  // The single executable of `npm run package`, when it was built: the same program with Node.js 24 inside.
  const executable = currentTarget()?.executable;
  const packaged = executable !== undefined && fs.existsSync(executable) ? executable : undefined;
  const commands: Command[] = [
    { name: 'sriov-check (text)', file: process.execPath, args: [bin, '--path.rootfs', root, '--color', 'never'], times: [] },
    { name: 'sriov-check --output json', file: process.execPath, args: [bin, '--path.rootfs', root, '--output', 'json'], times: [] },
    ...(lspci ? [{ name: 'lspci -vvv (same tree)', file: lspci, args: ['-A', 'linux-sysfs', '-O', `sysfs.path=${root}/sys/bus/pci`, '-vvv'], times: [] }] : []),
    ...(packaged ? [{ name: 'executable: sriov-check', file: packaged, args: ['check', '--path.rootfs', root, '--color', 'never'], times: [] }] : []),
    ...(packaged ? [{ name: 'executable: --version', file: packaged, args: ['--version'], times: [] }] : []),
    ...(which ? [{ name: 'virt-host-validate qemu', file: which, args: ['qemu'], times: [] }] : []),
    { name: 'node -e 0', file: process.execPath, args: ['-e', '0'], times: [] },
  ];
  const once = (c: Command) => {
    const t0 = process.hrtime.bigint();
    const result = spawnSync(c.file, c.args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const elapsed = process.hrtime.bigint() - t0;
    if (result.error) throw result.error;
    // sriov-check and virt-host-validate exit 1 when a check fails; anything else is a failed run, not a measurement.
    if (result.status !== 0 && !(result.status === 1 && c.file !== lspci)) throw new Error(`${c.name}: exit ${result.status}: ${result.stderr.toString().slice(0, 200)}`);
    return elapsed;
  };
  for (const c of commands) once(c); // warm the page cache and V8's code cache
  for (let i = 0; i < runs; i++) for (const c of commands) c.times.push(Number(once(c)) / 1e6);

  const stats = (xs: readonly number[]) => ({ min: quantile(xs, 0), median: quantile(xs, 0.5), p90: quantile(xs, 0.9), max: quantile(xs, 1) });
  const table = new Map(commands.map((c) => [c.name, stats(c.times)]));
  console.log(`\n${runs} interleaved runs each, wall time from spawn to exit:\n`);
  console.log('| command | median ms | p90 ms | min ms | max ms |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, s] of table) console.log(`| \`${name}\` | ${f(s.median)} | ${f(s.p90)} | ${f(s.min)} | ${f(s.max)} |`);

  const check = table.get('sriov-check (text)');
  const peer = table.get('lspci -vvv (same tree)');
  const vhv = table.get('virt-host-validate qemu');
  const floor = table.get('node -e 0');
  console.log('');
  if (check && peer) console.log(`- sriov-check / lspci -vvv over the same devices: ${(check.median / peer.median).toFixed(2)}× (median), ${(check.p90 / peer.p90).toFixed(2)}× (p90)`);
  if (check && vhv) console.log(`- sriov-check / virt-host-validate (this machine's /): ${(check.median / vhv.median).toFixed(1)}× (median), ${(check.p90 / vhv.p90).toFixed(1)}× (p90)`);
  if (check && floor) console.log(`- sriov-check above the node floor: ${(check.median - floor.median).toFixed(1)} ms (median)`);
  if (!peer) console.log('- lspci not found (Debian: apt-get install pciutils)');
  if (!vhv) console.log('- virt-host-validate not found (Debian: apt-get install --no-install-recommends libvirt-clients)');
  if (!packaged) console.log('- the single executable was not built: `npm run package:node && npm run package` adds its rows');
  if (packaged) {
    const raw = fs.statSync(packaged).size;
    const gzipped = gzipSync(fs.readFileSync(packaged)).length;
    console.log(`- single executable ${path.relative(process.cwd(), packaged)}: ${(raw / 1e6).toFixed(1)} MB, ${(gzipped / 1e6).toFixed(1)} MB gzipped`);
  }

  // System calls of one run each, counted by strace -c (its summary's "total" row), children included.
  const strace = lookup('strace');
  if (strace) {
    console.log('\nSystem calls of one run (strace -f -c), by the commands that read this host:\n');
    console.log('| command | system calls | of them failed |');
    console.log('|---|---:|---:|');
    for (const c of commands.filter((c) => c.name !== 'node -e 0' && c.name !== 'virt-host-validate qemu')) {
      const out = path.join(root, 'strace.txt');
      spawnSync(strace, ['-f', '-c', '-o', out, c.file, ...c.args], { stdio: 'ignore' });
      // "% time, seconds, usecs/call, calls, [errors,] total"
      const total = fs.readFileSync(out, 'utf8').split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f.at(-1) === 'total') ?? [];
      console.log(`| \`${c.name}\` | ${total[3] ?? '?'} | ${total.length === 6 ? total[4] : 0} |`);
    }
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

function ms(ns: bigint): string {
  return (Number(ns) / 1e6).toFixed(0);
}

function f(x: number): string {
  return x.toFixed(1);
}
