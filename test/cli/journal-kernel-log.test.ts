// Both programs on a host that keeps its kernel log only in the journal (Debian 12, Proxmox VE 8): sriov-check
// finds the BIOS IVRS bug from the journal's lines and names the journal as its kernel log; the exporter's readiness
// run does the same, and its check metric shows the failure. Controls: the same host without the journal.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startExporterProcess } from '../support/exporter-process.js';
import { MACHINE_ID, journalHost } from '../support/journal-host.js';
import { spawnCheck, type JsonCheck } from '../support/run-cli.js';
import { waitFor } from '../support/server-process.js';

interface Report {
  readonly host: { readonly kernel_log: readonly { path: string; origin: string; status: string }[] };
  readonly checks: readonly JsonCheck[];
}

const IVRS = /IOAPIC\[128\] not in IVRS table/;
const remapping = (r: Report) => r.checks.find((c) => c.id === 'firmware.iommu.interrupt-remapping');

t.test('sriov-check reads the journal and finds the IVRS bug in it', async (t) => {
  const root = journalHost(t.testdir({}), { files: { 'system.journal': 'whole-compact.journal' } });
  const run = await spawnCheck(['--path.rootfs', root, '--output', 'json']);
  t.equal(run.code, 1, `not ready: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as Report;
  t.strictSame(report.host.kernel_log.map((s) => [s.path, s.origin]), [[`/var/log/journal/${MACHINE_ID}`, 'journal']]);
  t.match(report.host.kernel_log[0]?.status, /^read, since boot, 1[01] kernel messages of this boot in 1 file/);
  t.equal(remapping(report)?.status, 'fail');
  t.match(remapping(report)?.summary, IVRS, 'the cause, quoted from the journal');
  t.match(remapping(report)?.remediation, /ivrs_ioapic\[128\]=00:14\.0/, 'and the fix it leads to');

  fs.rmSync(path.join(root, 'var/log/journal'), { recursive: true });
  const without = JSON.parse((await spawnCheck(['--path.rootfs', root, '--output', 'json'])).stdout) as Report;
  t.strictSame(without.host.kernel_log, [], 'control: no journal, no kernel log');
  t.notMatch(remapping(without)?.summary, IVRS, 'control: without the journal the cause is not known');
});

t.test('the exporter reads the journal: its readiness check metric shows the failure, /readiness its cause', async (t) => {
  const root = journalHost(t.testdir({}), { files: { 'system.journal': 'whole-compact.journal' } });
  const exporter = await startExporterProcess(['--path.rootfs', root, '--web.listen-address', '127.0.0.1:0', '--collector.ip-path', '/bin/false', '--collector.ethtool-path', '/bin/false'], {}, 30_000);
  t.teardown(() => exporter.process.stop());
  const metric = /^sriov_check_status\{check="firmware\.iommu\.interrupt-remapping",layer="firmware",subject="host",status="fail"\} 1$/m;
  const metrics = await waitFor('the first readiness run', 60_000, async () => {
    const text = await (await fetch(`${exporter.url}/metrics`)).text();
    return /^sriov_check_status\{check="firmware\.iommu\.interrupt-remapping"/m.test(text) ? text : undefined;
  }, 200);
  t.match(metrics, metric, 'the check metric says fail');
  const readiness = (await (await fetch(`${exporter.url}/readiness`)).json()) as Report;
  t.strictSame(readiness.host.kernel_log.map((s) => s.origin), ['journal'], 'the journal is the kernel log source');
  t.match(remapping(readiness)?.summary, IVRS, 'the cause, from the journal');
});
