// Every fixture host of test/fixtures/consumers: built, read through HostFs (with injected EACCES where a case
// needs it), its VFs taken from the real inventory reader, attributed.

import t from 'tap';
import { HostFs, defaultRoots } from '../../../src/host/host-fs.js';
import { readTopology } from '../../../src/readers/topology-reader.js';
import { attributionVfs } from '../../../src/readers/attribution/attribution-vfs.js';
import { ATTRIBUTION_SOURCES, VfConsumerReader } from '../../../src/readers/attribution/vf-consumer-reader.js';
import { ERROR_REASONS } from '../../../src/readers/attribution/source-tally.js';
import { CASES, NOW_MS } from '../../fixtures/consumers/cases.js';
import { buildConsumerHost } from '../../support/consumer-host.js';
import { faultyFs } from '../../support/consumer-fs.js';

for (const c of CASES) {
  t.test(`${c.name}: ${c.description}`, async (t) => {
    const root = t.testdir({});
    buildConsumerHost(root, c.host);
    const host = new HostFs(defaultRoots(root));
    const vfs = attributionVfs(readTopology(host));
    const reading = new VfConsumerReader().read(faultyFs(host, c), vfs, NOW_MS);

    t.equal(reading.consumers.length, vfs.length, 'one consumer per VF');
    for (const [address, expected] of Object.entries(c.expect)) {
      const got = reading.consumers.find((x) => x.address === address);
      t.ok(got, `${address} attributed`);
      if (!got) continue;
      const { details: wantDetails, ...wantMain } = expected;
      const picked = Object.fromEntries(Object.keys(wantMain).map((key) => [key, got[key as keyof typeof got]]));
      t.strictSame(picked, wantMain, `${address}: ${expected.kind} ${expected.consumer ?? ''}`);
      if (wantDetails) t.strictSame(got.details, wantDetails, `${address} details`);
    }
    t.notMatch(JSON.stringify(reading.consumers), /"pid"|52:54:00|9e:2f:11|BC:24:11|hunter2|masterKey/, 'no pid, MAC or argv in the records');

    for (const source of ATTRIBUTION_SOURCES) {
      const status = reading.sources.find((s) => s.source === source);
      t.ok(status, `${source} reported`);
      if (!status) continue;
      const wantErrors = Object.fromEntries(ERROR_REASONS.map((r) => [r, c.errors?.[source]?.[r] ?? 0]));
      t.strictSame(status.errors, wantErrors, `${source} errors`);
      t.equal(status.conflicts, c.conflicts?.[source] ?? 0, `${source} conflicts`);
      const want = c.sources?.[source];
      if (want) t.strictSame({ present: status.present, up: status.up }, want, `${source} present/up`);
    }
  });
}
