// The exporter's one long-lived `ip -j -s -d -batch -`, run against the stand-in ip (test/fixtures/bin/ip): one
// process answers request after request, and every way it can fail ends the request with an issue and the process
// with it, so that the next request starts a new one. Processes are counted through the stand-in's log.
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IpSession, type IpSessionOptions } from '../../src/host/ip-session.js';
import { FAKE_IP, IP_RECORDINGS } from '../support/exporter-host.js';

const RECORDED = path.join(IP_RECORDINGS, 'e810.json');
const COMMAND = 'ip -j -s -d link show';

function session(t: Test, options: Partial<IpSessionOptions> = {}) {
  const dir = t.testdir({ mode: '' });
  const log = path.join(dir, 'calls.log');
  const modeFile = path.join(dir, 'mode');
  const abort = new AbortController();
  // Whatever a case leaves running ends with it.
  t.teardown(() => abort.abort());
  const ip = new IpSession({
    program: FAKE_IP,
    args: ['-j', '-s', '-d'],
    command: COMMAND,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SRIOV_FAKE_IP_JSON: RECORDED, SRIOV_FAKE_MODE_FILE: modeFile, SRIOV_FAKE_LOG: log },
    signal: abort.signal,
    ...options,
  });
  const lines = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n') : []);
  return {
    ip,
    abort,
    setMode: (mode: string) => fs.writeFileSync(modeFile, mode),
    starts: () => lines().filter((l) => l === '-j -s -d -batch -').length,
    requests: () => lines().filter((l) => l === 'batch: link show').length,
    /** Resolves once the stand-in has logged `n` requests. */
    logged: (n: number) =>
      new Promise<void>((resolve) => {
        const done = () => lines().filter((l) => l === 'batch: link show').length >= n;
        const check = () => {
          if (!done()) return;
          watcher.close();
          resolve();
        };
        const watcher = fs.watch(dir, check);
        check();
      }),
  };
}

const whole = fs.readFileSync(RECORDED, 'utf8');

t.test('one process answers request after request, one at a time and in order', async (t) => {
  const s = session(t);
  const answers = await Promise.all([1, 2, 3].map(() => s.ip.request('link show', 10_000)));
  t.strictSame(answers, [whole, whole, whole], 'each request gets the whole dump');
  t.equal(await s.ip.request('link show', 10_000), whole);
  t.equal(s.starts(), 1, 'one process');
  t.equal(s.requests(), 4);
});

const BROKEN = [
  { mode: 'hang', timeoutMs: 300, issue: { code: 'ETIMEDOUT', detail: 'no answer within 300 ms, killed' } },
  { mode: 'fail', timeoutMs: 10_000, issue: { code: 'EEXIT', detail: 'exit status 1: Cannot open netlink socket: Operation not permitted' } },
];

for (const broken of BROKEN) {
  t.test(`ip ${broken.mode}: the request ends with the cause, the process with it; the next request starts a new one`, async (t) => {
    const s = session(t);
    t.equal(await s.ip.request('link show', 10_000), whole);
    s.setMode(broken.mode);
    t.strictSame(await s.ip.request('link show', broken.timeoutMs), { kind: 'issue', path: COMMAND, ...broken.issue });
    s.setMode('');
    t.equal(await s.ip.request('link show', 10_000), whole);
    t.equal(s.starts(), 2);
  });
}

t.test('what ip printed before it exited with status 0 is the answer, for the parser to judge (cut off, garbage)', async (t) => {
  const s = session(t);
  s.setMode('truncated');
  t.equal(await s.ip.request('link show', 10_000), whole.slice(0, Math.floor(Buffer.byteLength(whole) / 2)));
  s.setMode('garbage');
  t.match(await s.ip.request('link show', 10_000), /garbage.* this is not JSON\n$/);
});

t.test('a missing program, an oversized answer', async (t) => {
  const missing = session(t, { program: '/nonexistent/ip' });
  t.strictSame(await missing.ip.request('link show', 10_000), { kind: 'issue', path: COMMAND, code: 'ENOENT', detail: 'no such program' });
  const big = session(t, { maxBytes: 100 });
  t.strictSame(await big.ip.request('link show', 10_000), { kind: 'issue', path: COMMAND, code: 'E2BIG', detail: 'more than 100 bytes' });
  t.match(await big.ip.request('link show', 10_000), { code: 'E2BIG' }, 'again: the process after it');
  t.equal(big.starts(), 2, 'a new process after an oversized answer');
});

t.test('a new process after answersPerProcess answers', async (t) => {
  const s = session(t, { answersPerProcess: 2 });
  for (let i = 0; i < 5; i++) t.equal(await s.ip.request('link show', 10_000), whole);
  t.equal(s.starts(), 3, '2 + 2 + 1 answers');
});

t.test('aborting ends the waiting request and every later one, and the process', async (t) => {
  const s = session(t);
  t.equal(await s.ip.request('link show', 10_000), whole);
  s.setMode('hang');
  // A time limit far beyond the test: only the abort can end this request, once the hung process has it.
  const waiting = s.ip.request('link show', 600_000);
  await s.logged(2);
  s.abort.abort();
  const cancelled = { kind: 'issue', path: COMMAND, code: 'ECANCELED', detail: 'the exporter is shutting down' };
  t.strictSame(await waiting, cancelled);
  t.strictSame(await s.ip.request('link show', 10_000), cancelled);
  t.equal(s.starts(), 1, 'nothing started after the abort');
});
