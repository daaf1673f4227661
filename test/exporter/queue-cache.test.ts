// vf_queues does not mean one process per VF netdev per scrape: readings are cached for the TTL, concurrent
// scrapes share a read in flight, at most N ethtool processes run at once, and a stale reading says its age.
// Time is a fake clock and processes are counted through the stand-in's log — nothing sleeps.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConcurrencyLimit } from '../../src/exporter/collectors/concurrency-limit.js';
import { ReadingCache, retryAfterMs, type CacheTarget } from '../../src/exporter/collectors/reading-cache.js';
import { type ReadIssue, readIssue } from '../../src/fact.js';
import type { EthtoolWrapper } from '../../src/host/commands.js';
import { syntheticHost } from '../support/synthetic-host.js';
import { writeSyntheticCommands } from '../support/synthetic-commands.js';
import { collectorSuccess, find, parseExposition, startExporter } from '../support/exporter-server.js';

/** A promise the test resolves by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

class FakeClock {
  ms = 1_000_000;
  readonly now = () => this.ms;
}

t.test('ReadingCache: served within the TTL, read again after it', async (t) => {
  const clock = new FakeClock();
  const cache = new ReadingCache<number>({ ttlMs: 30_000, now: clock.now });
  let reads = 0;
  const target: CacheTarget<number> = { key: 'a', read: async () => ++reads };
  t.equal((await cache.collect([target])).get('a')?.reading?.value, 1);
  clock.ms += 29_999;
  t.equal((await cache.collect([target])).get('a')?.reading?.value, 1, 'within the TTL: no read');
  clock.ms += 1;
  const status = (await cache.collect([target])).get('a');
  t.equal(status?.reading?.value, 2, 'TTL reached: read again');
  t.equal(status?.reading?.readAt, clock.ms, 'with its time');
  t.equal(reads, 2);
});

t.test('ReadingCache: a failed read keeps the last reading, with the error, until it is too old', async (t) => {
  const clock = new FakeClock();
  const cache = new ReadingCache<string>({ ttlMs: 10_000, now: clock.now });
  let next: string | ReadIssue = 'first';
  const target: CacheTarget<string> = { key: 'a', read: async () => next };
  await cache.collect([target]);
  const readAt = clock.ms;
  const died = readIssue('ethtool -S eth0', 'EEXIT', 'exit status 1');
  next = died;
  clock.ms += 10_000;
  t.strictSame((await cache.collect([target])).get('a'), { reading: { value: 'first', readAt }, error: died }, 'stale reading served, error said');
  clock.ms += 50_000; // 60 s after the reading: max(10 × TTL, 1 min)
  t.strictSame((await cache.collect([target])).get('a'), { reading: { value: 'first', readAt }, error: died }, 'still within 10 × TTL');
  clock.ms += 40_001;
  t.strictSame((await cache.collect([target])).get('a'), { error: died }, 'older than 10 × TTL: no longer served');
  next = 'second';
  clock.ms += 40_000; // three failures in a row: the next attempt waits 4 × the TTL
  t.strictSame((await cache.collect([target])).get('a'), { reading: { value: 'second', readAt: clock.ms } }, 'a good read clears the error');
});

t.test('ReadingCache: a read that throws is a failed read, not a crash', async (t) => {
  const cache = new ReadingCache<number>({ ttlMs: 1000, now: () => 0 });
  const status = await cache.collect([{ key: 'x', read: () => Promise.reject(new Error('bug')) }]);
  t.strictSame(status.get('x'), { error: readIssue('x', 'EINTERNAL', 'bug') });
});

t.test('ReadingCache: concurrent collects share one read in flight; keys no longer asked for are dropped', async (t) => {
  const clock = new FakeClock();
  const cache = new ReadingCache<number>({ ttlMs: 30_000, now: clock.now });
  const gate = deferred<number>();
  let reads = 0;
  const slow: CacheTarget<number> = { key: 'slow', read: () => (reads++, gate.promise) };
  const first = cache.collect([slow]);
  const second = cache.collect([slow]);
  gate.resolve(7);
  const [a, b] = await Promise.all([first, second]);
  t.equal(reads, 1, 'one read for two scrapes');
  t.equal(a.get('slow')?.reading?.value, 7);
  t.equal(b.get('slow')?.reading?.value, 7);

  let other = 0;
  await cache.collect([{ key: 'other', read: async () => ++other }]);
  await cache.collect([slow]);
  t.equal(reads, 2, '"slow" was dropped while not asked for, so it is read again');
});

t.test('ConcurrencyLimit: never more than N at once, the rest in order', async (t) => {
  const limit = new ConcurrencyLimit(2);
  let running = 0;
  let most = 0;
  const order: number[] = [];
  const gates = Array.from({ length: 5 }, () => deferred<void>());
  const tasks = gates.map((gate, i) =>
    limit.run(async () => {
      order.push(i);
      most = Math.max(most, ++running);
      await gate.promise;
      running--;
    }),
  );
  for (const gate of gates) gate.resolve();
  await Promise.all(tasks);
  t.equal(most, 2);
  t.strictSame(order, [0, 1, 2, 3, 4]);
  t.throws(() => new ConcurrencyLimit(0), RangeError);
});

function syntheticWithLog(t: Test) {
  const spec = syntheticHost({ pfs: 2, vfsPerPf: 3, queues: 2 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-exporter-commands-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const log = path.join(dir, 'calls.log');
  const calls = (args: string) => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith(args)).length : 0);
  return { host: { spec, ...writeSyntheticCommands(spec, dir) }, log, calls };
}

t.test('with 6 VF netdevs: the first scrape runs ethtool 6 times, the next within the TTL none, after the TTL 6 again', async (t) => {
  const { host, log, calls } = syntheticWithLog(t);
  let clock = 5_000_000;
  const exporter = await startExporter(t, host, {
    fake: { ethtoolDir: host.ethtoolDir, log },
    config: { queueCacheTtlMs: 30_000 },
    build: { now: () => clock },
  });
  const first = parseExposition((await exporter.scrape()).body);
  t.equal(calls('-S '), 6, 'one ethtool -S per VF netdev');
  t.equal(calls('batch: link show'), 1, 'one ip link show per scrape');
  t.equal(find(first, 'sriov_vf_queue_receive_packets_total').length, 12);
  t.ok(find(first, 'sriov_vf_queue_stats_age_seconds').every((s) => s.value === 0), 'fresh readings');

  clock += 20_000;
  const second = parseExposition((await exporter.scrape()).body);
  t.equal(calls('-S '), 6, 'within the TTL: no ethtool at all');
  t.equal(calls('batch: link show'), 2, 'ip still dumps the links at every scrape');
  t.equal(find(second, 'sriov_vf_queue_receive_packets_total').length, 12, 'series served from the cache');
  t.ok(find(second, 'sriov_vf_queue_stats_age_seconds').every((s) => s.value === 20), 'and marked 20 s old');
  t.equal(find(second, 'sriov_vf_queues', { direction: 'receive' }).length, 6, 'queue counts too');

  clock += 10_000;
  const third = parseExposition((await exporter.scrape()).body);
  t.equal(calls('-S '), 12, 'TTL reached: read again');
  t.ok(find(third, 'sriov_vf_queue_stats_age_seconds').every((s) => s.value === 0));
});

t.test('two scrapes at once share one refresh; ethtool runs stay within the concurrency bound', async (t) => {
  const { host, log, calls } = syntheticWithLog(t);
  let running = 0;
  let most = 0;
  let started = 0;
  const held: Array<() => void> = [];
  const limit = 2;
  // Each ethtool waits until as many as the bound allows are running (or all 6 started): a third running
  // at once would show as most > 2, whatever the timing.
  const counted: EthtoolWrapper = async (_netdev, run) => {
    started++;
    most = Math.max(most, ++running);
    await new Promise<void>((release) => {
      held.push(release);
      if (running === limit || started === 6) for (const go of held.splice(0)) go();
    });
    const result = await run();
    running--;
    return result;
  };
  const exporter = await startExporter(t, host, {
    fake: { ethtoolDir: host.ethtoolDir, log },
    config: { queueConcurrency: limit },
    build: { wrapEthtool: counted },
  });
  const [a, b] = await Promise.all([exporter.scrape(), exporter.scrape()]);
  t.equal(calls('-S '), 6, 'six VF netdevs, six processes for both scrapes');
  t.equal(most, limit, `at most ${limit} at once`);
  for (const res of [a, b]) t.equal(find(parseExposition(res.body), 'sriov_vf_queue_transmit_bytes_total').length, 12, 'both scrapes have every queue');
});

t.test('ReadingCache: a caller waits for the reads it starts at most waitMs; a later one gets what they read', async (t) => {
  const cache = new ReadingCache<number>({ ttlMs: 30_000, now: () => 0 });
  const gate = deferred<number>();
  let reads = 0;
  const slow: CacheTarget<number> = { key: 'slow', read: () => (reads++, gate.promise) };
  const fast: CacheTarget<number> = { key: 'fast', read: async () => 1 };
  // The slow read never completes on its own: without the bound this collect would never return.
  const first = await cache.collect([slow, fast], 0);
  t.equal(first.get('slow'), undefined, 'not read yet: no status, no error');
  t.equal(reads, 1, 'but its read was started');
  gate.resolve(7);
  await gate.promise;
  const second = await cache.collect([slow, fast], 0);
  t.equal(second.get('slow')?.reading?.value, 7, 'served once read');
  t.equal(reads, 1, 'the read in flight was not started twice');
});

t.test('ReadingCache: a key that keeps failing is tried less often, and a good read resets that', async (t) => {
  t.equal(retryAfterMs(30_000, 0), 30_000, 'a good last read: the TTL');
  t.equal(retryAfterMs(30_000, 1), 30_000, 'one failure: still the TTL');
  t.equal(retryAfterMs(30_000, 2), 60_000, 'two in a row: twice');
  t.equal(retryAfterMs(30_000, 3), 120_000);
  t.equal(retryAfterMs(30_000, 9), 480_000, 'at most 16 ×');
  t.equal(retryAfterMs(0, 3), 4000, 'a TTL of 0 backs off from 1 s');

  const clock = new FakeClock();
  const cache = new ReadingCache<number>({ ttlMs: 10_000, now: clock.now });
  let attempts = 0;
  let fail = true;
  const target: CacheTarget<number> = { key: 'a', read: async () => (attempts++, fail ? readIssue('ethtool -S eth0', 'EEXIT', 'exit status 1') : 5) };
  await cache.collect([target]);
  clock.ms += 10_000;
  await cache.collect([target]);
  t.equal(attempts, 2, 'after one failure: read again at the TTL');
  clock.ms += 10_000;
  await cache.collect([target]);
  t.equal(attempts, 2, 'after two: not at the TTL');
  clock.ms += 10_000;
  await cache.collect([target]);
  t.equal(attempts, 3, 'but at twice the TTL');
  fail = false;
  clock.ms += 40_000;
  t.equal((await cache.collect([target])).get('a')?.reading?.value, 5, 'read again at four times the TTL, and good');
  t.equal(attempts, 4);
  clock.ms += 10_000;
  await cache.collect([target]);
  t.equal(attempts, 5, 'a good read brings the TTL back');
});

t.test('the first scrape does not wait for ethtool: it is read in the background from start, served once read', async (t) => {
  const { host, log, calls } = syntheticWithLog(t);
  const gate = deferred<void>();
  const allStarted = deferred<void>();
  const allDone = deferred<void>();
  let started = 0;
  let done = 0;
  const blocked: EthtoolWrapper = async (_netdev, run) => {
    if (++started === 6) allStarted.resolve();
    await gate.promise;
    const result = await run();
    if (++done === 6) allDone.resolve();
    return result;
  };
  const exporter = await startExporter(t, host, {
    fake: { ethtoolDir: host.ethtoolDir, log },
    config: { queueConcurrency: 6, queueWaitMs: 0 },
    build: { wrapEthtool: blocked },
  });
  // No scrape yet: only the warm-up can have started them (this never resolves without it).
  await allStarted.promise;
  t.equal(started, 6, 'every VF netdev is being read before any scrape');

  const first = parseExposition((await exporter.scrape()).body);
  for (const collector of ['inventory', 'vf_traffic', 'vf_queues', 'attribution', 'readiness']) t.equal(collectorSuccess(first, collector), 1, `${collector} succeeds`);
  t.equal(find(first, 'sriov_vf_queue_receive_packets_total').length, 0, 'no per-queue series before ethtool answered');
  t.equal(find(first, 'sriov_vf_queue_stats_age_seconds').length, 0, 'and no age either');
  t.equal(find(first, 'sriov_vf_info').length, 6, 'the rest of the scrape is whole');
  t.equal(started, 6, 'the scrape joined the reads in flight');

  gate.resolve();
  await allDone.promise;
  const second = parseExposition((await exporter.scrape()).body);
  t.equal(find(second, 'sriov_vf_queue_receive_packets_total').length, 12, 'served once read');
  t.equal(collectorSuccess(second, 'vf_queues'), 1);
  t.equal(calls('-S '), 6, 'still one ethtool per VF netdev');
  const completed = exporter.logs.filter((l) => l.includes('"msg":"vf_queues warm-up completed"'));
  t.equal(completed.length, 1, 'the warm-up says once that it is done');
  t.match(completed[0], /"netdevs":6,/, 'with how many VF netdevs it read');
});
