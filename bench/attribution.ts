// What VF attribution costs: on a generated host with 1,024 VFs (16 E810 PFs × 64, all on vfio-pci) held by
// 256 libvirt VMs, and 1,000 processes with 100 open fds each, the time and the host reads of
//   - the inventory read alone (what every scrape reads today): the baseline;
//   - a cold attribution (a new reader: every process's fds, every status file);
//   - a refresh with nothing changed (same reader: /proc listed, each process's stat, one fd per holder);
//   - a refresh after a few processes started (their fds read, nothing else);
//   - the periodic full rescan (every process's fds again, the status files from cache);
//   - a whole /metrics scrape (inventory and attribution collectors; ip is a stand-in printing [], traffic, queues
//     and readiness off) with the attribution collector on and off, alternated in the same run: what
//     attribution adds to a scrape, the refreshes above running on their own timer, not in the scrape.
// All in one process, one after the other, medians of BENCH_RUNS runs (BENCH_SCRAPES scrapes for the last).
// Measures and prints; asserts nothing.
//
//   npm run bench:attribution
//   BENCH_RUNS=9 npm run bench:attribution
//   BENCH_PFS=4 BENCH_PROCESSES=200 npm run bench:attribution    # a smaller host, quicker

import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../src/host/host-fs.js';
import { readTopology } from '../src/readers/topology-reader.js';
import { attributionVfs } from '../src/readers/attribution/attribution-vfs.js';
import { VfConsumerReader, DEFAULT_RESCAN_INTERVAL_MS } from '../src/readers/attribution/vf-consumer-reader.js';
import { COMMON_FDS, type ProcessSpec, SYSTEMD, libvirtFiles, libvirtQemuArgv, processFiles } from '../test/support/consumer-files.js';
import { CountingFs } from '../test/support/consumer-fs.js';
import { writeExtraFiles, writeVfioDev } from '../test/support/consumer-host.js';
import { type ExtraFile, buildHost, vfAddress } from '../test/support/host-builder.js';
import { syntheticHost } from '../test/support/synthetic-host.js';
import { buildServer } from '../src/exporter/http/build-server.js';
import { testConfig } from '../test/support/exporter-host.js';
import { benchParentDir } from './support/bench-host.js';
import { fixed, median } from './support/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PFS = Number(process.env.BENCH_PFS ?? 16);
const VFS_PER_PF = 64;
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1000);
const FDS = 100;
const VMS = Math.min(256, PROCESSES, (PFS * VFS_PER_PF) / 4);
const NEW_PER_REFRESH = 5;

/** 100 fds of an ordinary program: stdio, sockets, pipes, log and data files. */
function ordinaryFds(pid: number, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const fds: Record<string, string> = { ...COMMON_FDS };
  for (let fd = 5; fd < FDS; fd++) fds[String(fd)] = fd % 3 === 0 ? `socket:[${pid * 1000 + fd}]` : fd % 3 === 1 ? `pipe:[${pid * 1000 + fd}]` : `/var/lib/app${pid}/data-${fd}.db`;
  return { ...fds, ...extra };
}

const SCRAPES = Number(process.env.BENCH_SCRAPES ?? 20);

function main(): Promise<void> | void {
  const root = fs.mkdtempSync(path.join(benchParentDir(), 'sriov-attribution-bench-'));
  return run(root).finally(() => fs.rmSync(root, { recursive: true, force: true }));
}

