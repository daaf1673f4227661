// The readiness collector: checks run in the background one at a time, their result as state sets, and a
// failed run reported without losing the last good one.

import t from 'tap';
import { STATUSES } from '../../src/checks/check-types.js';
import { METRICS } from '../../src/exporter/exposition/metric-catalog.js';
import { readinessCollector } from '../../src/exporter/collectors/readiness.js';
import { ReadinessRunner } from '../../src/exporter/readiness/readiness-runner.js';
import { runCollector } from '../../src/exporter/collectors/run-collector.js';
import { ScrapeReads } from '../../src/exporter/collectors/scrape-reads.js';
import { hostCommands } from '../../src/host/commands.js';
import { defaultRoots, HostFs } from '../../src/host/host-fs.js';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { buildTempHost } from '../support/exporter-host.js';
import { FIXED_NOW, find, parseExposition, startExporter } from '../support/exporter-server.js';
import { fixtureHost } from '../support/run-cli.js';

type Log = ConstructorParameters<typeof ReadinessRunner>[0]['log'];
const silent = { debug: () => undefined, error: () => undefined } as unknown as Log;

t.test('the runner: nothing before the first run, one run at a time, nothing scheduled after stop', async (t) => {
  const fixture = EXPORTER_SCENARIOS[0];
  if (!fixture) throw new Error('no fixture');
  const host = buildTempHost(fixture.spec);
  t.teardown(() => host.remove());
  let clock = 1_000;
  const runner = new ReadinessRunner({ roots: defaultRoots(host.root), intervalMs: 3_600_000, version: '1', pfFilter: {}, log: silent, now: () => clock, thread: 'main' });
  t.equal(runner.latest, undefined, 'no result before the first run');
  const first = runner.runNow();
  t.equal(runner.runNow(), first, 'asking again while it runs joins the same run');
  await first;
  t.equal(runner.latest?.completedAt, 1_000);
  t.equal(runner.latest?.verdict, 'ready');
  t.match(runner.latest?.json, /^\{\n {2}"schema_version": 1,/);
  clock = 2_000;
  await runner.runNow();
  t.equal(runner.latest?.completedAt, 2_000, 'a later run replaces the result');
});

t.test('after stop() no run is scheduled; without stop() the next one is', async (t) => {
  const fixture = EXPORTER_SCENARIOS[0];
  if (!fixture) throw new Error('no fixture');
  const host = buildTempHost(fixture.spec);
  t.teardown(() => host.remove());
  // A 0 ms interval: a timer the runner leaves behind fires before this test's own 0 ms timer set later (Node
  // runs timers of one duration in the order they were set), and its run shows in the count of completed runs.
  const nextTimers = () => new Promise((resolve) => setTimeout(resolve, 0));
  const counted = () => {
    const runs: string[] = [];
    const log = { debug: (_: unknown, message: string) => runs.push(message), error: () => undefined } as unknown as Log;
    return { runs, runner: new ReadinessRunner({ roots: defaultRoots(host.root), intervalMs: 0, version: '1', pfFilter: {}, log, now: () => 1_000, thread: 'main' }) };
  };

  const stopped = counted();
  stopped.runner.start();
  stopped.runner.stop();
  await stopped.runner.settled();
  await nextTimers();
  await stopped.runner.settled();
  t.strictSame(stopped.runs, ['readiness checks completed'], 'the run start() began completed, and none followed');

  const running = counted();
  running.runner.start();
  await running.runner.settled();
  await nextTimers();
  await running.runner.settled();
  running.runner.stop();
  t.strictSame(running.runs, ['readiness checks completed', 'readiness checks completed'], 'control: a started runner runs again after its interval');
});

t.test('in a worker thread: the same result as on this thread; stop() ends a run in progress, which is no failure', async (t) => {
  const fixture = EXPORTER_SCENARIOS.find((h) => h.name === 'connectx-ofed');
  if (!fixture) throw new Error('no fixture');
  const host = buildTempHost(fixture.spec);
  t.teardown(() => host.remove());
  const errors: string[] = [];
  const log = { debug: () => undefined, error: (_: unknown, message: string) => errors.push(message) } as unknown as Log;
  const options = { roots: defaultRoots(host.root), intervalMs: 3_600_000, version: '1', pfFilter: { exclude: /^ens1f1np1$/ }, log, now: () => 7_000 };
  const inWorker = new ReadinessRunner(options);
  const here = new ReadinessRunner({ ...options, thread: 'main' });
  await Promise.all([inWorker.runNow(), here.runNow()]);
  t.strictSame(errors, []);
  t.ok(inWorker.latest, 'the worker answered');
  t.strictSame({ ...inWorker.latest, durationMs: 0 }, { ...here.latest, durationMs: 0 }, 'verdict, JSON report and check states as on this thread');

  const stopped = new ReadinessRunner(options);
  stopped.start();
  stopped.stop();
  await stopped.settled();
  t.equal(stopped.latest, undefined, 'the run was ended before it had a result');
  t.equal(stopped.lastFailure, undefined, 'not a failure');
  t.strictSame(errors, [], 'nothing logged');
});

t.test('state sets: five series per check and subject, three for the verdict, exactly one of each set is 1', async (t) => {
  const exporter = await startExporter(t, 'connectx-ofed');
  const series = parseExposition((await exporter.scrape()).body);
  const checks = find(series, 'sriov_check_status');
  const groups = new Map<string, number[]>();
  for (const s of checks) {
    const key = `${s.labels.check} ${s.labels.subject}`;
    groups.set(key, [...(groups.get(key) ?? []), s.value]);
  }
  t.ok(groups.size > 0);
  for (const [key, values] of groups) {
    t.equal(values.length, STATUSES.length, `${key}: one series per status`);
    t.equal(values.filter((v) => v === 1).length, 1, `${key}: exactly one is current`);
  }
  const verdicts = find(series, 'sriov_host_verdict');
  t.strictSame(verdicts.map((s) => s.labels.verdict), ['ready', 'degraded', 'not-ready']);
  t.strictSame(verdicts.filter((s) => s.value === 1).map((s) => s.labels.verdict), ['not-ready']);
  t.equal(find(series, 'sriov_host_ready')[0]?.value, 0, 'not-ready is not ready');
  t.equal(find(series, 'sriov_readiness_last_run_timestamp_seconds')[0]?.value, FIXED_NOW / 1000);
  t.ok(find(checks, 'sriov_check_status', { status: 'fail' }).some((s) => s.value === 1), 'the failing check is there');
});

t.test('a failed run: success 0 with the cause, the previous result still exposed; none yet: nothing, success 1', async (t) => {
  const fixture = EXPORTER_SCENARIOS[0];
  if (!fixture) throw new Error('no fixture');
  const host = buildTempHost(fixture.spec);
  t.teardown(() => host.remove());
  const runner = new ReadinessRunner({ roots: defaultRoots(host.root), intervalMs: 3_600_000, version: '1', pfFilter: {}, log: silent, now: () => 42_000, thread: 'main' });
  const collector = readinessCollector(runner);
  // The readiness collector reads nothing of the host: a scrape's reads are only its argument.
  const reads = () =>
    new ScrapeReads({ host: new HostFs(defaultRoots(host.root)), pfFilter: {}, commands: hostCommands({ ipPath: 'ip', ethtoolPath: 'ethtool', timeoutMs: 1 }), budgetMs: 1000, log: silent as never });

  const before = await runCollector(collector, reads(), 1000);
  t.equal(before.success, true, 'no run yet is not a failure');
  t.strictSame(before.causes, []);

  await runner.runNow();
  // What the runner records when takeSnapshot or the checks throw (no fixture makes them throw: HostFs never does).
  Object.assign(runner, { failure: { message: 'EIO on /sys', at: 43_000 } });
  const after = await runCollector(collector, reads(), 1000);
  t.equal(after.success, false);
  t.strictSame(after.causes, ['the last readiness run failed: EIO on /sys']);
  t.equal(after.sink.textOf(METRICS.hostReady)?.join(''), 'sriov_host_ready 1\n', 'the last good result is still exposed');
});

t.test('pcie_acs_override: the exporter\'s readiness checks warn as sriov-check does, through runPreflight', async (t) => {
  const root = fixtureHost('acs-override-downstream');
  const runner = new ReadinessRunner({ roots: defaultRoots(root), intervalMs: 3_600_000, version: '1', pfFilter: {}, log: silent, now: () => 1_000, thread: 'main' });
  await runner.runNow();
  const reads = new ScrapeReads({ host: new HostFs(defaultRoots(root)), pfFilter: {}, commands: hostCommands({ ipPath: 'ip', ethtoolPath: 'ethtool', timeoutMs: 1 }), budgetMs: 1000, log: silent as never });
  const result = await runCollector(readinessCollector(runner), reads, 1000);
  const lines = (result.sink.textOf(METRICS.checkStatus) ?? []).join('').split('\n');
  const current = (check: string, subject: string) =>
    lines.filter((l) => l.includes(`check="${check}"`) && l.includes(`subject="${subject}"`) && l.endsWith(' 1')).map((l) => /status="(\w+)"/.exec(l)?.[1]);
  for (const check of ['hypervisor.iommu.vf-isolation', 'firmware.pci.acs']) {
    t.strictSame(current(check, 'enp2s0f0'), ['warn'], `${check} enp2s0f0: warn (behind the PCH root port without ACS)`);
    t.strictSame(current(check, 'ens2f0np0'), ['pass'], `${check} ens2f0np0: pass (ACS on the whole path)`);
  }
  t.match(result.sink.textOf(METRICS.hostVerdict)?.join(''), 'sriov_host_verdict{verdict="degraded"} 1\n', 'the verdict: degraded');
  t.match(runner.latest?.json, /only because the groups are split by `pcie_acs_override=downstream`, not by the hardware/, 'GET /readiness serves the same report');
});
