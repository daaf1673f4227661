// Regenerates the generated parts of the documentation from the code's tables: the check catalog in
// docs/checks.md and the flag tables in README.md. `npm run docs`; tests fail while they differ.

import * as fs from 'node:fs';
import { DOCUMENTED_PROGRAMS, FLAGS_BEGIN, FLAGS_END, renderCheckCatalog, renderFlagTables, replaceBetween, replaceGenerated } from '../test/support/check-docs.js';

const checks = new URL('../docs/checks.md', import.meta.url);
fs.writeFileSync(checks, replaceGenerated(fs.readFileSync(checks, 'utf8'), renderCheckCatalog()));
const readme = new URL('../README.md', import.meta.url);
const flags = renderFlagTables(DOCUMENTED_PROGRAMS);
fs.writeFileSync(readme, replaceBetween(fs.readFileSync(readme, 'utf8'), FLAGS_BEGIN, FLAGS_END, flags));
console.log('docs/checks.md and README.md updated');