async function run(root: string): Promise<void> {
  const spec = syntheticHost({ pfs: PFS, vfsPerPf: VFS_PER_PF, vfio: true });
  const vfAddresses: { address: string; group: number }[] = [];
  for (const pf of spec.pfs ?? []) {
    const s = pf.sriov as NonNullable<typeof pf.sriov>;
    for (let i = 0; i < s.numVfs; i++) vfAddresses.push({ address: vfAddress(pf.address, s.offset, s.stride, i), group: pf.vfs?.[i]?.iommuGroup as number });
  }
  // 256 VMs with 4 VFs each (the first 256 processes), the rest ordinary programs; all with 100 fds.
  const files: Record<string, ExtraFile> = { ...processFiles(SYSTEMD) };
  for (let p = 0; p < PROCESSES; p++) {
    const pid = 10_000 + p;
    let process: ProcessSpec;
    if (p < VMS) {
      const held = vfAddresses.slice(p * 4, p * 4 + 4);
      const groups = Object.fromEntries(held.map((h, i) => [String(60 + i), `/dev/vfio/${h.group}`]));
      const name = `vm-${p}`;
      const uuid = `00000000-0000-4000-8000-${String(p).padStart(12, '0')}`;
      process = { pid, comm: 'qemu-system-x86', argv: libvirtQemuArgv({ guest: name, uuid, devices: held.map((h, i) => ({ address: h.address, alias: `hostdev${i}` })) }), fds: ordinaryFds(pid, { '59': '/dev/vfio/vfio', ...groups }) };
      Object.assign(files, libvirtFiles({ name, uuid, pid, devices: held.map((h, i) => ({ address: h.address, alias: `hostdev${i}`, form: 'hostdev' as const })) }));
    } else {
      process = { pid, comm: `app${p}`, argv: [`/usr/bin/app${p}`, '--config', `/etc/app${p}.yml`], fds: ordinaryFds(pid) };
    }
    Object.assign(files, processFiles(process));
  }
  const started = performance.now();
  buildHost(root, { ...spec, files: { ...spec.files, ...files } });
  vfAddresses.forEach((v, i) => writeVfioDev(root, v.address, i));
  console.log(`host: ${vfAddresses.length} VFs on vfio-pci (${PFS} PFs × ${VFS_PER_PF}), ${PROCESSES} processes × ${FDS} fds, ${VMS} VMs holding 4 VFs each with libvirt status files; built in ${fixed((performance.now() - started) / 1000)} s under ${path.dirname(root)}`);

  const roots = defaultRoots(root);
  const vfs = attributionVfs(readTopology(new HostFs(roots)));

  const rows: { label: string; ms: number[]; calls?: CountingFs['calls'] }[] = [];
  const measure = (label: string, body: (fs: CountingFs) => void, before?: () => void) => {
    const ms: number[] = [];
    let calls: CountingFs['calls'] | undefined;
    for (let r = 0; r < RUNS; r++) {
      before?.();
      const counting = new CountingFs(new HostFs(roots));
      const start = performance.now();
      body(counting);
      ms.push(performance.now() - start);
      calls = { ...counting.calls };
    }
    rows.push({ label, ms, ...(calls ? { calls } : {}) });
  };

  measure('inventory read alone (baseline)', () => readTopology(new HostFs(roots)));
  let now = 0;
  measure('attribution, cold (new reader)', (f) => new VfConsumerReader().read(f, vfs, now));
  const reader = new VfConsumerReader();
  reader.read(new HostFs(roots), vfs, now);
  measure('attribution, refresh, no change', (f) => reader.read(f, vfs, (now += 1)));
  let nextPid = 50_000;
  measure(`attribution, refresh, ${NEW_PER_REFRESH} new processes`, (f) => reader.read(f, vfs, (now += 1)), () => {
    for (let i = 0; i < NEW_PER_REFRESH; i++) {
      const pid = nextPid++;
      writeExtraFiles(root, processFiles({ pid, comm: 'new', argv: ['/usr/bin/new'], fds: ordinaryFds(pid) }));
      fs.mkdirSync(path.join(root, `proc/${pid}/fd`), { recursive: true });
    }
  });
  measure('attribution, full rescan (interval due)', (f) => reader.read(f, vfs, (now += DEFAULT_RESCAN_INTERVAL_MS)));

  const base = median(rows[0]?.ms ?? []);
  console.log(`\n${'what'.padEnd(44)}${'median ms'.padStart(10)}${'min–max'.padStart(16)}${'× baseline'.padStart(12)}${'readlink'.padStart(10)}${'readText'.padStart(10)}${'list'.padStart(7)}`);
  for (const row of rows) {
    const m = median(row.ms);
    const range = `${fixed(Math.min(...row.ms))}–${fixed(Math.max(...row.ms))}`;
    const c = row.calls;
    console.log(
      `${row.label.padEnd(44)}${fixed(m).padStart(10)}${range.padStart(16)}${fixed(m / base, 2).padStart(12)}` +
        (c && c.readLink + c.readText + c.list > 0 ? `${String(c.readLink).padStart(10)}${String(c.readText).padStart(10)}${String(c.list).padStart(7)}` : '   (reads not counted)'),
    );
  }
  console.log(`\n${RUNS} runs each; full rescans every ${DEFAULT_RESCAN_INTERVAL_MS / 1000} s; refreshes in between read only new processes.`);
  await scrapes(root);
}

/** Median time of a /metrics scrape with the attribution collector on and off, alternating. */
async function scrapes(root: string): Promise<void> {
  const ipJson = path.join(root, '..', `${path.basename(root)}-ip.json`);
  fs.writeFileSync(ipJson, '[]\n');
  const servers = await Promise.all(
    [true, false].map(async (attribution) => {
      const config = testConfig(root, { ipJson }, { collectors: { inventory: true, vf_traffic: false, vf_queues: false, attribution, readiness: false, hyperv_guest: false } });
      const app = buildServer(config);
      await app.ready(); // the first attribution refresh runs here, outside the timed scrapes
      return { attribution, app, ms: [] as number[], bytes: 0 };
    }),
  );
  try {
    for (let i = 0; i < SCRAPES; i++) {
      for (const s of servers) {
        const start = performance.now();
        const res = await s.app.inject({ method: 'GET', url: '/metrics' });
        s.ms.push(performance.now() - start);
        s.bytes = res.body.length;
      }
    }
  } finally {
    for (const s of servers) await s.app.close();
    fs.rmSync(ipJson, { force: true });
  }
  const [on, off] = servers as [(typeof servers)[0], (typeof servers)[0]];
  console.log(`\n/metrics scrape (inventory + attribution collectors), ${SCRAPES} scrapes each, alternated:`);
  for (const s of [off, on]) {
    console.log(`  attribution ${s.attribution ? 'on ' : 'off'}  median ${fixed(median(s.ms))} ms  (${fixed(Math.min(...s.ms))}–${fixed(Math.max(...s.ms))})  ${s.bytes} bytes`);
  }
  console.log(`  added per scrape: ${fixed(median(on.ms) - median(off.ms))} ms (${fixed(median(on.ms) / median(off.ms), 2)}×)`);
}

await main();
