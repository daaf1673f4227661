// The executable carries code that is not ours: Node.js itself and every npm package the bundles took in. Their
// licences ask that the notice travels with the code, so each archive and package ships THIRD-PARTY-LICENSES:
// per component its name, version, licence and the licence file's text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, type Target } from './targets.js';

interface Component {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly text: string;
}

/** The text of THIRD-PARTY-LICENSES for the bundled files (paths relative to the repository). */
export function thirdPartyLicenses(target: Target, bundledFiles: readonly string[]): string {
  const dirs = new Set<string>();
  for (const file of bundledFiles) {
    // node_modules/<name>/… or node_modules/@scope/<name>/…, the innermost node_modules winning.
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file.split(path.sep).join('/'));
    if (match) dirs.add(match[1] as string);
  }
  const components = [component(path.dirname(path.dirname(target.nodeBinary))), ...[...dirs].sort().map((d) => component(path.join(REPO, d)))];
  const unique = [...new Map(components.map((c) => [`${c.name}@${c.version}`, c])).values()];
  const header = 'sriov-exporter includes the following software. Each is listed with its version, its licence and the licence text it ships with.\n';
  return [header, ...unique.map((c) => `${'='.repeat(78)}\n${c.name} ${c.version} (${c.license})\n${'='.repeat(78)}\n\n${c.text.trim()}\n`)].join('\n');
}

function component(dir: string): Component {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
  const file = fs.readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const license = pkg.license ?? 'no licence declared';
  // A few packages declare their licence in package.json only: that declaration is all there is to pass on.
  const text = file === undefined ? `The package ships no licence text; its package.json declares ${license}.` : fs.readFileSync(path.join(dir, file), 'utf8');
  return { name: pkg.name, version: pkg.version, license, text };
}
