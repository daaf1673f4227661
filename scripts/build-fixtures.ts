// Writes every fixture host of test/fixtures/scenarios with a committed tree into test/fixtures/hosts/<name>/.
// Run after changing a scenario or the builder: `npm run fixtures`. A test fails while they differ.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHost } from '../test/support/host-builder.js';
import { COMMITTED_SCENARIOS } from '../test/fixtures/scenarios/index.js';

const hostsDir = path.resolve(new URL('../test/fixtures/hosts', import.meta.url).pathname);
for (const scenario of COMMITTED_SCENARIOS) {
  const dir = path.join(hostsDir, scenario.name);
  fs.rmSync(dir, { recursive: true, force: true });
  buildHost(dir, scenario.spec);
  console.log(`${scenario.name}: ${scenario.description}`);
}
