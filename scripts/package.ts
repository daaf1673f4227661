// `npm run package`: the single executable, a .tar.gz, a .deb and an .rpm for this machine's architecture, in
// release/. Offline: everything comes from node_modules and from packaging/node (the pinned official Node.js,
// fetched once by `npm run package:node`). Needs strip (binutils), dpkg-deb and rpmbuild (Debian: rpm).
//
//   npm run package:node && npm run package

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildDeb } from './package/deb.js';
import { buildRpm } from './package/rpm.js';
import { buildSingleExecutable } from './package/single-executable.js';
import { buildTarball } from './package/tarball.js';
import { BUILD_DIR, REPO, RELEASE_DIR, currentTarget } from './package/targets.js';
import { thirdPartyLicenses } from './package/third-party-licenses.js';

const target = currentTarget();
if (target === undefined) {
  console.error(`package: packages are built on Linux for x64 or arm64, not ${process.platform}/${process.arch}`);
  process.exit(2);
}
if (!fs.existsSync(target.nodeBinary)) {
  console.error(`package: ${path.relative(REPO, target.nodeBinary)} is missing: run \`npm run package:node\` once (it fetches the pinned Node.js from the npm registry)`);
  process.exit(2);
}

fs.rmSync(RELEASE_DIR, { recursive: true, force: true });
fs.mkdirSync(BUILD_DIR, { recursive: true });
const timings: [string, number][] = [];
const timed = async (step: string, run: () => unknown) => {
  const began = performance.now();
  await run();
  timings.push([step, (performance.now() - began) / 1000]);
};

let licenses = '';
await timed('single executable', async () => {
  const bundle = await buildSingleExecutable(target);
  licenses = thirdPartyLicenses(target, bundle.inputs);
});
await timed('.tar.gz', () => buildTarball(target, licenses));
await timed('.deb', () => buildDeb(target, licenses));
await timed('.rpm', () => buildRpm(target, licenses));

const artefacts = [target.executable, target.tarball, target.deb, target.rpm];
fs.writeFileSync(target.checksums, artefacts.map((f) => `${createHash('sha256').update(fs.readFileSync(f)).digest('hex')}  ${path.relative(RELEASE_DIR, f)}\n`).join(''));
fs.rmSync(BUILD_DIR, { recursive: true, force: true });

const mb = (file: string) => `${(fs.statSync(file).size / 1e6).toFixed(1)} MB`;
for (const file of artefacts) console.log(`${mb(file).padStart(9)}  ${path.relative(REPO, file)}`);
console.log(timings.map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', '));
