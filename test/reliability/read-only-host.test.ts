// Neither program writes to the host. Every fixture host of the suite is read by sriov-check, and every
// exporter fixture host by the exporter (start-up, the readiness run, scrapes in both formats, the landing
// page, /readiness, shutdown), through a read-only view of a copy of it (see read-only-view.ts) and under
// strace. Afterwards:
//   - the tree is unchanged: every entry's type, mode, size, modification time, link target and content;
//   - strace saw no call that writes (an open for writing, mkdir, unlink, rename, chmod, utimensat, …) on
//     any path under the host, and no write anywhere that failed with EROFS or EACCES;
//   - the programs worked: sriov-check printed its JSON report, the exporter answered and exited 0.
// Without strace (not installed) only the first and last are checked.

import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { IP_RECORDINGS, buildTempHost } from '../support/exporter-host.js';
import { parseExposition } from '../support/exporter-server.js';
import { waitFor } from '../support/server-process.js';
import { startConfinedExporter, wrapCommand } from '../support/confined-exporter.js';
import { skipWithout } from '../support/required-tools.js';
import { readOnlyView, treeListing } from '../support/read-only-view.js';
import { CHECK_BIN, FIXTURE_HOSTS, cannotDropRoot } from '../support/run-cli.js';

// Many exporter and program starts: allow a loaded machine (2 cores shared) more than tap's default per-file limit.
t.setTimeout(600_000);

const TRACE = ['%file'];
const OPENS = /^(open|openat|openat2|creat)$/;
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/;
const CHANGES = /^(mkdir|mkdirat|unlink|unlinkat|rename|renameat|renameat2|rmdir|symlink|symlinkat|link|linkat|chmod|fchmodat|fchmodat2|chown|fchownat|lchown|truncate|utime|utimes|utimensat|futimesat|mknod|mknodat|setxattr|lsetxattr|removexattr|lremovexattr)$/;

interface Trace {
  /** Calls that write, on paths under the host. */
  readonly underHost: string[];
  /** Calls that write, anywhere, refused with EROFS or EACCES. */
  readonly refused: string[];
  readonly calls: number;
}

/** Reads an `strace -f -o` file: one call a line, `PID name(args) = result`. */
function readTrace(file: string, hostRoots: readonly string[]): Trace {
  const trace = { underHost: [] as string[], refused: [] as string[], calls: 0 };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const call = /^\d+\s+(\w+)\((.*)\)\s+=\s+(.*)$/.exec(line);
    if (!call) continue;
    trace.calls++;
    const [, name, args, result] = call as unknown as [string, string, string, string];
    const writes = (OPENS.test(name) && WRITE_FLAGS.test(args)) || CHANGES.test(name);
    if (!writes) continue;
    if (hostRoots.some((root) => args.includes(`"${root}`))) trace.underHost.push(line);
    if (/ (EROFS|EACCES) /.test(` ${result} `)) trace.refused.push(line);
  }
  return trace;
}

