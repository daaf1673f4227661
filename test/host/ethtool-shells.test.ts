// `ethtool -S` from the exporter's long-lived shells, run against the stand-in ethtool (test/fixtures/bin/ethtool)
// through a wrapper that logs the shell it was started by ($PPID): one shell serves run after run, as many shells
// as runs at once, and every way a run can fail ends it with an issue — and a hung one with its shell.
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EthtoolShells, type EthtoolShellsOptions } from '../../src/host/ethtool-shells.js';
import { ETHTOOL_RECORDINGS, FAKE_ETHTOOL } from '../support/exporter-host.js';
import { waitFor } from '../support/server-process.js';

/** A directory of its own under the test's, for a pool or a copy of the recordings. */
function freshDir(t: Test): string {
  fs.mkdirSync(t.testdirName, { recursive: true });
  return fs.mkdtempSync(path.join(t.testdirName, 'd-'));
}

/** The recordings with `<netdev>.mode` files beside them (the stand-in's per-netdev fault). */
function recordingsWith(t: Test, modes: Record<string, string>): string {
  const dir = freshDir(t);
  for (const file of fs.readdirSync(ETHTOOL_RECORDINGS)) fs.copyFileSync(path.join(ETHTOOL_RECORDINGS, file), path.join(dir, file));
  for (const [netdev, mode] of Object.entries(modes)) fs.writeFileSync(path.join(dir, `${netdev}.mode`), `${mode}\n`);
  return dir;
}

const envWith = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_RECORDINGS, ...extra });

function shells(t: Test, options: Partial<EthtoolShellsOptions> = {}) {
  const dir = freshDir(t);
  const parents = path.join(dir, 'parents.log');
  const wrapper = path.join(dir, 'ethtool');
  fs.writeFileSync(wrapper, `#!/bin/sh\necho "$PPID" >>${JSON.stringify(parents)}\nexec ${JSON.stringify(FAKE_ETHTOOL)} "$@"\n`, { mode: 0o755 });
  const abort = new AbortController();
  t.teardown(() => abort.abort());
  const pool = new EthtoolShells({
    program: wrapper,
    timeoutMs: 10_000,
    env: envWith({}),
    signal: abort.signal,
    ...options,
  });
  return {
    pool,
    abort,
    wrapper,
    /** The shells that started ethtool so far, in order (one per line). */
    parents: () => (fs.existsSync(parents) ? fs.readFileSync(parents, 'utf8').split('\n').filter(Boolean) : []),
  };
}

const recorded = (netdev: string) => fs.readFileSync(path.join(ETHTOOL_RECORDINGS, `${netdev}.txt`), 'utf8');

t.test('one shell runs ethtool again and again; what it prints comes back byte for byte', async (t) => {
  const s = shells(t);
  for (const netdev of ['ens1f0v1', 'enp2s0f0v0', 'ens1f0v1']) t.equal(await s.pool.stats(netdev), recorded(netdev), netdev);
  t.equal(new Set(s.parents()).size, 1, 'one shell for three runs in a row');
  t.not(s.parents()[0], String(process.pid), 'started by the shell, not by this process');
});

t.test('runs at once get a shell each, which the next runs reuse', async (t) => {
  const s = shells(t);
  const answers = await Promise.all(['ens1f0v1', 'enp2s0f0v0', 'ens2f0v3'].map((n) => s.pool.stats(n)));
  t.strictSame(answers, ['ens1f0v1', 'enp2s0f0v0', 'ens2f0v3'].map(recorded));
  t.equal(new Set(s.parents()).size, 3);
  await Promise.all(['ens1f0v1', 'enp2s0f0v0', 'ens2f0v3'].map((n) => s.pool.stats(n)));
  t.equal(new Set(s.parents()).size, 3, 'no new shell for the second round');
});

t.test('ethtool failing: its exit status and first line of stderr; the shell carries on', async (t) => {
  const s = shells(t);
  t.strictSame(await s.pool.stats('no-such-netdev'), {
    kind: 'issue',
    path: `${s.wrapper} -S no-such-netdev`,
    code: 'EEXIT',
    detail: 'exit status 96: Cannot get stats strings information: No such device',
  });
  t.equal(await s.pool.stats('ens1f0v1'), recorded('ens1f0v1'));
  t.equal(new Set(s.parents()).size, 1);
});

