// The .deb, built with dpkg-deb from a laid-out tree (no debhelper: dh_strip would strip the executable after
// the injection, which makes it segfault). The control fields are written here; the maintainer scripts are
// packaging/deb/{postinst,prerm,postrm}.

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { flagsPath, installEntries, writeTree } from './install-tree.js';
import { BUILD_DIR, REPO, type Target } from './targets.js';

/**
 * What the executable links against, at the symbol versions it needs (checked against the binary by
 * test/packaging/artefacts.test.ts): glibc 2.28, and CXXABI_1.3.11 from GCC 7's libstdc++.
 */
export const DEB_DEPENDS = 'libc6 (>= 2.28), libgcc-s1 | libgcc1, libstdc++6 (>= 7)';
/** The programs the exporter and the checks run; without them those readings are absent, not wrong. */
export const DEB_RECOMMENDS = 'iproute2, ethtool, pciutils';

export function buildDeb(target: Target, thirdPartyLicenses: string): void {
  const root = path.join(BUILD_DIR, 'deb');
  const entries = installEntries(target, 'deb', thirdPartyLicenses);
  writeTree(root, entries);
  const control = path.join(root, 'DEBIAN');
  fs.mkdirSync(control, { mode: 0o755 });
  const files = entries.filter((e) => !('link' in e.source)).map((e) => e.path);
  const installedKiB = Math.ceil(files.reduce((sum, f) => sum + fs.statSync(path.join(root, f)).size, 0) / 1024);
  const description = [
    'SR-IOV readiness preflight and per-VF Prometheus exporter',
    ' sriov-check judges whether a Linux virtualization host is ready to give SR-IOV',
    ' VFs to VMs: the NIC, the firmware/BIOS (IOMMU, interrupt remapping, ARI, ACS) and',
    ' the hypervisor (KVM, VFIO), with a fix for every failure. sriov-exporter serves',
    ' per-VF traffic, drop and queue counters, the PF/VF inventory and the readiness',
    ' checks to Prometheus. One executable with Node.js inside: no Node.js needed.',
  ];
  const fields = [
    ['Package', 'sriov-exporter'],
    ['Version', target.version],
    ['Architecture', target.arch.deb],
    ['Maintainer', 'sriov-exporter developers'],
    ['Installed-Size', String(installedKiB)],
    ['Depends', DEB_DEPENDS],
    ['Recommends', DEB_RECOMMENDS],
    ['Section', 'net'],
    ['Priority', 'optional'],
    ['Homepage', 'https://github.com/sriov-exporter/sriov-exporter'],
    ['Description', description.join('\n')],
  ];
  fs.writeFileSync(path.join(control, 'control'), fields.map(([k, v]) => `${k}: ${v}\n`).join(''));
  fs.writeFileSync(path.join(control, 'conffiles'), entries.filter((e) => e.config).map((e) => `/${e.path}\n`).join(''));
  if (!fs.readFileSync(path.join(control, 'conffiles'), 'utf8').includes(`/${flagsPath('deb')}`)) throw new Error('the flags file must be a conffile');
  fs.writeFileSync(path.join(control, 'md5sums'), files.filter((f) => !f.startsWith('etc/')).map((f) => `${createHash('md5').update(fs.readFileSync(path.join(root, f))).digest('hex')}  ${f}\n`).join(''));
  for (const script of ['postinst', 'prerm', 'postrm']) {
    fs.copyFileSync(path.join(REPO, 'packaging/deb', script), path.join(control, script));
    fs.chmodSync(path.join(control, script), 0o755);
  }
  // xz at level 1: dpkg of every Debian and Ubuntu the binary runs on reads it (zstd needs dpkg 1.21.18), and
  // it takes seconds where the default level takes a minute.
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '-z1', '--build', root, target.deb], { stdio: ['ignore', 'ignore', 'inherit'] });
}
