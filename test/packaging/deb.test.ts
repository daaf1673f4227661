// The .deb installed on this machine with dpkg, as an operator installs it, then removed and purged: the files
// where the package says, the installed sriov-check giving every fixture host's golden report, the installed
// exporter serving metrics promtool accepts and the readiness report, the unit systemd accepts.

import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEB_DEPENDS } from '../../scripts/package/deb.js';
import { flagsPath, unitPath } from '../../scripts/package/install-tree.js';
import { collectorScript } from '../../src/readers/hyperv-collector.js';
import { packageVersion } from '../../scripts/package/targets.js';
import { startExporterProcess } from '../support/exporter-process.js';
import { REPORT_CASES, normalizeReport, reportArgs, reportPath } from '../support/goldens.js';
import { holdInstallLock, releasedTarget, sha256, skipUnlessReleased } from '../support/release-artefacts.js';
import { REPO, fixtureHost } from '../support/run-cli.js';
import { waitFor } from '../support/server-process.js';

// Installing, 17 reports and an exporter run take a minute on an idle machine: more than the default limit when busy.
t.setTimeout(600_000);

const found = releasedTarget();
const notRoot = process.getuid?.() !== 0 ? 'dpkg -i needs root' : false;
const skip = notRoot || skipUnlessReleased(found);
const version = packageVersion();

