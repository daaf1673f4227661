// End to end: the built exporter on a simulated host whose VF counters move, scraped every second by a real
// Prometheus (Debian's 2.42) that loads our rule files; everything asserted through Prometheus's HTTP API —
// the target is up, the recording rules give throughput, every query of every dashboard panel (and every dashboard
// variable) returns data, and faults injected into the host make the matching alerts pending.
//
// Alerts are checked with the rule files exactly as shipped, `for:` durations included: an alert whose expression
// matches is `pending` from the first evaluation on, with its final labels and rendered annotations, so `pending`
// proves the expression, the labels and the templates against real data. That it turns `firing` after `for:` is
// Prometheus's own logic, and promtool's unit tests (test/rules) cover each alert before and after its `for:`.
// A copy of the rules with `for: 0s` would prove no more, and it would not be the file operators load.

import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dashboardQueries, loadDashboards, substituteVariables, type DashboardQuery, type VariableValues } from '../support/dashboard-queries.js';
import { startExporterProcess } from '../support/exporter-process.js';
import { JOB, startPrometheus, writePrometheusConfig, type Alert, type PrometheusApi } from '../support/prometheus-server.js';
import { skipWithout } from '../support/required-tools.js';
import { waitFor } from '../support/server-process.js';
import { createSimulatedHost, type SimulatedVf } from '../support/simulated-host.js';

// Generous for a loaded 2-core CI machine; a run takes about 20 s. Only one wait can time out: the test stops there.
const START_BUDGET_MS = 30_000;
const WAIT_BUDGET_MS = 40_000;

// The VF of the VF drill-down dashboard: the one with every kind of data (netlink counters, MLNX_OFED's sysfs file
// with transmit broadcast/multicast, a host netdev with errors and per-queue counters).
const DRILL_DOWN = { pf: 'ens1f0np0', vf: '1' };
// The VF that starts dropping: on vfio-pci, as a VM's VF would be.
const DROPPING = { pf: 'ens2f1', vf: 0 };
const REGRESSED_CHECK = { check: 'firmware.iommu.kernel-enabled', layer: 'firmware', subject: 'host' };
// Panels whose description says they are empty while the host is healthy; checked empty then, and with data after
// the faults.
const EMPTY_WHILE_HEALTHY = [{ dashboard: 'sriov-fleet', panel: 'Checks not passing' }];
const FAULT_ALERTS = ['SriovHostNotReady', 'SriovCheckRegressed', 'SriovVfReceiveDropsHigh', 'SriovVfTransmitDropsHigh', 'SriovCollectorFailing', 'SriovExporterDown'];

/** A Hyper-V guest's and a Windows host's: a Linux host has none of its data; test/e2e/hyperv-dashboard.test.ts sweeps it. */
const HYPERV_DASHBOARD = 'sriov-hyperv';

/** The values Grafana would hold for each dashboard's variables on this host. */
function variableValues(dashboard: string, instance: string): VariableValues {
  const common = { datasource: 'Prometheus', job: JOB, instance };
  switch (dashboard) {
    case 'sriov-fleet':
      return { ...common, job: [JOB], instance: [instance] };
    case 'sriov-host':
      return { ...common, pf: '$__all', vf: '$__all' };
    case 'sriov-vf':
      return { ...common, ...DRILL_DOWN };
    case HYPERV_DASHBOARD:
      return common;
    default:
      throw new Error(`dashboard ${dashboard} is new: give its variables values here`);
  }
}

const describe = (q: DashboardQuery) => `${q.dashboard} › ${q.panel} (${q.refId})`;
const labelsOf = (vf: SimulatedVf) => `${vf.pf}/${vf.vf}`;

/** Runs every query until each one expected to have data has some; returns the series count of every query. */
async function sweep(api: PrometheusApi, queries: readonly DashboardQuery[], expectEmpty: (q: DashboardQuery) => boolean): Promise<Map<DashboardQuery, number>> {
  const counts = new Map<DashboardQuery, number>();
  try {
    await waitFor('every dashboard query to return data', WAIT_BUDGET_MS, async () => {
      for (const q of queries) counts.set(q, (await api.query(q.expr)).length);
      return queries.every((q) => expectEmpty(q) || (counts.get(q) ?? 0) > 0) ? true : undefined;
    }, 1000);
  } catch {
    // The assertions below name each query without data.
  }
  return counts;
}

