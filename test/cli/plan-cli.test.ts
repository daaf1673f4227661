// --plan through the command line: the plan decides the exit code, the JSON report gains `plan`, JUnit a
// `sriov.plan` suite (valid against the schema), and a bad plan is one line naming its line.

import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { schemaErrors } from '../support/junit-schema.js';
import { skipWithout } from '../support/required-tools.js';
import { REPO, fixtureHost, runCheck } from '../support/run-cli.js';

const PLANS = path.join(REPO, 'test/fixtures/plans');
const workloads = path.join(PLANS, 'workloads.yaml');
const vfioPolicy = path.join(PLANS, 'vfio-policy.yaml');

t.test('workloads on ready-intel fit: exit 0, the plan in text and JSON', async (t) => {
  const text = await runCheck(['--path.rootfs', fixtureHost('ready-intel'), '--plan', workloads]);
  t.equal(text.code, 0);
  t.match(text.stdout, /\nPlan .*workloads\.yaml: FITS\n {2}FITS {15}workload web-vms \(line 3\): ens2f1np1 \(0000:5e:00\.1\) serves 4 VFs/);
  const json = JSON.parse((await runCheck(['--path.rootfs', fixtureHost('ready-intel'), '--plan', workloads, '--output', 'json'])).stdout);
  t.equal(json.verdict, 'ready', 'the report is all there');
  t.match(json.plan, { kind: 'workloads', outcome: 'fits', items: [{ name: 'workload web-vms', line: 3, outcome: 'fits', pfs: ['ens2f1np1'] }, { name: 'workload cnf', outcome: 'fits', pfs: ['ens2f0np0'] }] });
});

t.test('the vfio-pci policy: vtd-off-bios would be rebooted for nothing (exit 1); x710-iavf drains (exit 0, 1 with --strict)', async (t) => {
  const off = await runCheck(['--path.rootfs', fixtureHost('vtd-off-bios'), '--plan', vfioPolicy]);
  t.equal(off.code, 1);
  t.match(off.stdout, /DOES NOT FIT {7}policy intel-vfio \(line 2\): the operator would drain and reboot this node for nothing/);
  const x710 = await runCheck(['--path.rootfs', fixtureHost('x710-iavf'), '--plan', vfioPolicy]);
  t.equal(x710.code, 0);
  t.match(x710.stdout, /FITS AFTER CHANGES policy intel-vfio \(line 2\): applies to ens1f0; the operator will drain this node/);
  t.equal((await runCheck(['--path.rootfs', fixtureHost('x710-iavf'), '--plan', vfioPolicy, '--strict'])).code, 1);
});

t.test('JUnit with a plan: a sriov.plan suite, totals that include it, valid against the schema', { skip: skipWithout(t, 'xmllint') }, async (t) => {
  const xml = (await runCheck(['--path.rootfs', fixtureHost('vtd-off-bios'), '--plan', vfioPolicy, '--output', 'junit'])).stdout;
  t.same(schemaErrors({ plan: xml }).get('plan'), []);
  t.match(xml, /<testsuite name="sriov\.plan" tests="1" failures="1" errors="0" skipped="0">\n {4}<testcase classname="sriov\.plan" name="policy intel-vfio">\n {6}<failure type="does-not-fit" message="the operator would drain and reboot this node for nothing/);
  const checks = (xml.match(/<testcase classname="sriov\.(nic|firmware|hypervisor)"/g) ?? []).length;
  t.match(xml, new RegExp(`<testsuites name="sriov-check: not-ready" tests="${checks + 1}"`));
});

t.test('a bad plan: exit 2, one line with the file and line', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-plan-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bad = path.join(dir, 'bad.yaml');
  fs.writeFileSync(bad, 'workloads:\n  - name: x\n    vfs: 2\n    pf: { vendor: "15b3" }\n');
  const nothing = await runCheck(['--path.rootfs', fixtureHost('ready-intel'), '--plan', bad]);
  t.equal(nothing.code, 2);
  t.equal(nothing.stdout, '');
  t.match(nothing.stderr, /^sriov-check: .*bad\.yaml:4: workload x: its pf selector matches no PF on this host \(PFs here: ens2f0np0 .*\)\n$/);
  fs.writeFileSync(bad, 'workloads:\n  - name: x\n    vfs: two\n');
  t.match((await runCheck(['--path.rootfs', fixtureHost('ready-intel'), '--plan', bad])).stderr, /^sriov-check: .*bad\.yaml:3: workloads\[0\]\.vfs: expected a whole number from 1 to 65535\n$/);
  const missing = await runCheck(['--path.rootfs', fixtureHost('ready-intel'), '--plan', path.join(dir, 'none.yaml')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /^sriov-check: --plan .*none\.yaml: no such file\n$/);
});
