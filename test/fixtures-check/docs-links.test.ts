// The documents point at things that exist: every relative link in README.md, deploy/README.md and docs/*.md
// names a file of the repository, and every `npm run <script>` they tell a reader to type is a script of
// package.json.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../support/run-cli.js';

const documents = ['README.md', 'deploy/README.md', ...fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const scripts = new Set(Object.keys((JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts));

/** Relative link targets of markdown links, without their #anchor. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0] as string);
}

t.test('the link finder sees relative links only', async (t) => {
  t.strictSame(relativeLinks('[a](docs/x.md#y) [b](https://e.org) [c](#top) [d](../deploy/)'), ['docs/x.md', '../deploy/']);
});

for (const document of documents) {
  t.test(document, async (t) => {
    const text = fs.readFileSync(path.join(REPO, document), 'utf8');
    for (const link of relativeLinks(text)) {
      t.ok(fs.existsSync(path.resolve(REPO, path.dirname(document), link)), `link ${link} exists`);
    }
    for (const [, script] of text.matchAll(/npm run ([a-z][\w:-]*)/g)) t.ok(scripts.has(script as string), `npm run ${script} is a script`);
  });
}
