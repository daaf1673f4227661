// The second step of `npm run build`: sriov-check's CLI bundled by esbuild over tsc's dist/cli/check-main.js.
// A check run is short, and loading ~160 small modules (resolve, read, compile, link each) was most of it
// (docs/performance.md). The bundle is an ES module like tsc's output, so the entries and the version check
// before it load as they did; what only some runs use (--plan and its YAML parser, snapshot files and their
// schema validator, diff, each output format's renderer) is imported where it is used and lands in its own
// chunk under dist/chunks/, loaded only by those runs. Packages stay in node_modules, as npm installs them, but
// for the small CommonJS ones every run imports (saxes, for libvirt's status files): an ES module importing a
// CommonJS one has Node lex its whole source for the export names first, a measured 6–8% of a run.
// The exporter is not bundled here: its readiness worker is a file beside its module (exporter/readiness).

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const REPO = path.resolve(new URL('..', import.meta.url).pathname);
const DIST = path.join(REPO, 'dist');
// At the depth of dist/cli/, so that a module's import.meta.url paths (../../package.json) mean the same.
const CHUNKS = path.join(DIST, 'chunks');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
const BUNDLED_PACKAGES = new Set(['saxes']);

fs.rmSync(CHUNKS, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join(REPO, 'src/cli/check-main.ts')],
  outdir: path.join(DIST, 'cli'),
  chunkNames: '../chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(PACKAGE.dependencies).filter((name) => !BUNDLED_PACKAGES.has(name)),
  logLevel: 'warning',
});
