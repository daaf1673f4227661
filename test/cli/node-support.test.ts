// A Node.js too old for the programs (Debian 12 and Proxmox VE 8 ship 18) gets one line and exit code 2, the
// could-not-run code, instead of a SyntaxError and exit 1, the not-ready code. The built entries load nothing but
// the version check before deciding, so no newer API is touched first.

import t from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OLDEST_NODE, compareVersions, nodeRefusal } from '../../src/cli/node-support.js';
import { REPO } from '../support/run-cli.js';

t.test('which versions are refused', async (t) => {
  t.match(nodeRefusal('sriov-check', '18.20.4'), /^sriov-check: Node\.js 18\.20\.4 is too old: it needs 20\.19\.0 or later \(supported: 22 and 24\); .*\n$/);
  t.equal(nodeRefusal('sriov-check', '18.20.4')?.split('\n').length, 2, 'one line');
  for (const version of ['20.19.0', '20.20.2', '22.0.0', '24.22.3', '25.1.0']) t.equal(nodeRefusal('sriov-check', version), undefined, `${version} runs`);
  for (const version of ['20.18.3', '16.20.2', '12.22.12']) t.ok(nodeRefusal('sriov-exporter', version), `${version} is refused`);
  t.ok(compareVersions('20.9.0', '20.19.0') < 0, 'numeric, not lexical');
  t.equal(compareVersions(OLDEST_NODE, OLDEST_NODE), 0);
});

t.test('the built entries import only the version check before it decides', async (t) => {
  for (const bin of ['sriov-check', 'sriov-exporter']) {
    const code = fs.readFileSync(path.join(REPO, `dist/bin/${bin}.js`), 'utf8');
    t.same([...code.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]), ['../cli/node-support.js'], `${bin}: one static import`);
    t.notMatch(code, /^\s*await /m, `${bin}: no top-level await (an old Node would not parse it)`);
  }
  t.same([...fs.readFileSync(path.join(REPO, 'dist/cli/node-support.js'), 'utf8').matchAll(/^import /gm)], [], 'the version check imports nothing');
});

t.test('the built programs on a Node that says it is 18.20.4: one line, exit 2', async (t) => {
  const dir = t.testdir({ 'old-node.mjs': "Object.defineProperty(process.versions, 'node', { value: '18.20.4' });\n" });
  for (const bin of ['sriov-check', 'sriov-exporter']) {
    const result = spawnSync(process.execPath, ['--import', path.join(dir, 'old-node.mjs'), path.join(REPO, `dist/bin/${bin}.js`), '--version'], { encoding: 'utf8' });
    t.equal(result.status, 2, `${bin}: exit code 2`);
    t.equal(result.stdout, '', `${bin}: nothing on stdout`);
    t.match(result.stderr, new RegExp(`^${bin}: Node\\.js 18\\.20\\.4 is too old: .*\\n$`), `${bin}: one line naming the version`);
  }
});
