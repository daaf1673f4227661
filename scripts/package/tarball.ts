// The .tar.gz, as upstream exporters ship: one directory holding the executable, sriov-check as a link to it,
// the licences, the systemd unit and its file of flags (deploy/README.md says where each goes), and the Hyper-V
// collector script under scripts/ as in the npm package.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COLLECTOR_SCRIPT } from './install-tree.js';
import { REPO, RELEASE_DIR, type Target } from './targets.js';

export function buildTarball(target: Target, thirdPartyLicenses: string): void {
  const dir = target.tarballDir;
  const link = path.join(dir, 'sriov-check');
  fs.rmSync(link, { force: true });
  fs.symlinkSync('sriov-exporter', link);
  fs.copyFileSync(path.join(REPO, 'LICENSE'), path.join(dir, 'LICENSE'));
  fs.writeFileSync(path.join(dir, 'THIRD-PARTY-LICENSES'), thirdPartyLicenses);
  fs.copyFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.service'), path.join(dir, 'sriov-exporter.service'));
  fs.copyFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.default'), path.join(dir, 'sriov-exporter.default'));
  fs.mkdirSync(path.join(dir, path.dirname(COLLECTOR_SCRIPT)), { recursive: true });
  fs.copyFileSync(path.join(REPO, COLLECTOR_SCRIPT), path.join(dir, COLLECTOR_SCRIPT));
  for (const f of ['LICENSE', 'THIRD-PARTY-LICENSES', 'sriov-exporter.service', 'sriov-exporter.default', COLLECTOR_SCRIPT]) fs.chmodSync(path.join(dir, f), 0o644);
  fs.chmodSync(path.join(dir, path.dirname(COLLECTOR_SCRIPT)), 0o755);
  fs.chmodSync(dir, 0o755);
  // gzip at its default level 6: 4 s for 110 MB here, where level 9 takes three times as long for 1% less.
  execFileSync('tar', ['--owner=0', '--group=0', '--numeric-owner', '-czf', target.tarball, '-C', RELEASE_DIR, path.basename(dir)]);
}
