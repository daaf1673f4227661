// The .rpm, archived by rpmbuild from a laid-out tree with packaging/rpm/sriov-exporter.spec, which turns off
// every post-install step (stripping included: it would make the executable segfault).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installEntries, writeTree } from './install-tree.js';
import { BUILD_DIR, REPO, type Target } from './targets.js';

export function buildRpm(target: Target, thirdPartyLicenses: string): void {
  const staged = path.join(BUILD_DIR, 'rpm-root');
  writeTree(staged, installEntries(target, 'rpm', thirdPartyLicenses));
  const top = path.join(BUILD_DIR, 'rpmbuild');
  fs.rmSync(top, { recursive: true, force: true });
  const define = (name: string, value: string) => ['--define', `${name} ${value}`];
  execFileSync('rpmbuild', [
    '-bb', '--quiet',
    ...define('_topdir', top),
    ...define('_rpmdir', top),
    ...define('_build_name_fmt', 'sriov-exporter.rpm'),
    ...define('pkg_version', target.version),
    ...define('pkg_arch', target.arch.rpm),
    ...define('staged', staged),
    path.join(REPO, 'packaging/rpm/sriov-exporter.spec'),
  ], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.renameSync(path.join(top, 'sriov-exporter.rpm'), target.rpm);
}
