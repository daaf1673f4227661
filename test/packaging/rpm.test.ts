// The .rpm, unpacked with rpm2cpio as on a machine without rpm's database (and read with rpm -qp): the files
// where an RPM-based host expects them, the flags file a %config(noreplace) file, the dependencies found in the
// executable, and the executable itself unchanged (rpmbuild strips by default; stripped, it would segfault).

import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flagsPath, installEntries, unitPath } from '../../scripts/package/install-tree.js';
import { packageVersion } from '../../scripts/package/targets.js';
import { S_IFDIR, S_IFLNK, S_IFREG, fileType, readCpioNewc } from '../support/cpio-newc.js';
import { REPORT_CASES, normalizeReport, reportArgs, reportPath } from '../support/goldens.js';
import { releasedTarget, sha256, skipUnlessReleased } from '../support/release-artefacts.js';
import { REPO } from '../support/run-cli.js';

// Unpacking 110 MB takes seconds on an idle machine, more than the default limit on a busy one.
t.setTimeout(300_000);

const found = releasedTarget();
const skip = skipUnlessReleased(found);
const version = packageVersion();

t.test('the .rpm unpacked with rpm2cpio', { skip, timeout: 300_000 }, async (t) => {
  if (typeof found === 'string') return t.fail(found);
  const payload = execFileSync('rpm2cpio', [found.rpm], { maxBuffer: 1024 * 1024 * 1024 });
  const entries = readCpioNewc(payload);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const expected = installEntries(found, 'rpm', '').map((e) => e.path);
  t.same(entries.filter((e) => fileType(e.mode) !== S_IFDIR).map((e) => e.name).sort(), [...expected].sort(), 'the files of the install table, and no others');

  const executable = byName.get('usr/bin/sriov-exporter');
  t.equal(fileType(executable?.mode ?? 0), S_IFREG);
  t.equal((executable?.mode ?? 0) & 0o777, 0o755);
  const link = byName.get('usr/bin/sriov-check');
  t.equal(fileType(link?.mode ?? 0), S_IFLNK, 'sriov-check is a link…');
  t.equal(link?.data.toString(), 'sriov-exporter', '…to the executable');
  t.equal(byName.get(unitPath('rpm'))?.data.toString(), fs.readFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.service'), 'utf8'), 'the unit of deploy/systemd, in /usr/lib/systemd/system');
  t.equal(byName.get(flagsPath('rpm'))?.data.toString(), fs.readFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.default'), 'utf8'), 'the flags file in /etc/sysconfig');
  t.equal(byName.get('usr/share/sriov-exporter/scripts/collect-hyperv.ps1')?.data.toString(), fs.readFileSync(path.join(REPO, 'scripts/collect-hyperv.ps1'), 'utf8'), 'the Hyper-V collector');

  // The executable out of the package, run: byte for byte the built one, and it works.
  const dir = t.testdir({});
  const unpacked = path.join(dir, 'sriov-exporter');
  fs.writeFileSync(unpacked, executable?.data ?? Buffer.alloc(0), { mode: 0o755 });
  t.equal(sha256(unpacked), sha256(found.executable), 'the executable is the built one, byte for byte');
  fs.symlinkSync('sriov-exporter', path.join(dir, 'sriov-check'));
  t.equal(execFileSync(path.join(dir, 'sriov-check'), ['--version'], { encoding: 'utf8' }), `sriov-check ${version}\n`);
  const ready = REPORT_CASES.find((c) => c.name === 'ready-intel') as (typeof REPORT_CASES)[number];
  const report = spawnSync(path.join(dir, 'sriov-check'), reportArgs(ready, 'json'), { encoding: 'utf8' });
  t.equal(normalizeReport(report.stdout, version), fs.readFileSync(reportPath(ready, 'json'), 'utf8'), 'a fixture host gives its golden report');

  const query = (...args: string[]) => execFileSync('rpm', ['-qp', ...args, found.rpm], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  t.equal(query('--queryformat', '%{NAME} %{VERSION} %{ARCH}'), `sriov-exporter ${version} ${found.arch.rpm}`);
  t.equal(query('--configfiles').trim(), `/${flagsPath('rpm')}`, 'the flags file is a configuration file…');
  t.match(query('--queryformat', '[%{FILEFLAGS:fflags} %{FILENAMES}\n]'), new RegExp(`^cn /${flagsPath('rpm')}$`, 'm'), '…kept when edited (%config(noreplace))');
  const requires = query('--requires').split('\n');
  t.ok(requires.includes('libc.so.6(GLIBC_2.28)(64bit)') || found.arch.rpm !== 'x86_64', 'glibc 2.28, found by rpm in the executable');
  t.ok(requires.some((r) => r.startsWith('libstdc++.so.6')), 'libstdc++');
  t.match(query('--scripts'), /preuninstall scriptlet[\s\S]*disable --now sriov-exporter\.service/, 'erasing the package stops and disables the service');
});
