// sriov-exporter on a Windows Hyper-V host, tested on Linux: the platform named in the configuration (as the CLI
// names it on win32 or with --hyperv-json), a stand-in powershell.exe first on PATH printing one of the Windows
// fixture documents, as sriov-check's live-path tests do. The readiness runs collect and judge the document in
// the background; scrapes publish the Hyper-V checks and the switch and VM-adapter inventory; a collector that
// fails or hangs is a collector failure, and the previous document stays served with its collection time.

import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runExporterCli } from '../../src/cli/exporter-main.js';
import type { ExporterConfig } from '../../src/exporter/exporter-config.js';
import { collectorScript } from '../../src/readers/hyperv-collector.js';
import { collectorSuccess, find, FIXED_NOW, parseExposition, startExporter, type Series } from '../support/exporter-server.js';
import { skipWithout, toolPath } from '../support/required-tools.js';
import { REPO } from '../support/run-cli.js';

const doc = (name: string) => path.join(REPO, 'test/fixtures/hyperv', `${name}.json`);

/** A stand-in powershell.exe in `dir`: records its arguments, then runs `body` (a POSIX shell script). */
function standIn(dir: string, body: string): void {
  const file = path.join(dir, 'powershell.exe');
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\n${body}\n`);
  fs.chmodSync(file, 0o755);
}

/** An exporter describing a Windows host, over a Linux fixture tree whose PFs it must not publish. */
async function windowsExporter(t: Test, config: Partial<ExporterConfig>, clock: { now: number } = { now: FIXED_NOW }) {
  return startExporter(t, 'e810-iavf', { config: { platform: 'windows-hyperv', ...config }, build: { now: () => clock.now } });
}

async function scrape(exporter: Awaited<ReturnType<typeof windowsExporter>>): Promise<{ body: string; series: Series[] }> {
  const { status, body } = await exporter.scrape();
  if (status !== 200) throw new Error(`scrape answered ${status}`);
  return { body, series: parseExposition(body) };
}

const status = (series: readonly Series[], check: string, subject: string) => find(series, 'sriov_check_status', { check, subject }).find((s) => s.value === 1)?.labels.status;
const verdict = (series: readonly Series[]) => find(series, 'sriov_host_verdict').find((s) => s.value === 1)?.labels.verdict;
const values = (series: readonly Series[], name: string, labels: Readonly<Record<string, string>> = {}) => find(series, name, labels).map((s) => s.value);

t.test('live: the collector runs through powershell.exe in the background; checks and inventory are published', async (t) => {
  const dir = t.testdir({});
  standIn(dir, `/bin/cat '${doc('ready-host')}'`);
  const exporter = await windowsExporter(t, { commandEnv: { PATH: dir } });
  t.strictSame(fs.readFileSync(path.join(dir, 'args'), 'utf8').trim().split('\n'), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', collectorScript()], "sriov-check's invocation");
  fs.rmSync(path.join(dir, 'args'));

  const { body, series } = await scrape(exporter);
  t.notOk(fs.existsSync(path.join(dir, 'args')), 'a scrape does not run the collector');
  t.equal(collectorSuccess(series, 'readiness'), 1);
  t.equal(collectorSuccess(series, 'hyperv_host'), 1);
  for (const linuxOnly of ['inventory', 'vf_traffic', 'vf_queues', 'attribution', 'hyperv_guest']) {
    t.equal(collectorSuccess(series, linuxOnly), undefined, `${linuxOnly} does not run on a Windows host`);
  }
  t.equal(find(series, 'sriov_pf_info').length, 0, "the Linux tree's PFs are not published");

  t.equal(verdict(series), 'ready');
  t.strictSame(values(series, 'sriov_host_ready'), [1]);
  t.equal(status(series, 'hypervisor.hyperv.iov-support', 'host'), 'pass');
  t.equal(status(series, 'nic.sriov.enabled', 'VM NIC 2'), 'pass', 'per SR-IOV adapter');
  t.equal(status(series, 'hypervisor.vswitch.iov-enabled', 'SR-IOV'), 'pass', 'per external switch');
  t.equal(find(series, 'sriov_check_status', { check: 'hypervisor.vnic.iov-requested' }).length, 0, 'VM adapters are inventory, not readiness');

  t.strictSame(values(series, 'sriov_hyperv_document_timestamp_seconds'), [FIXED_NOW / 1000]);
  t.strictSame(values(series, 'sriov_hyperv_switch_iov_enabled', { switch: 'SR-IOV' }), [1]);
  t.strictSame(values(series, 'sriov_hyperv_switch_iov_enabled', { switch: 'Internal' }), [0]);
  t.strictSame(values(series, 'sriov_hyperv_switch_vfs', { switch: 'SR-IOV' }), [32]);
  t.strictSame(values(series, 'sriov_hyperv_switch_vfs_in_use', { switch: 'SR-IOV' }), [1]);
  t.strictSame(values(series, 'sriov_hyperv_switch_queue_pairs', { switch: 'SR-IOV' }), [64]);
  t.strictSame(values(series, 'sriov_hyperv_switch_queue_pairs_in_use', { switch: 'SR-IOV' }), [1]);
  const web01 = { vm: 'web01', adapter: 'Network Adapter', switch: 'SR-IOV' };
  t.strictSame(values(series, 'sriov_hyperv_vm_adapter_iov_weight', web01), [100]);
  t.strictSame(values(series, 'sriov_hyperv_vm_adapter_iov_usage', web01), [1]);
  t.strictSame(values(series, 'sriov_hyperv_vm_adapter_iov_queue_pairs_assigned', web01), [1]);
  t.strictSame(values(series, 'sriov_hyperv_vm_adapter_vf_datapath_active', web01), [1]);

  const readiness = await exporter.app.inject({ method: 'GET', url: '/readiness' });
  t.equal(readiness.statusCode, 200);
  t.match(JSON.parse(readiness.body), { platform: 'windows-hyperv', verdict: 'ready', hyperv: { origin: 'powershell.exe', live: true } });

  await t.test('promtool check metrics finds nothing', { skip: skipWithout(t, 'promtool') }, async (t) => {
    const lint = spawnSync(toolPath('promtool'), ['check', 'metrics'], { input: body, encoding: 'utf8' });
    t.equal(lint.status, 0, 'exit status 0');
    t.equal(`${lint.stdout}${lint.stderr}`, '', 'no findings');
  });
});

t.test('the named causes reach the metrics: an LBFO switch, a VM adapter whose data path stays synthetic', async (t) => {
  const lbfoDir = t.testdir({});
  standIn(lbfoDir, `/bin/cat '${doc('lbfo-switch')}'`);
  const lbfo = (await scrape(await windowsExporter(t, { commandEnv: { PATH: lbfoDir } }))).series;
  t.equal(verdict(lbfo), 'not-ready');
  t.strictSame(values(lbfo, 'sriov_host_ready'), [0]);
  const lbfoSwitch = find(lbfo, 'sriov_check_status', { check: 'hypervisor.vswitch.no-lbfo', status: 'fail' }).find((s) => s.value === 1);
  t.ok(lbfoSwitch, 'hypervisor.vswitch.no-lbfo fails for the switch on the team');

  const inactiveDir = path.join(t.testdir({ inactive: {} }), 'inactive');
  standIn(inactiveDir, `/bin/cat '${doc('datapath-inactive')}'`);
  const inactive = (await scrape(await windowsExporter(t, { commandEnv: { PATH: inactiveDir } }))).series;
  const adapters = find(inactive, 'sriov_hyperv_vm_adapter_vf_datapath_active', { vm: 'web01' });
  t.ok(adapters.length > 0, "web01's adapter is in the inventory");
  t.ok(adapters.every((s) => s.value === 0), 'its VF data path is inactive');
  t.ok(find(inactive, 'sriov_hyperv_vm_adapter_iov_usage', { vm: 'web01' }).every((s) => s.value > 0), 'though it holds a VF');
});

t.test('a collector run that fails after a good one: collector failure, the previous document served with its age', async (t) => {
  const dir = t.testdir({});
  standIn(dir, `/bin/cat '${doc('ready-host')}'`);
  const clock = { now: FIXED_NOW };
  const exporter = await windowsExporter(t, { commandEnv: { PATH: dir } }, clock);

  for (const [what, body] of [
    ['no Hyper-V module', "echo 'The Hyper-V PowerShell module is not installed.' >&2; exit 3"],
    ['garbage', "echo 'Get-VMHost : You do not have the required permission'"],
  ] as const) {
    standIn(dir, body);
    clock.now += 60_000;
    await exporter.app.sriovExporter.readiness.runNow();
    const { series } = await scrape(exporter);
    t.equal(collectorSuccess(series, 'readiness'), 0, `${what}: readiness fails`);
    t.equal(collectorSuccess(series, 'hyperv_host'), 0, `${what}: hyperv_host fails`);
    t.strictSame(values(series, 'sriov_hyperv_document_timestamp_seconds'), [FIXED_NOW / 1000], `${what}: the document of the first run, with its time`);
    t.strictSame(values(series, 'sriov_readiness_last_run_timestamp_seconds'), [FIXED_NOW / 1000]);
    t.equal(verdict(series), 'ready', `${what}: the last verdict stays`);
    t.strictSame(values(series, 'sriov_hyperv_switch_vfs', { switch: 'SR-IOV' }), [32]);
  }
  t.ok(
    exporter.logs.some((l) => l.includes('no Hyper-V PowerShell module') && l.includes('the previous document is served')),
    'the log says why, and that the previous document is served',
  );
});

t.test('a collector that hangs is killed at its time limit; before any document there is nothing but the failure', async (t) => {
  const dir = t.testdir({});
  standIn(dir, 'exec /bin/sleep 30');
  const exporter = await windowsExporter(t, { commandEnv: { PATH: dir }, hypervTimeoutMs: 200 });
  const { series } = await scrape(exporter);
  t.equal(collectorSuccess(series, 'readiness'), 0);
  t.equal(collectorSuccess(series, 'hyperv_host'), 0);
  t.equal(find(series, 'sriov_check_status').length, 0);
  t.equal(find(series, 'sriov_hyperv_document_timestamp_seconds').length, 0);
  const readiness = await exporter.app.inject({ method: 'GET', url: '/readiness' });
  t.equal(readiness.statusCode, 503);
  t.match(JSON.parse(readiness.body).error, /the readiness checks failed: could not collect the Hyper-V host's document: powershell\.exe .*no answer within 200 ms/);
});

t.test('--hyperv-json: the file is read again at every run, and a bad one keeps the previous document', async (t) => {
  const dir = t.testdir({});
  const file = path.join(dir, 'hyperv.json');
  fs.copyFileSync(doc('ready-host'), file);
  standIn(dir, 'exit 1');
  const clock = { now: FIXED_NOW };
  const exporter = await windowsExporter(t, { hypervJson: file, commandEnv: { PATH: dir } }, clock);
  t.notOk(fs.existsSync(path.join(dir, 'args')), 'powershell.exe is not run');
  t.equal(verdict((await scrape(exporter)).series), 'ready');

  fs.copyFileSync(doc('switch-iov-off'), file);
  clock.now += 60_000;
  await exporter.app.sriovExporter.readiness.runNow();
  const changed = (await scrape(exporter)).series;
  t.equal(verdict(changed), 'not-ready', 'the new document is judged');
  t.equal(status(changed, 'hypervisor.vswitch.iov-enabled', 'SR-IOV'), 'fail');
  t.strictSame(values(changed, 'sriov_hyperv_switch_iov_enabled', { switch: 'SR-IOV' }), [0]);
  t.strictSame(values(changed, 'sriov_hyperv_document_timestamp_seconds'), [(FIXED_NOW + 60_000) / 1000]);

  fs.writeFileSync(file, '{ "vmhost": ');
  clock.now += 60_000;
  await exporter.app.sriovExporter.readiness.runNow();
  const broken = (await scrape(exporter)).series;
  t.equal(collectorSuccess(broken, 'hyperv_host'), 0);
  t.equal(verdict(broken), 'not-ready', 'the previous judgement stays');
  t.strictSame(values(broken, 'sriov_hyperv_document_timestamp_seconds'), [(FIXED_NOW + 60_000) / 1000]);
  t.ok(exporter.logs.some((l) => l.includes(`--hyperv-json ${file}:`)), 'the log names the file');
});

t.test('two adapters of a VM with the same name are two series', async (t) => {
  const dir = t.testdir({});
  const file = path.join(dir, 'hyperv.json');
  const document = JSON.parse(fs.readFileSync(doc('ready-host'), 'utf8')) as { vnics: Record<string, unknown>[] };
  document.vnics.push({ ...document.vnics[0], IovWeight: 0, IovUsage: 0, VFDataPathActive: false });
  fs.writeFileSync(file, JSON.stringify(document));
  const { series } = await scrape(await windowsExporter(t, { hypervJson: file }));
  t.strictSame(values(series, 'sriov_hyperv_vm_adapter_iov_weight', { vm: 'web01', adapter: 'Network Adapter' }), [100]);
  t.strictSame(values(series, 'sriov_hyperv_vm_adapter_iov_weight', { vm: 'web01', adapter: 'Network Adapter (2)' }), [0]);
});

t.test('on Linux the Hyper-V collector runs nothing and publishes nothing', async (t) => {
  const dir = t.testdir({});
  standIn(dir, `/bin/cat '${doc('ready-host')}'`);
  const exporter = await startExporter(t, 'e810-iavf', { config: { commandEnv: { PATH: `${dir}:${process.env.PATH ?? '/usr/bin:/bin'}` } } });
  const { series } = await scrape(exporter);
  t.notOk(fs.existsSync(path.join(dir, 'args')), 'the stand-in never ran');
  t.equal(collectorSuccess(series, 'hyperv_host'), undefined);
  t.equal(series.filter((s) => s.name.startsWith('sriov_hyperv_')).length, 0);
  t.ok(find(series, 'sriov_pf_info').length > 0, 'the Linux inventory is there');
});

t.test('the CLI: on win32 the exporter needs no sysfs and describes the Windows host; --hyperv-json must be readable', async (t) => {
  const dir = t.testdir({ root: {} });
  standIn(dir, `/bin/cat '${doc('ready-host')}'`);
  const signals = new EventEmitter();
  let stderr = '';
  let announce: (url: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => (announce = resolve));
  const io = {
    stdout: { write: () => true },
    stderr: {
      write: (text: string) => {
        stderr += text;
        const url = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(text)?.[1];
        if (url) announce(url);
        return true;
      },
    },
    env: { PATH: dir },
    platform: 'win32' as const,
  };
  const exited = runExporterCli(['--web.listen-address', '127.0.0.1:0', '--path.rootfs', path.join(dir, 'root')], io, signals);
  const url = await Promise.race([listening, exited.then((code) => `exited ${code}: ${stderr}`)]);
  t.match(url, /^http:/, 'listens although the root has no sys or proc');
  const series = parseExposition(await (await fetch(`${url}/metrics`)).text());
  t.ok(find(series, 'sriov_exporter_collector_success', { collector: 'hyperv_host' }).length === 1, 'hyperv_host runs');
  t.equal(find(series, 'sriov_exporter_collector_success', { collector: 'inventory' }).length, 0, 'the Linux inventory does not');
  signals.emit('SIGTERM');
  t.equal(await exited, 0);

  let missing = '';
  const code = await runExporterCli(['--hyperv-json', path.join(dir, 'none.json')], { stdout: { write: () => true }, stderr: { write: (s: string) => (missing += s) }, env: {} }, new EventEmitter());
  t.equal(code, 2);
  t.match(missing, /^sriov-exporter: --hyperv-json .*none\.json: no such file\n$/);
});