t.test('the .deb: installed with dpkg -i, used, removed and purged', { skip, timeout: 600_000 }, async (t) => {
  if (typeof found === 'string') return t.fail(found);
  const lock = await holdInstallLock();
  // Purged even when an assertion failed half-way, and only then is the lock given back.
  t.teardown(() => {
    spawnSync('dpkg', ['--purge', 'sriov-exporter'], { stdio: 'ignore' });
    lock.release();
  });

  execFileSync('dpkg', ['-i', found.deb], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.equal(execFileSync('dpkg-query', ['-W', '-f=${Status} ${Version}', 'sriov-exporter'], { encoding: 'utf8' }), `install ok installed ${version}`);

  const files = execFileSync('dpkg', ['-L', 'sriov-exporter'], { encoding: 'utf8' }).split('\n');
  for (const file of ['/usr/bin/sriov-exporter', '/usr/bin/sriov-check', `/${unitPath('deb')}`, `/${flagsPath('deb')}`, '/usr/share/doc/sriov-exporter/copyright', '/usr/share/doc/sriov-exporter/README.md', '/usr/share/doc/sriov-exporter/docs/checks.md', '/usr/share/sriov-exporter/rules/sriov-exporter.alerts.yml', '/usr/share/sriov-exporter/dashboards/sriov-host.json', '/usr/share/sriov-exporter/scripts/collect-hyperv.ps1']) {
    t.ok(files.includes(file), `installs ${file}`);
  }
  t.equal(fs.readFileSync('/usr/share/sriov-exporter/scripts/collect-hyperv.ps1', 'utf8'), fs.readFileSync(path.join(REPO, 'scripts/collect-hyperv.ps1'), 'utf8'), 'the Hyper-V collector, to copy to a Windows host');
  t.equal(collectorScript({ sea: true, execPath: '/usr/bin/sriov-exporter' }), '/usr/share/sriov-exporter/scripts/collect-hyperv.ps1', 'where the installed executable looks for it');
  t.equal(fs.readlinkSync('/usr/bin/sriov-check'), 'sriov-exporter', 'sriov-check is a link to the one executable');
  t.equal(sha256('/usr/bin/sriov-exporter'), sha256(found.executable), 'the installed executable is the built one, byte for byte (nothing stripped it)');
  t.equal(fs.readFileSync(`/${unitPath('deb')}`, 'utf8'), fs.readFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.service'), 'utf8'), 'the unit of deploy/systemd');
  t.match(execFileSync('dpkg-query', ['-W', '-f=${Conffiles}', 'sriov-exporter'], { encoding: 'utf8' }), new RegExp(`^ /${flagsPath('deb')} [0-9a-f]{32}$`, 'm'), 'the flags file is a conffile');
  t.equal(execFileSync('dpkg-deb', ['-f', found.deb, 'Depends'], { encoding: 'utf8' }).trim(), DEB_DEPENDS);

  t.equal(execFileSync('sriov-check', ['--version'], { encoding: 'utf8' }), `sriov-check ${version}\n`, 'sriov-check --version prints the package version');
  t.equal(execFileSync('sriov-exporter', ['--version'], { encoding: 'utf8' }), `sriov-exporter ${version}\n`);

  const verify = spawnSync('systemd-analyze', ['verify', `/${unitPath('deb')}`], { encoding: 'utf8' });
  t.equal(verify.status, 0, 'systemd-analyze verify accepts the installed unit');
  t.equal(`${verify.stdout}${verify.stderr}`, '', '…without a remark');

  await t.test('the installed sriov-check gives every golden report', async (t) => {
    for (const c of REPORT_CASES) {
      const result = spawnSync('/usr/bin/sriov-check', reportArgs(c, 'json'), { encoding: 'utf8' });
      t.equal(normalizeReport(result.stdout, version), fs.readFileSync(reportPath(c, 'json'), 'utf8'), `${c.name}: its golden JSON report`);
      t.equal(result.status, (JSON.parse(result.stdout) as { verdict: string }).verdict === 'not-ready' ? 1 : 0, `${c.name}: exit code of its verdict`);
    }
  });

  await t.test('the installed sriov-exporter serves a fixture host: metrics promtool accepts, the readiness report', async (t) => {
    const exporter = await startExporterProcess(['--path.rootfs', fixtureHost('ready-intel'), '--web.listen-address', '127.0.0.1:0'], {}, 30_000, { program: '/usr/bin/sriov-exporter' });
    t.teardown(() => exporter.process.stop());
    const metrics = await (await fetch(`${exporter.url}/metrics`)).text();
    t.match(metrics, /^sriov_pf_info\{pf="ens2f0np0",pci_address="0000:5e:00\.0"/m);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: metrics, encoding: 'utf8' });
    t.equal(lint.status, 0, 'promtool check metrics: exit 0');
    t.equal(`${lint.stdout}${lint.stderr}`, '', 'promtool check metrics: no findings');
    // The checks run in the background, in the worker the executable carries: 503 until the first run ends.
    const readiness = await waitFor('/readiness to answer 200', 60_000, async () => {
      const response = await fetch(`${exporter.url}/readiness`);
      return response.status === 200 ? response.text() : undefined;
    });
    const golden = JSON.parse(fs.readFileSync(reportPath(REPORT_CASES.find((c) => c.name === 'ready-intel') as (typeof REPORT_CASES)[number], 'json'), 'utf8')) as Record<string, unknown>;
    const report = JSON.parse(normalizeReport(readiness, version)) as Record<string, unknown>;
    t.same(report.tool, { name: 'sriov-exporter', version: '<version>' });
    t.same({ ...report, tool: golden.tool }, golden, 'the same report as sriov-check --output json');
  });

  execFileSync('dpkg', ['--remove', 'sriov-exporter'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.notOk(fs.existsSync('/usr/bin/sriov-exporter'), 'dpkg --remove takes the executable away');
  t.notOk(fs.existsSync('/usr/bin/sriov-check'), '…and the link');
  t.ok(fs.existsSync(`/${flagsPath('deb')}`), '…and keeps the flags file, a conffile');
  execFileSync('dpkg', ['--purge', 'sriov-exporter'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.notOk(fs.existsSync(`/${flagsPath('deb')}`), 'dpkg --purge takes the flags file too');
});

t.test('the Depends of the .deb cover the symbol versions the executable needs', { skip: skipUnlessReleased(found) }, async (t) => {
  if (typeof found === 'string') return t.fail(found);
  const symbols = execFileSync('objdump', ['-T', found.executable], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const newest = (prefix: string) => [...new Set([...symbols.matchAll(new RegExp(`\\b${prefix}_([0-9.]+)\\b`, 'g'))].map((m) => m[1] as string))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
  // glibc: libc6 (>= 2.28). libstdc++: GCC 7 brought CXXABI_1.3.11 and GLIBCXX_3.4.24, hence libstdc++6 (>= 7).
  t.equal(newest('GLIBC'), '2.28');
  t.ok((newest('CXXABI') ?? '').localeCompare('1.3.11', undefined, { numeric: true }) <= 0, `CXXABI ${newest('CXXABI')} ≤ 1.3.11`);
  t.ok((newest('GLIBCXX') ?? '').localeCompare('3.4.24', undefined, { numeric: true }) <= 0, `GLIBCXX ${newest('GLIBCXX')} ≤ 3.4.24`);
  t.match(DEB_DEPENDS, /libc6 \(>= 2\.28\)/);
  t.match(DEB_DEPENDS, /libstdc\+\+6 \(>= 7\)/);
});