async function activeAlerts(api: PrometheusApi, name: string): Promise<Alert[]> {
  return (await api.alerts()).filter((a) => a.labels.alertname === name && a.state !== 'inactive');
}

t.test('a real Prometheus scrapes the exporter on a simulated host', { skip: skipWithout(t, 'prometheus') }, async (t) => {
  const started = Date.now();
  const cleanup: (() => unknown)[] = [];
  // Everything stops, in reverse order of starting, also when a stage failed or threw.
  t.teardown(async () => {
    const errors: unknown[] = [];
    for (const step of cleanup.reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new Error(`cleanup failed: ${errors.map(String).join('; ')}`);
  });

  const host = createSimulatedHost();
  cleanup.push(() => host.remove());
  host.startTicking(500);

  const exporter = await startExporterProcess(
    [...host.exporterArgs, '--web.listen-address', '127.0.0.1:0', '--collector.readiness.interval', '1s', '--collector.vf_queues.cache-ttl', '1s'],
    host.env,
    START_BUDGET_MS,
  );
  cleanup.push(() => exporter.process.stop());

  const prometheusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-e2e-prometheus-'));
  cleanup.push(() => fs.rmSync(prometheusDir, { recursive: true, force: true }));
  const configFile = writePrometheusConfig(prometheusDir, { target: exporter.target, interval: '1s' });
  const prometheus = await startPrometheus({ configFile, dataDir: path.join(prometheusDir, 'data'), budgetMs: START_BUDGET_MS });
  cleanup.push(() => prometheus.process.stop());
  // Pushed last, run first: a failure message shows what the servers said.
  cleanup.push(() => {
    if (!t.passing()) console.error(`exporter output:\n${exporter.process.output().slice(-4000)}\nprometheus output:\n${prometheus.process.output().slice(-4000)}`);
  });

  const api = prometheus.api;
  const instance = exporter.target;
  const selector = `job="${JOB}", instance="${instance}"`;
  const activeVfs = host.vfs.filter((v) => v.traffic);
  const idleVfs = host.vfs.filter((v) => !v.traffic);

  await t.test('Prometheus scrapes the exporter: the target is up', async (t) => {
    const target = await waitFor('the target to be up', START_BUDGET_MS, async () =>
      (await api.targets()).find((candidate) => candidate.labels.job === JOB && candidate.health === 'up'),
    );
    t.equal(target.scrapeUrl, `${exporter.url}/metrics`, 'the exporter is the target');
    t.equal(target.labels.instance, instance, 'instance label: the address scraped');
    t.equal(target.lastError, '', 'no scrape error');
    t.strictSame((await api.query(`up{${selector}}`)).map((s) => s.value), [1], 'up is 1');
    // The readiness checks run in the background from start-up on; until the first run ends there is no series.
    const ready = await waitFor('the first readiness run to be scraped', WAIT_BUDGET_MS, async () => {
      const samples = await api.query(`sriov_host_ready{${selector}}`);
      return samples.length > 0 ? samples : undefined;
    });
    t.strictSame(ready.map((s) => s.value), [1], 'the simulated host is ready');
  });
  if (!t.passing()) return;

  await t.test('recording rules: positive throughput for every VF that moved traffic, per PF and per host', async (t) => {
    // rate() needs two samples; with five, the extrapolated part of the rates below is small.
    await waitFor('five samples of the exporter', WAIT_BUDGET_MS, async () => ((await api.query(`count_over_time(up{${selector}}[5m]) >= 5`)).length === 1 ? true : undefined));
    // Rules are read at an instant 2 s past: every one of them from the same, finished evaluation (a 5m rate of
    // young series grows with each evaluation, see below).
    const { at, moving } = await waitFor('every active VF to have a receive rate', WAIT_BUDGET_MS, async () => {
      const past = Date.now() / 1000 - 2;
      const samples = await api.query(`instance_pf_vf:sriov_vf_receive_bytes:rate5m{${selector}} > 0`, past);
      return samples.length >= activeVfs.length ? { at: past, moving: samples } : undefined;
    });
    t.strictSame(moving.map((s) => `${s.metric.pf}/${s.metric.vf}`).sort(), activeVfs.map(labelsOf).sort(), 'exactly the VFs that moved traffic have a receive rate above 0');

    const rates = new Map<string, Map<string, number>>();
    for (const rule of ['receive_bytes', 'transmit_bytes', 'receive_packets', 'transmit_packets']) {
      const name = `instance_pf_vf:sriov_vf_${rule}:rate5m`;
      const samples = await api.query(`${name}{${selector}}`, at);
      t.equal(samples.length, host.vfs.length, `${name}: one series per VF`);
      for (const vf of host.vfs) {
        const sample = samples.find((s) => s.metric.pf === vf.pf && s.metric.vf === String(vf.vf));
        t.equal(sample?.metric.pci_address, vf.pciAddress, `${name} ${labelsOf(vf)}: the VF's PCI address`);
        t.notOk(sample && 'source' in sample.metric, `${name} ${labelsOf(vf)}: source summed away`);
        // Who holds the VF, joined from sriov_vf_info by the rule (an empty label is no label in Prometheus).
        const held = { kind: sample?.metric.consumer_kind ?? '', name: sample?.metric.consumer ?? '', namespace: sample?.metric.consumer_namespace ?? '' };
        t.strictSame(held, vf.consumer, `${name} ${labelsOf(vf)}: held by ${vf.consumer.kind} ${vf.consumer.namespace}/${vf.consumer.name}`);
        if (!vf.traffic) t.equal(sample?.value, 0, `${name} ${labelsOf(vf)}: idle`);
        rates.set(labelsOf(vf), (rates.get(labelsOf(vf)) ?? new Map()).set(rule, sample?.value ?? NaN));
      }
    }
    // A 5m rate of series a few seconds old is the increase over the whole window (Prometheus extrapolates only
    // half a scrape interval), so its value says little. Ratios of two rates of one VF do not depend on that: bytes
    // per packet must be the VF's packet size, and transmit per receive what the VF was given — which catches
    // bytes taken for packets and one direction taken for the other. The bound leaves room for the extrapolation.
    const near = (actual: number, expected: number) => Math.abs(actual / expected - 1) < 0.25;
    for (const vf of activeVfs) {
      const traffic = vf.traffic as NonNullable<SimulatedVf['traffic']>;
      const r = rates.get(labelsOf(vf)) as Map<string, number>;
      const get = (rule: string) => r.get(rule) ?? NaN;
      t.ok(near(get('receive_bytes') / get('receive_packets'), traffic.packetBytes), `${labelsOf(vf)}: received ${(get('receive_bytes') / get('receive_packets')).toFixed(0)} bytes a packet, sent ${traffic.packetBytes}`);
      t.ok(near(get('transmit_bytes') / get('transmit_packets'), traffic.packetBytes), `${labelsOf(vf)}: transmitted ${(get('transmit_bytes') / get('transmit_packets')).toFixed(0)} bytes a packet, sent ${traffic.packetBytes}`);
      const given = (traffic.txBytesPerSecond * (1 - traffic.txDropShare)) / (traffic.rxBytesPerSecond * (1 - traffic.rxDropShare));
      t.ok(near(get('transmit_bytes') / get('receive_bytes'), given), `${labelsOf(vf)}: transmit/receive ${(get('transmit_bytes') / get('receive_bytes')).toFixed(2)}, given ${given.toFixed(2)}`);
    }

    for (const direction of ['receive', 'transmit']) {
      const perPf = await api.query(`instance_pf:sriov_vf_${direction}_bytes:rate5m{${selector}}`);
      t.strictSame(perPf.map((s) => s.metric.pf).sort(), host.pfs.map((p) => p.pf).sort(), `${direction}: one series per PF`);
      for (const s of perPf) {
        t.ok(s.value > 0, `${direction} bytes/s of ${s.metric.pf}: ${s.value}`);
        t.strictSame(Object.keys(s.metric).sort(), ['__name__', 'instance', 'job', 'pf'], `${direction} ${s.metric.pf}: VF labels aggregated away`);
      }
      const perHost = await api.query(`instance:sriov_vf_${direction}_bytes:rate5m{${selector}}`);
      t.equal(perHost.length, 1, `${direction}: one series for the host`);
      t.ok((perHost[0]?.value ?? 0) > 0, `${direction} bytes/s of the host: ${perHost[0]?.value}`);
    }
    const ratios = await api.query(`instance_pf_vf:sriov_vf_receive_dropped:ratio_rate5m{${selector}}`);
    t.strictSame(ratios.map((s) => `${s.metric.pf}/${s.metric.vf}`).sort(), activeVfs.map(labelsOf).sort(), 'a drop ratio for the VFs with packets, none for idle ones');
    t.ok(ratios.every((s) => s.value > 0 && s.value < 0.01), 'healthy drop ratios are below the alert threshold');
    t.ok(idleVfs.length > 0, 'the host also has idle VFs');
  });
  if (!t.passing()) return;

  const queries = dashboardQueries((uid) => variableValues(uid, instance)).filter((q) => q.dashboard !== HYPERV_DASHBOARD);
  const emptyWhileHealthy = (q: DashboardQuery) => EMPTY_WHILE_HEALTHY.some((e) => e.dashboard === q.dashboard && e.panel === q.panel);

  await t.test('dashboard variables list the host, its PFs and VFs', async (t) => {
    for (const { dashboard } of loadDashboards().filter((d) => d.dashboard.uid !== HYPERV_DASHBOARD)) {
      const values = variableValues(dashboard.uid, instance);
      for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
        const match = /^label_values\((.+),\s*(\w+)\)$/.exec(String(variable.query));
        if (!t.ok(match, `${dashboard.uid} $${variable.name}: a label_values() query`) || !match) continue;
        const listed = await api.labelValues(match[2] as string, substituteVariables(match[1] as string, dashboard.templating.list, values));
        const chosen = values[variable.name];
        const wanted = chosen === '$__all' ? [] : Array.isArray(chosen) ? chosen : [chosen ?? ''];
        t.ok(listed.length > 0 && wanted.every((w) => listed.includes(w)), `${dashboard.uid} $${variable.name} lists ${wanted.join(', ') || 'values'}: ${listed.join(', ')}`);
      }
    }
    const hostPfs = await api.labelValues('pf', `sriov_pf_info{${selector}}`);
    t.strictSame(hostPfs.sort(), host.pfs.map((p) => p.pf).sort(), 'the host dashboard offers every PF');
  });

  await t.test('every dashboard query returns data on the healthy host', async (t) => {
    for (const e of EMPTY_WHILE_HEALTHY) {
      const q = queries.find((candidate) => candidate.dashboard === e.dashboard && candidate.panel === e.panel);
      t.match(q?.description, /Empty when/, `${e.dashboard} › ${e.panel}: documented as empty while healthy`);
    }
    const counts = await sweep(api, queries, emptyWhileHealthy);
    for (const q of queries) {
      if (emptyWhileHealthy(q)) t.equal(counts.get(q), 0, `${describe(q)} is empty: no check fails, warns or is unknown`);
      else t.ok((counts.get(q) ?? 0) > 0, `${describe(q)} has data: ${q.expr}`);
    }
  });
  if (!t.passing()) return;

  await t.test('the healthy host raises no fault alert; the PF with every VF assigned is noticed', async (t) => {
    const alerts = (await api.alerts()).filter((a) => a.state !== 'inactive');
    t.strictSame(alerts.filter((a) => FAULT_ALERTS.includes(a.labels.alertname ?? '')).map((a) => a.labels.alertname), [], `none of ${FAULT_ALERTS.join(', ')}`);
    // ens2f1 has 4 VFs, all on vfio-pci: SriovPfVfsExhausted (for: 30m) is pending for it and for no other PF.
    const exhausted = alerts.filter((a) => a.labels.alertname === 'SriovPfVfsExhausted');
    t.strictSame(exhausted.map((a) => [a.labels.pf, a.labels.pci_address, a.state]), [['ens2f1', '0000:37:00.1', 'pending']], 'SriovPfVfsExhausted pending for ens2f1 alone');
  });

  await t.test('a receive drop burst on one VF makes SriovVfReceiveDropsHigh pending for that VF', async (t) => {
    const vf = host.dropBurst(DROPPING.pf, DROPPING.vf);
    const alerts = await waitFor('SriovVfReceiveDropsHigh', WAIT_BUDGET_MS, async () => {
      const found = await activeAlerts(api, 'SriovVfReceiveDropsHigh');
      return found.length > 0 ? found : undefined;
    });
    t.equal(alerts.length, 1, 'one alert: only that VF drops');
    const alert = alerts[0] as Alert;
    // An empty consumer label is no label in Prometheus.
    const held = Object.fromEntries(Object.entries({ consumer_kind: vf.consumer.kind, consumer: vf.consumer.name, consumer_namespace: vf.consumer.namespace }).filter(([, v]) => v !== ''));
    t.strictSame(alert.labels, { alertname: 'SriovVfReceiveDropsHigh', instance, job: JOB, pf: vf.pf, vf: String(vf.vf), pci_address: vf.pciAddress, ...held, severity: 'warning' }, 'labels name the VF and who holds it');
    // 15 minutes of `for:` cannot pass during the test.
    t.equal(alert.state, 'pending', 'pending');
    t.ok(Number(alert.value) > 0.01, `drop ratio ${alert.value} above 1%`);
    t.match(alert.annotations.description, `VF ${vf.vf} (${vf.pciAddress}) of ${vf.pf} on ${instance} dropped`, 'description names the VF');
    t.match(alert.annotations.runbook_url, /docs\/runbook\.md#sriovvfreceivedropshigh$/, 'runbook section');
    // Receive drops, not transmit drops: the two directions are not swapped anywhere on the way.
    t.strictSame(await activeAlerts(api, 'SriovVfTransmitDropsHigh'), [], 'no SriovVfTransmitDropsHigh');
    const transmitRatio = await api.query(`instance_pf_vf:sriov_vf_transmit_dropped:ratio_rate5m{${selector}, pf="${vf.pf}", vf="${vf.vf}"}`);
    t.ok((transmitRatio[0]?.value ?? 1) < 0.01, `transmit drop ratio of the VF stays low: ${transmitRatio[0]?.value}`);
  });
  if (!t.passing()) return;

  await t.test('a check that passed and now fails makes SriovCheckRegressed and SriovHostNotReady pending', async (t) => {
    host.failCheck();
    const regressed = await waitFor('SriovCheckRegressed', WAIT_BUDGET_MS, async () => {
      const found = await activeAlerts(api, 'SriovCheckRegressed');
      return found.length > 0 ? found : undefined;
    });
    t.strictSame(
      regressed.map((a) => a.labels),
      [{ alertname: 'SriovCheckRegressed', instance, job: JOB, ...REGRESSED_CHECK, status: 'fail', severity: 'critical' }],
      'exactly the check that turned from pass to fail (the checks that depend on it are skipped, not failed)',
    );
    t.equal(regressed[0]?.state, 'pending', 'pending');
    t.match(regressed[0]?.annotations.description, `Check ${REGRESSED_CHECK.check} (firmware layer) on host of ${instance}`, 'description names the check');

    const notReady = await waitFor('SriovHostNotReady', WAIT_BUDGET_MS, async () => {
      const found = await activeAlerts(api, 'SriovHostNotReady');
      return found.length > 0 ? found : undefined;
    });
    t.strictSame(notReady.map((a) => [a.labels, a.state]), [[{ alertname: 'SriovHostNotReady', instance, job: JOB, severity: 'warning' }, 'pending']], 'SriovHostNotReady pending for the host');
    // The description queries the failing checks when the alert is evaluated.
    t.match(notReady[0]?.annotations.description, `Failing checks: ${REGRESSED_CHECK.check} on host.`, 'description lists the failing check');
  });
  if (!t.passing()) return;

  await t.test('after the faults every dashboard query returns data, the empty-while-healthy panels included', async (t) => {
    const counts = await sweep(api, queries, () => false);
    for (const q of queries) t.ok((counts.get(q) ?? 0) > 0, `${describe(q)} has data: ${q.expr}`);
    const value = async (panel: string) => (await api.query(queries.find((q) => q.panel === panel)?.expr ?? 'absent(up)')).map((s) => s.value);
    t.strictSame(await value('Hosts not ready'), [1], 'fleet: one host not ready');
    t.strictSame(await value('Hosts ready'), [0], 'fleet: no host ready');
    t.strictSame(await value('Failing checks'), [1], 'host: one failing check');
    const notPassing = await api.query(queries.find((q) => q.panel === 'Checks not passing')?.expr ?? 'absent(up)');
    t.strictSame(notPassing.map((s) => [s.metric.check, s.metric.subject, s.metric.status]), [[REGRESSED_CHECK.check, REGRESSED_CHECK.subject, 'fail']], 'fleet: the failing check is listed');
  });

  t.comment(`end-to-end run: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
