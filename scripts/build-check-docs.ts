// Regenerates the generated parts of the documentation from the code's tables: the check catalog and the
// remediation catalog in docs/checks.md and the flag tables in README.md. `npm run docs`; tests fail while they differ.

import * as fs from 'node:fs';
import { CHECK_FLAGS } from '../src/cli/check-options.js';
import { EXPORTER_FLAGS } from '../src/cli/exporter-options.js';
import {
  FLAGS_BEGIN,
  FLAGS_END,
  REMEDIES_BEGIN,
  REMEDIES_END,
  renderCheckCatalog,
  renderFlagTables,
  renderRemediations,
  replaceBetween,
  replaceGenerated,
} from '../test/support/check-docs.js';

const checks = new URL('../docs/checks.md', import.meta.url);
const catalog = replaceGenerated(fs.readFileSync(checks, 'utf8'), renderCheckCatalog());
fs.writeFileSync(checks, replaceBetween(catalog, REMEDIES_BEGIN, REMEDIES_END, renderRemediations()));
const readme = new URL('../README.md', import.meta.url);
const flags = renderFlagTables([
  { name: 'sriov-check', flags: CHECK_FLAGS },
  { name: 'sriov-exporter', flags: EXPORTER_FLAGS },
]);
fs.writeFileSync(readme, replaceBetween(fs.readFileSync(readme, 'utf8'), FLAGS_BEGIN, FLAGS_END, flags));
console.log('docs/checks.md and README.md updated');
