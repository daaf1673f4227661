// Where the .deb and the .rpm put each file: one table for both, the two families differing only in the unit
// directory, the file of flags (/etc/default or /etc/sysconfig, a configuration file the package manager keeps
// when the user edited it) and where licences go.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, type Target } from './targets.js';

export type Family = 'deb' | 'rpm';

type Source = { readonly file: string; readonly mode?: number } | { readonly text: string } | { readonly link: string };

export interface Entry {
  /** Path on the installed system, without the leading slash. */
  readonly path: string;
  readonly source: Source;
  /** A configuration file: kept across upgrades and removal when changed (dpkg conffile, rpm %config(noreplace)). */
  readonly config?: boolean;
}

export const DOC_DIR = 'usr/share/doc/sriov-exporter';
export const DATA_DIR = 'usr/share/sriov-exporter';
/** The Hyper-V collector, for an operator to copy to a Windows host; the same path in the repository, the npm package and the .tar.gz. */
export const COLLECTOR_SCRIPT = 'scripts/collect-hyperv.ps1';

export function unitPath(family: Family): string {
  return `${family === 'deb' ? 'lib' : 'usr/lib'}/systemd/system/sriov-exporter.service`;
}

export function flagsPath(family: Family): string {
  return family === 'deb' ? 'etc/default/sriov-exporter' : 'etc/sysconfig/sriov-exporter';
}

export function installEntries(target: Target, family: Family, thirdPartyLicenses: string): Entry[] {
  const repoFiles = (dir: string, ext: string) => fs.readdirSync(path.join(REPO, dir)).filter((f) => f.endsWith(ext)).sort();
  const licenseDir = family === 'deb' ? DOC_DIR : 'usr/share/licenses/sriov-exporter';
  return [
    { path: 'usr/bin/sriov-exporter', source: { file: target.executable, mode: 0o755 } },
    { path: 'usr/bin/sriov-check', source: { link: 'sriov-exporter' } },
    { path: unitPath(family), source: { file: path.join(REPO, 'deploy/systemd/sriov-exporter.service') } },
    { path: flagsPath(family), source: { file: path.join(REPO, 'deploy/systemd/sriov-exporter.default') }, config: true },
    // Debian keeps the licence as the package's copyright file.
    { path: family === 'deb' ? `${DOC_DIR}/copyright` : `${licenseDir}/LICENSE`, source: { file: path.join(REPO, 'LICENSE') } },
    { path: `${licenseDir}/THIRD-PARTY-LICENSES`, source: { text: thirdPartyLicenses } },
    { path: `${DOC_DIR}/README.md`, source: { file: path.join(REPO, 'README.md') } },
    { path: `${DOC_DIR}/deploy/README.md`, source: { file: path.join(REPO, 'deploy/README.md') } },
    ...repoFiles('docs', '.md').map((f) => ({ path: `${DOC_DIR}/docs/${f}`, source: { file: path.join(REPO, 'docs', f) } })),
    ...repoFiles('rules', '.yml').map((f) => ({ path: `${DATA_DIR}/rules/${f}`, source: { file: path.join(REPO, 'rules', f) } })),
    ...repoFiles('dashboards', '.json').map((f) => ({ path: `${DATA_DIR}/dashboards/${f}`, source: { file: path.join(REPO, 'dashboards', f) } })),
    { path: `${DATA_DIR}/${COLLECTOR_SCRIPT}`, source: { file: path.join(REPO, COLLECTOR_SCRIPT) } },
  ];
}

/** Lays the entries out under `root` as the package manager will on the host. */
export function writeTree(root: string, entries: readonly Entry[]): void {
  fs.rmSync(root, { recursive: true, force: true });
  for (const entry of entries) {
    const to = path.join(root, entry.path);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const source = entry.source;
    if ('link' in source) fs.symlinkSync(source.link, to);
    else if ('text' in source) fs.writeFileSync(to, source.text, { mode: 0o644 });
    else {
      fs.copyFileSync(source.file, to);
      fs.chmodSync(to, source.mode ?? 0o644);
    }
  }
  // Directories as a package manager expects them whatever the umask of the build.
  for (const dir of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (dir.isDirectory()) fs.chmodSync(path.join(dir.parentPath, dir.name), 0o755);
  }
  fs.chmodSync(root, 0o755);
}