t.test('output cut off or garbled comes back as printed, for the parser to judge', async (t) => {
  const truncated = shells(t, { env: envWith({ SRIOV_FAKE_MODE: 'truncated' }) });
  const answer = await truncated.pool.stats('ens1f0v1');
  t.ok(typeof answer === 'string' && recorded('ens1f0v1').startsWith(answer) && answer.length < recorded('ens1f0v1').length, 'a prefix of the file');
  t.not((answer as string).at(-1), '\n', 'without the newline the shell adds before its separator');
  const garbage = shells(t, { env: envWith({ SRIOV_FAKE_MODE: 'garbage' }) });
  t.type(await garbage.pool.stats('ens1f0v1'), 'string');
});

t.test('a hung ethtool is killed with its shell at the time limit; the next run gets a new shell', async (t) => {
  const hung = shells(t, { timeoutMs: 300, env: envWith({ SRIOV_FAKE_ETHTOOL_DIR: recordingsWith(t, { ens1f0v1: 'hang' }) }) });
  t.equal(await hung.pool.stats('enp2s0f0v0'), recorded('enp2s0f0v0'));
  t.strictSame(await hung.pool.stats('ens1f0v1'), { kind: 'issue', path: `${hung.wrapper} -S ens1f0v1`, code: 'ETIMEDOUT', detail: 'no answer within 300 ms, killed' });
  const first = hung.parents()[0];
  const alive = (pid: string) => {
    try {
      process.kill(Number(pid), 0);
      return true;
    } catch {
      return false;
    }
  };
  t.equal(await hung.pool.stats('enp2s0f0v0'), recorded('enp2s0f0v0'), 'the next run answers');
  t.equal(new Set(hung.parents()).size, 2, 'from a new shell');
  // Killed at the time limit; gone once this process has reaped it (polled, with a budget).
  await waitFor('the hung shell to be reaped', 10_000, async () => (alive(first as string) ? undefined : true), 20).catch(() => undefined);
  t.notOk(alive(first as string), 'the hung run\'s shell is gone');
});

t.test('a missing or unexecutable program; a name that is no netdev; an oversized answer', async (t) => {
  const s = shells(t);
  const missing = new EthtoolShells({ program: '/nonexistent/ethtool', timeoutMs: 10_000, signal: s.abort.signal });
  t.strictSame(await missing.stats('ens1f0v1'), { kind: 'issue', path: '/nonexistent/ethtool -S ens1f0v1', code: 'ENOENT', detail: 'no such program' });
  const plain = path.join(freshDir(t), 'not-executable');
  fs.writeFileSync(plain, '#!/bin/sh\n', { mode: 0o644 });
  const unexecutable = new EthtoolShells({ program: plain, timeoutMs: 10_000, signal: s.abort.signal });
  t.match(await unexecutable.stats('ens1f0v1'), { kind: 'issue', code: 'EACCES' });
  t.match(await s.pool.stats('ens1f0v1\nens2f0'), { kind: 'issue', code: 'EINVAL' });
  t.equal(s.parents().length, 0, 'no ethtool ran for it');
  const small = shells(t, { maxBytes: 100 });
  t.strictSame(await small.pool.stats('ens1f0v1'), { kind: 'issue', path: `${small.wrapper} -S ens1f0v1`, code: 'E2BIG', detail: 'more than 100 bytes' });
});

t.test('aborting ends the waiting run and every later one', async (t) => {
  const s = shells(t, { env: envWith({ SRIOV_FAKE_ETHTOOL_DIR: recordingsWith(t, { ens1f0v1: 'hang' }) }) });
  // A time limit far beyond the test: only the abort can end this run, once the hung ethtool has it.
  const waiting = s.pool.stats('ens1f0v1');
  await new Promise<void>((resolve) => {
    const check = () => {
      if (s.parents().length === 0) return;
      watcher.close();
      resolve();
    };
    const watcher = fs.watch(path.dirname(s.wrapper), check);
    check();
  });
  s.abort.abort();
  const cancelled = { kind: 'issue', code: 'ECANCELED', detail: 'the exporter is shutting down' };
  t.match(await waiting, cancelled);
  t.match(await s.pool.stats('ens1f0v1'), cancelled);
});