function run(command: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [program, ...args] = command as [string, ...string[]];
  return new Promise((resolve) => {
    execFile(program, args, { env: { PATH: process.env.PATH }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A copy of `source` (a fixture tree) in a temporary directory; removed at teardown. */
function copyOf(t: Test, source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-ro-copy-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(source, path.join(dir, 'host'), { recursive: true, verbatimSymlinks: true });
  return path.join(dir, 'host');
}

function checkTrace(t: Test, file: string, roots: readonly string[]): void {
  const trace = readTrace(file, roots);
  t.ok(trace.calls > 0, 'strace saw the program\'s calls');
  t.strictSame(trace.underHost, [], 'no write of any kind under the host');
  t.strictSame(trace.refused, [], 'no write refused with EROFS or EACCES anywhere');
}

const scenarios = fs.readdirSync(FIXTURE_HOSTS).filter((name) => fs.statSync(path.join(FIXTURE_HOSTS, name)).isDirectory());
// Every test here traces the program with strace; as root, the fallback view needs setpriv.
const skip = cannotDropRoot(t) || skipWithout(t, 'strace');

t.test('control: a program that does write is caught, and refused', { skip }, async (t) => {
  const copy = copyOf(t, path.join(FIXTURE_HOSTS, scenarios[0] as string));
  const view = readOnlyView(copy);
  t.teardown(() => view.release());
  const traceFile = path.join(path.dirname(copy), 'strace.txt');
  const result = await run(wrapCommand(['/bin/sh', '-c', `echo 1 > ${view.root}/sys/bus/pci/rescan`], { asNobody: view.asNobody, strace: { file: traceFile, calls: TRACE } }));
  t.not(result.code, 0, `the write fails through a ${view.how}`);
  const trace = readTrace(traceFile, [view.root, copy]);
  t.equal(trace.underHost.length, 1, 'seen under the host');
  t.equal(trace.refused.length, 1, 'seen refused');
});

t.test('sriov-check reads every fixture host without writing to it', { skip }, async (t) => {
  t.ok(scenarios.length >= 10, `${scenarios.length} fixture hosts`);
  for (const name of scenarios) {
    await t.test(name, async (t) => {
      const copy = copyOf(t, path.join(FIXTURE_HOSTS, name));
      const view = readOnlyView(copy);
      t.teardown(() => view.release());
      const before = treeListing(copy);
      const traceFile = path.join(path.dirname(copy), 'strace.txt');
      const command = wrapCommand([process.execPath, CHECK_BIN, '--path.rootfs', view.root, '--output', 'json'], { asNobody: view.asNobody, strace: { file: traceFile, calls: TRACE } });
      const result = await run(command);
      t.ok(result.code === 0 || result.code === 1, `exit ${result.code} (ready/degraded or not ready), through a ${view.how}`);
      t.match(JSON.parse(result.stdout), { verdict: /^(ready|degraded|not-ready)$/ }, 'the JSON report');
      t.notMatch(result.stderr, /EROFS|EACCES|read-only file system/i, 'nothing about a refused write');
      t.strictSame(treeListing(copy), before, 'the tree is unchanged');
      checkTrace(t, traceFile, [view.root, copy]);
    });
  }
});

t.test('sriov-exporter serves every exporter fixture host without writing to it', { skip }, async (t) => {
  for (const fixture of EXPORTER_SCENARIOS) {
    await t.test(fixture.name, async (t) => {
      const built = buildTempHost(fixture.spec);
      t.teardown(() => built.remove());
      const copy = copyOf(t, built.root);
      const view = readOnlyView(copy);
      t.teardown(() => view.release());
      const before = treeListing(copy);
      const traceFile = path.join(path.dirname(copy), 'strace.txt');
      const exporter = await startConfinedExporter({
        root: view.root,
        fake: { ipJson: path.join(IP_RECORDINGS, fixture.ipJson) },
        asNobody: view.asNobody,
        args: ['--collector.vf_queues.cache-ttl', '0s'],
        strace: { file: traceFile, calls: TRACE },
      });
      t.teardown(() => exporter.stop());
      t.ok(await waitFor('the readiness run', 30_000, async () => ((await fetch(`${exporter.url}/readiness`)).status === 200 ? true : undefined), 20), 'the readiness run completed');
      for (const accept of ['text/plain', 'application/openmetrics-text; version=1.0.0']) {
        const res = await fetch(`${exporter.url}/metrics`, { headers: { accept } });
        t.equal(res.status, 200, `/metrics (${accept})`);
        t.ok(parseExposition((await res.text()).replace(/^# EOF\n$/m, '')).some((s) => s.name === 'sriov_pf_info'), 'with the PFs');
      }
      for (const page of ['/', '/healthz']) t.equal((await fetch(`${exporter.url}${page}`)).status, 200, page);
      t.equal(await exporter.stop(), 0, `exits 0 on SIGTERM, through a ${view.how}`);
      const errors = exporter.log().split('\n').filter((l) => /"level":(50|60)/.test(l) || /EROFS|read-only file system/i.test(l));
      t.strictSame(errors, [], 'no error logged');
      t.strictSame(treeListing(copy), before, 'the tree is unchanged');
      checkTrace(t, traceFile, [view.root, copy]);
    });
  }
});
