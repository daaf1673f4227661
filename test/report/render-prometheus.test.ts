// --output prometheus: a textfile-collector file that promtool finds clean and node_exporter itself reads
// without error, with the exporter's family names and labels.

import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { METRIC_FAMILIES } from '../../src/exporter/exposition/metric-catalog.js';
import { renderPrometheus } from '../../src/report/render-prometheus.js';
import { viewReport } from '../../src/report/report-view.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { fixtureReport } from '../support/fixture-report.js';
import { findTool, skipWithout } from '../support/required-tools.js';

const PROMTOOL = findTool('promtool') as string;
const NODE_EXPORTER = findTool('prometheus-node-exporter') as string;
const NOW = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));

t.test('every fixture host: promtool check metrics finds nothing; families and labels are the exporter\'s', { skip: skipWithout(t, 'promtool') }, async (t) => {
  const labelsOf = new Map(METRIC_FAMILIES.map((f) => [f.name, f.labels.join(',')]));
  for (const s of SCENARIOS) {
    const text = renderPrometheus(viewReport(await fixtureReport(s.name)), { now: NOW });
    const lint = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    t.equal(`${lint.status} ${lint.stdout}${lint.stderr}`, '0 ', `${s.name}: promtool is silent`);
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      const [, name, labels = ''] = /^(\w+)(?:\{(.*)\})? /.exec(line) ?? [];
      const names = [...labels.matchAll(/(\w+)="/g)].map((m) => m[1]).join(',');
      if (labelsOf.get(name ?? '') !== names) t.fail(`${s.name}: ${line} does not have the labels of ${name}`);
    }
  }
});

t.test('ready-intel: the readiness and PF series with their values', async (t) => {
  const text = renderPrometheus(viewReport(await fixtureReport('ready-intel')), { now: NOW });
  t.match(text, /^sriov_host_ready 1$/m);
  t.match(text, /^sriov_host_verdict\{verdict="ready"\} 1$/m);
  t.match(text, /^sriov_host_verdict\{verdict="not-ready"\} 0$/m);
  t.match(text, /^sriov_readiness_last_run_timestamp_seconds 1893553445$/m);
  t.match(text, /^sriov_pf_vfs_enabled\{pf="ens2f0np0",pci_address="0000:5e:00.0"\} 8$/m);
  t.match(text, /^sriov_pf_link_speed_bytes\{pf="ens2f1np1",pci_address="0000:5e:00.1"\} 3125000000$/m);
  t.match(text, /^sriov_check_status\{check="firmware.iommu.interrupt-remapping",layer="firmware",subject="host",status="pass"\} 1$/m);
  t.match(text, /^sriov_check_status\{check="firmware.iommu.interrupt-remapping",layer="firmware",subject="host",status="fail"\} 0$/m);
  t.notMatch(text, /\} \d+ \d+$/m, 'no sample timestamps');
});

t.test('only the host and the selected PFs, as the exporter publishes them', async (t) => {
  const text = renderPrometheus(viewReport(await fixtureReport('ready-intel', ['ens2f1np1'])), { now: NOW });
  t.notMatch(text, /ens2f0np0/);
  t.match(text, /subject="ens2f1np1"/);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

t.test('node_exporter reads the file through its textfile collector without error', { skip: skipWithout(t, 'prometheus-node-exporter') }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-textfile-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'sriov.prom'), renderPrometheus(viewReport(await fixtureReport('vtd-off-bios')), { now: NOW }));
  const port = await freePort();
  const child = spawn(NODE_EXPORTER, ['--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  t.teardown(() => child.kill());
  let body = '';
  // Poll until it answers (bounded), never sleep a fixed time.
  for (let attempt = 0; attempt < 100 && body === ''; attempt++) {
    try {
      body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  t.match(body, /^node_textfile_scrape_error 0$/m, 'the textfile collector found no error');
  t.match(body, /^sriov_host_ready 0$/m);
  t.match(body, /^sriov_check_status\{check="firmware.iommu.acpi-table",layer="firmware",status="fail",subject="host"\} 1$/m);
});
