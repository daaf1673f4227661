// docs/drafts/hyperv.md tells the truth about the code it describes: every proposed check, every reason text and
// every SriovSupport value, and nothing else.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HYPERV_CHECKS } from '../../src/hyperv/hyperv-checks.js';
import { IOV_REASONS } from '../../src/catalog/iov-support-reasons.js';
import { SRIOV_SUPPORT_VALUES } from '../../src/catalog/sriov-support.js';
import { REPO } from '../support/run-cli.js';

const doc = fs.readFileSync(path.join(REPO, 'docs/drafts/hyperv.md'), 'utf8');

t.test('the draft lists exactly the proposed checks, each with its layer and subject', async (t) => {
  const rows = [...doc.matchAll(/^\| ((?:nic|firmware|hypervisor)\.[a-z0-9-]+\.[a-z0-9-]+)(?: \(Linux id\))? \| (\w+) \| ([\w-]+) \|/gm)].map((m) => [m[1], m[2], m[3]]);
  t.strictSame(rows, HYPERV_CHECKS.map((c) => [c.id, c.layer, c.scope]));
  for (const c of HYPERV_CHECKS.filter((c) => 'sharedWithLinux' in c)) t.ok(doc.includes(`| ${c.id} (Linux id) |`), `${c.id} is marked as the Linux id`);
  const ids = new Set<string>(HYPERV_CHECKS.map((c) => c.id));
  for (const m of doc.matchAll(/\b((?:nic|firmware|hypervisor)\.[a-z0-9-]+\.[a-z0-9-]+)\b/g)) t.ok(ids.has(m[1] as string), `${m[1]} named in the draft is a proposed check`);
});

t.test('every reason text and every SriovSupport value is in the draft', async (t) => {
  for (const reason of IOV_REASONS) t.ok(doc.includes(`| ${reason.text} | ${reason.cause} | ${reason.checkId} |`), reason.key);
  for (const value of SRIOV_SUPPORT_VALUES) t.ok(doc.includes(`| ${value.value} | ${value.name}`), value.name);
});

t.test('the collector one-liner names a script that exists', async (t) => {
  const script = /-File (\S+\.ps1)/.exec(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'))?.[1];
  t.equal(script, 'scripts/collect-hyperv.ps1');
  t.ok(fs.existsSync(path.join(REPO, script as string)));
});
