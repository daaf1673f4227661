// End to end for the Hyper-V dashboard: a real Prometheus scrapes two built exporters — one in a Hyper-V/Azure
// guest (the azure-cx5-guest fixture tree, hv_netvsc's `ethtool -S` recorded from a real guest and printed by the
// stand-in ethtool) and one describing a Windows Hyper-V host from a collector document (--hyperv-json) — and
// every query of every panel of dashboards/sriov-hyperv.json returns data for the host its metrics come from.

import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dashboardQueries, type DashboardQuery } from '../support/dashboard-queries.js';
import { buildTempHost, FAKE_ETHTOOL, FAKE_IP } from '../support/exporter-host.js';
import { startExporterProcess } from '../support/exporter-process.js';
import { JOB, startPrometheus, writePrometheusConfig } from '../support/prometheus-server.js';
import { skipWithout } from '../support/required-tools.js';
import { REPO } from '../support/run-cli.js';
import { waitFor } from '../support/server-process.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';

const START_BUDGET_MS = 30_000;
const WAIT_BUDGET_MS = 40_000;
const DASHBOARD = 'sriov-hyperv';

t.test('every query of the Hyper-V dashboard returns data from a guest and a Windows host', { skip: skipWithout(t, 'prometheus') }, async (t) => {
  const cleanup: (() => unknown)[] = [];
  t.teardown(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  const guestSpec = (SCENARIOS.find((s) => s.name === 'azure-cx5-guest') as (typeof SCENARIOS)[number]).spec;
  const guest = buildTempHost(guestSpec);
  cleanup.push(() => guest.remove());
  const commands = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-e2e-hyperv-'));
  cleanup.push(() => fs.rmSync(commands, { recursive: true, force: true }));
  const netvsc = fs.readFileSync(path.join(REPO, 'test/fixtures/commands/netvsc/eth0.txt'), 'utf8');
  fs.mkdirSync(path.join(commands, 'ethtool'));
  for (const nic of ['eth0', 'eth3']) fs.writeFileSync(path.join(commands, 'ethtool', `${nic}.txt`), netvsc);
  fs.writeFileSync(path.join(commands, 'ip.json'), '[]\n');

  const guestExporter = await startExporterProcess(
    ['--path.rootfs', guest.root, '--collector.ip-path', FAKE_IP, '--collector.ethtool-path', FAKE_ETHTOOL, '--web.listen-address', '127.0.0.1:0'],
    { SRIOV_FAKE_IP_JSON: path.join(commands, 'ip.json'), SRIOV_FAKE_ETHTOOL_DIR: path.join(commands, 'ethtool') },
    START_BUDGET_MS,
  );
  cleanup.push(() => guestExporter.process.stop());
  const windowsExporter = await startExporterProcess(
    ['--hyperv-json', path.join(REPO, 'test/fixtures/hyperv/ready-host.json'), '--web.listen-address', '127.0.0.1:0'],
    {},
    START_BUDGET_MS,
  );
  cleanup.push(() => windowsExporter.process.stop());

  const prometheusDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-e2e-hyperv-prometheus-'));
  cleanup.push(() => fs.rmSync(prometheusDir, { recursive: true, force: true }));
  const configFile = writePrometheusConfig(prometheusDir, { target: [guestExporter.target, windowsExporter.target], interval: '1s' });
  const prometheus = await startPrometheus({ configFile, dataDir: path.join(prometheusDir, 'data'), budgetMs: START_BUDGET_MS });
  cleanup.push(() => prometheus.process.stop());
  cleanup.push(() => {
    if (!t.passing()) console.error(`guest exporter:\n${guestExporter.process.output().slice(-3000)}\nwindows exporter:\n${windowsExporter.process.output().slice(-3000)}`);
  });

  // Each query is asked of the host whose metrics it reads, as an operator picks that host in the dashboard (the other
  // dashboards' PF and VF variables are given only so that their queries, left out, can be made).
  const hostOf = (q: DashboardQuery) => (q.template.includes('sriov_guest_') ? guestExporter.target : windowsExporter.target);
  const queriesFor = (instance: string) => dashboardQueries(() => ({ datasource: 'Prometheus', job: JOB, instance, pf: 'none', vf: 'none' })).filter((q) => q.dashboard === DASHBOARD);
  const queries = [...queriesFor(guestExporter.target).filter((q) => hostOf(q) === guestExporter.target), ...queriesFor(windowsExporter.target).filter((q) => hostOf(q) === windowsExporter.target)];
  t.ok(queries.length >= 10, `${queries.length} queries`);

  const counts = new Map<DashboardQuery, number>();
  try {
    await waitFor('every Hyper-V dashboard query to return data', WAIT_BUDGET_MS, async () => {
      for (const q of queries) counts.set(q, (await prometheus.api.query(q.expr)).length);
      return queries.every((q) => (counts.get(q) ?? 0) > 0) ? true : undefined;
    }, 1000);
  } catch {
    // The assertions below name each query without data.
  }
  for (const q of queries) t.ok((counts.get(q) ?? 0) > 0, `${q.panel} (${q.refId}) on ${hostOf(q) === guestExporter.target ? 'the guest' : 'the Windows host'}: ${q.expr}`);
});
