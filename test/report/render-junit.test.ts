// --output junit: valid against the JUnit schema (Debian's xmllint), one test case per check and
// subject, failures carry the fix, hostile names cannot break the document.

import t from 'tap';
import { renderJunit } from '../../src/report/render-junit.js';
import { viewReport, type ReportView } from '../../src/report/report-view.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { fixtureReport } from '../support/fixture-report.js';
import { schemaErrors } from '../support/junit-schema.js';
import { skipWithout } from '../support/required-tools.js';

const count = (xml: string, pattern: RegExp) => (xml.match(pattern) ?? []).length;

t.test('the schema rejects what CI parsers reject (so a pass below means something)', { skip: skipWithout(t, 'xmllint') }, async (t) => {
  const good = '<testsuites><testsuite name="s" tests="1"><testcase name="c"/></testsuite></testsuites>';
  const bad: Record<string, string> = {
    'a test case without a name': good.replace(' name="c"', ''),
    'a count that is not a number': good.replace('tests="1"', 'tests="one"'),
    'a failure after the output': good.replace('<testcase name="c"/>', '<testcase name="c"><system-out>x</system-out><failure/></testcase>'),
    'skipped and failed at once': good.replace('<testcase name="c"/>', '<testcase name="c"><skipped/><failure/></testcase>'),
    'a raw ampersand': good.replace('name="c"', 'name="a & b"'),
  };
  const errors = schemaErrors({ good, ...Object.fromEntries(Object.values(bad).map((xml, i) => [`bad${i}`, xml])) });
  t.same(errors.get('good'), [], 'a minimal report is valid');
  Object.keys(bad).forEach((why, i) => t.not(errors.get(`bad${i}`)?.length ?? 0, 0, `rejected: ${why}`));
});

t.test('every fixture host: valid JUnit, one case per finding, counts that add up', { skip: skipWithout(t, 'xmllint') }, async (t) => {
  const views = await Promise.all(SCENARIOS.map(async (s) => [s.name, viewReport(await fixtureReport(s.name))] as const));
  const docs: Record<string, string> = {};
  for (const [name, view] of views) for (const strict of [false, true]) docs[`${name}-${strict}`] = renderJunit(view, { strict });
  const errors = schemaErrors(docs);
  t.same(errors.get('?'), undefined, 'every schema error belongs to a document');
  for (const [name, view] of views) {
    for (const strict of [false, true]) {
      const xml = docs[`${name}-${strict}`] as string;
      t.same(errors.get(`${name}-${strict}`), [], `${name}: valid against junit.xsd${strict ? ' (strict)' : ''}`);
      t.equal(count(xml, /<testcase /g), view.checks.length, 'a test case per check and subject');
      const fails = view.checks.filter((c) => c.status === 'fail').length;
      const warns = view.checks.filter((c) => c.status === 'warn').length;
      const unknowns = view.checks.filter((c) => c.status === 'unknown').length;
      const skips = view.checks.filter((c) => c.status === 'skip').length;
      t.equal(count(xml, /<failure /g), fails + (strict ? warns : 0), 'failures: fail (and warn when strict)');
      t.equal(count(xml, /<error /g), strict ? unknowns : 0, 'errors: unknown when strict');
      t.equal(count(xml, /<skipped /g), skips, 'skipped: skip');
      t.match(xml, new RegExp(`<testsuites name="sriov-check: ${view.verdict}" tests="${view.checks.length}" failures="${fails + (strict ? warns : 0)}"`));
    }
  }
});

t.test('a failure carries the summary and the fix, in the message and the body', async (t) => {
  const view = viewReport(await fixtureReport('vtd-off-bios'));
  const xml = renderJunit(view, { strict: false });
  const acpi = view.checks.find((c) => c.id === 'firmware.iommu.acpi-table');
  t.equal(acpi?.status, 'fail');
  const block = xml.slice(xml.indexOf('name="firmware.iommu.acpi-table"'));
  t.match(block, /^name="firmware.iommu.acpi-table">\n {6}<failure type="fail" message="[^"]+ — fix: Enable/);
  t.ok(block.includes('fix: Enable'), 'the fix in the body');
  t.match(xml, /<testcase classname="sriov.nic" name="nic.vfs.enabled \[[^\]]+\]"/, 'PF checks name their PF');
});

t.test('hostile names stay text: the document stays valid and says what it was given', { skip: skipWithout(t, 'xmllint') }, async (t) => {
  const base = viewReport(await fixtureReport('x710-iavf'));
  const evil = 'ens1f0<script>alert("x")</script>&\u0001\ud800';
  const view: ReportView = { ...base, host: '/host"><x', checks: base.checks.map((c) => (c.subject === 'host' ? c : { ...c, subject: evil, summary: `${c.summary} ]]> <b>`, remediation: `${c.remediation ?? ''}\n<i>` })) };
  const xml = renderJunit(view, { strict: true });
  t.same(schemaErrors({ evil: xml }).get('evil'), []);
  t.notMatch(xml, /<script>/);
  t.match(xml, /name="nic\.pf\.driver-bound \[ens1f0&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;\ufffd\ufffd\]"/, 'escaped, control characters replaced');
  t.match(xml, /<property name="host" value="\/host&quot;&gt;&lt;x"\/>/);
});
