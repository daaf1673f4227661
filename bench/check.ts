// Wall time of a whole `sriov-check` run (process start to exit) on a synthetic 16 PF × 64 VF host, beside
// libvirt's `virt-host-validate qemu` on this machine and `node -e 0`, the floor of any Node program; and, when
// `npm run package` built it, the same run of the single executable and its start alone (`--version`).
// Runs are interleaved, so that load from other processes falls on all three alike. Measures, never asserts.
//
//   npm run build && npx tsx bench/check.ts [--runs 25] [--pfs 16] [--vfs 64] [--dir DIR]
//
// The host is built in /dev/shm when there is one: sysfs lives in memory, and a disk-backed tree would
// measure the disk's directory reads instead.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { currentTarget } from '../scripts/package/targets.js';
import { buildHost } from '../test/support/host-builder.js';
import { syntheticHost } from '../test/support/synthetic-host.js';
import { benchParentDir } from './support/bench-host.js';
import { CHECK_BIN } from './support/bench-targets.js';
import { quantile } from './support/stats.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '25' }, pfs: { type: 'string', default: '16' }, vfs: { type: 'string', default: '64' }, dir: { type: 'string' } },
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
  console.log(`synthetic host: ${values.pfs} PFs × ${values.vfs} VFs in ${root} (built in ${ms(process.hrtime.bigint() - started)} ms)`);

  interface Command {
    readonly name: string;
    readonly file: string;
    readonly args: readonly string[];
    readonly times: number[];
  }
  const which = spawnSync('sh', ['-c', 'command -v virt-host-validate'], { encoding: 'utf8' }).stdout.trim();
  // The single executable of `npm run package`, when it was built: the same program with Node.js 24 inside.
  const executable = currentTarget()?.executable;
  const packaged = executable !== undefined && fs.existsSync(executable) ? executable : undefined;
  const commands: Command[] = [
    { name: 'sriov-check (text)', file: process.execPath, args: [bin, '--path.rootfs', root, '--color', 'never'], times: [] },
    { name: 'sriov-check --output json', file: process.execPath, args: [bin, '--path.rootfs', root, '--output', 'json'], times: [] },
    ...(packaged ? [{ name: 'executable: sriov-check', file: packaged, args: ['check', '--path.rootfs', root, '--color', 'never'], times: [] }] : []),
    ...(packaged ? [{ name: 'executable: --version', file: packaged, args: ['--version'], times: [] }] : []),
    ...(which ? [{ name: 'virt-host-validate qemu', file: which, args: ['qemu'], times: [] }] : []),
    { name: 'node -e 0', file: process.execPath, args: ['-e', '0'], times: [] },
  ];
  const once = (c: Command) => {
    const t0 = process.hrtime.bigint();
    const result = spawnSync(c.file, c.args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const elapsed = process.hrtime.bigint() - t0;
    if (result.error) throw result.error;
    return elapsed;
  };
  for (const c of commands) once(c); // warm the page cache and V8's code cache
  for (let i = 0; i < runs; i++) for (const c of commands) c.times.push(Number(once(c)) / 1e6);

  const stats = (xs: readonly number[]) => ({ min: quantile(xs, 0), median: quantile(xs, 0.5), p90: quantile(xs, 0.9), max: quantile(xs, 1) });
  console.log(`\n${runs} interleaved runs each, wall time from spawn to exit (ms), ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(2)}:`);
  console.log(`${'command'.padEnd(28)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
  const table = new Map(commands.map((c) => [c.name, stats(c.times)]));
  for (const [name, s] of table) console.log(`${name.padEnd(28)} ${f(s.median)} ${f(s.p90)} ${f(s.min)} ${f(s.max)}`);

  const check = table.get('sriov-check (text)');
  const vhv = table.get('virt-host-validate qemu');
  const floor = table.get('node -e 0');
  if (check && vhv) console.log(`\nratio sriov-check / virt-host-validate: ${(check.median / vhv.median).toFixed(1)}× (median), ${(check.p90 / vhv.p90).toFixed(1)}× (p90)`);
  if (check && floor) console.log(`sriov-check above the node floor: ${(check.median - floor.median).toFixed(1)} ms (median)`);
  if (!vhv) console.log('\nvirt-host-validate not found (Debian: apt-get install --no-install-recommends libvirt-clients)');
  if (packaged) {
    const raw = fs.statSync(packaged).size;
    const gzipped = gzipSync(fs.readFileSync(packaged)).length;
    console.log(`single executable ${path.relative(process.cwd(), packaged)}: ${(raw / 1e6).toFixed(1)} MB, ${(gzipped / 1e6).toFixed(1)} MB gzipped`);
  } else {
    console.log('\nthe single executable was not built: `npm run package:node && npm run package` adds its rows');
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

function ms(ns: bigint): string {
  return (Number(ns) / 1e6).toFixed(0);
}

function f(x: number): string {
  return x.toFixed(1).padStart(8);
}
