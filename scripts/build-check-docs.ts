// Regenerates the check catalog in docs/checks.md (between the BEGIN/END markers) from the check table.
// `npm run docs`; a test fails while the committed doc and the table differ.

import * as fs from 'node:fs';
import { renderCheckCatalog, replaceGenerated } from '../test/support/check-docs.js';

const file = new URL('../docs/checks.md', import.meta.url);
fs.writeFileSync(file, replaceGenerated(fs.readFileSync(file, 'utf8'), renderCheckCatalog()));
console.log('docs/checks.md updated');
