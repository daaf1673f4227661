// The committed fixture hosts are exactly what the scenarios and the builder produce (`npm run fixtures`).

import t from 'tap';
import * as path from 'node:path';
import { buildHost } from '../support/host-builder.js';
import { COMMITTED_SCENARIOS } from '../fixtures/scenarios/index.js';
import { FIXTURE_HOSTS } from '../support/run-cli.js';
import { treeDifferences } from '../support/tree-diff.js';

for (const scenario of COMMITTED_SCENARIOS) {
  t.test(scenario.name, async (t) => {
    const dir = t.testdir({});
    buildHost(dir, scenario.spec);
    t.same(treeDifferences(path.join(FIXTURE_HOSTS, scenario.name), dir), [], `test/fixtures/hosts/${scenario.name} is up to date (npm run fixtures)`);
  });
}
