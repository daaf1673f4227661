// --kernel-log for the exporter: its readiness checks read the same kernel-log sources as sriov-check — the log
// files under the root by default, or the file the flag names, read again at every run.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseExporterArgs } from '../../src/cli/exporter-options.js';
import { startExporter } from '../support/exporter-server.js';
import { fixtureHost } from '../support/run-cli.js';

interface ReadinessReport {
  readonly host: { readonly kernel_log: readonly { path: string; origin: string; status: string }[] };
  readonly checks: readonly { id: string; evidence: readonly string[] }[];
}

t.test('--kernel-log FILE parses into the readiness settings', async (t) => {
  t.equal(parseExporterArgs(['--kernel-log', '/var/tmp/kernel.log']).settings.kernelLog, '/var/tmp/kernel.log');
  t.equal(parseExporterArgs([]).settings.kernelLog, undefined, 'absent: the files under the root');
});

t.test('the readiness report reads the named file, again at every run', async (t) => {
  const dir = t.testdir({});
  const log = path.join(dir, 'kernel.log');
  // A real kernel log of this boot (the x710-iavf host's, with its SR-IOV lines), where the exporter's host has none.
  fs.copyFileSync(path.join(fixtureHost('x710-iavf'), 'var/log/kern.log'), log);
  const exporter = await startExporter(t, 'x710-oot', { config: { kernelLog: log } });
  const first = JSON.parse((await exporter.app.inject({ url: '/readiness' })).body) as ReadinessReport;
  t.same(first.host.kernel_log.map((s) => [s.path, s.origin]), [[log, 'option']], 'the named file is the one source');
  t.match(first.host.kernel_log[0]?.status, /^read/);
  fs.rmSync(log);
  await exporter.app.sriovExporter.readiness.runNow();
  const second = JSON.parse((await exporter.app.inject({ url: '/readiness' })).body) as ReadinessReport;
  t.same(second.host.kernel_log, [], 'read again at the next run: the file is gone, and so is the source');
});
