// The plan judgement in sriov-check's formats: a text section after the report, a `plan` object in the JSON
// report, a `sriov.plan` suite in JUnit (a workload or policy that does not fit is a failure).

import { escapeXmlAttribute as attr, escapeXmlText as text } from '../report/markup-escape.js';
import type { JunitSuite } from '../report/render-junit.js';
import type { PlanOutcome, PlanResult } from './plan-result.js';

const WORD: Record<PlanOutcome, string> = { fits: 'FITS', 'fits-after-changes': 'FITS AFTER CHANGES', 'does-not-fit': 'DOES NOT FIT' };

export function renderPlanText(result: PlanResult, planName: string): string {
  const lines = ['', `Plan ${planName}: ${WORD[result.outcome]}`];
  for (const item of result.items) {
    lines.push(`  ${WORD[item.outcome].padEnd(18)} ${item.name} (line ${item.line}): ${item.summary}`);
    for (const step of item.steps) lines.push(`${' '.repeat(21)}- ${step}`);
    for (const reason of item.reasons) lines.push(`${' '.repeat(21)}× ${reason}`);
  }
  for (const note of result.notes) lines.push(`  Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** The `plan` member of the JSON report (docs/plan.md). */
export function planJson(result: PlanResult, planName: string): unknown {
  return {
    file: planName,
    kind: result.kind,
    outcome: result.outcome,
    items: result.items.map((i) => ({ name: i.name, line: i.line, outcome: i.outcome, pfs: i.pfs, summary: i.summary, steps: i.steps, reasons: i.reasons })),
    notes: result.notes,
  };
}

export function planJunitSuite(result: PlanResult, strict: boolean): JunitSuite {
  const failed = (o: PlanOutcome) => o === 'does-not-fit' || (strict && o === 'fits-after-changes');
  const cases = result.items.map((item) => {
    const head = `    <testcase classname="sriov.plan" name="${attr(item.name)}"`;
    const details = [item.summary, ...item.steps.map((s) => `step: ${s}`), ...item.reasons.map((r) => `reason: ${r}`)].join('\n');
    if (failed(item.outcome)) return `${head}>\n      <failure type="${item.outcome}" message="${attr(item.summary)}">${text(details)}</failure>\n    </testcase>`;
    return item.steps.length > 0 ? `${head}>\n      <system-out>${text(details)}</system-out>\n    </testcase>` : `${head}/>`;
  });
  const failures = result.items.filter((i) => failed(i.outcome)).length;
  const xml = [`  <testsuite name="sriov.plan" tests="${result.items.length}" failures="${failures}" errors="0" skipped="0">`, ...cases, '  </testsuite>'].join('\n');
  return { xml, tests: result.items.length, failures };
}
