// JUnit XML (`--output junit`): the form CI systems (Jenkins, GitLab, GitHub test-report actions) show as test
// results. One suite per layer, one test case per check and subject; `fail` is a <failure>, `skip` a <skipped>,
// the fix in the failure's message and body. `warn` and `unknown` pass, with their text in <system-out>, as the
// exit code lets them pass; with --strict they fail too (`unknown` as an <error>: it could not be read).
// No times and no timestamps: the checks are not timed, and two runs on an unchanged host give the same file.

import { LAYERS, type Layer } from '../checks/check-types.js';
import { escapeXmlAttribute as attr, escapeXmlText as text } from './markup-escape.js';
import type { CheckRow, ReportView } from './report-view.js';

export interface JunitOptions {
  /** warn and unknown fail too, as `--strict` makes them fail the exit code. */
  readonly strict: boolean;
  /** More suites (the plan's), already rendered, with their counts for the totals. */
  readonly extraSuites?: readonly JunitSuite[];
}

export interface JunitSuite {
  readonly xml: string;
  readonly tests: number;
  readonly failures: number;
}

type Outcome = 'passed' | 'failure' | 'error' | 'skipped';

function outcome(check: CheckRow, strict: boolean): Outcome {
  if (check.status === 'fail') return 'failure';
  if (check.status === 'skip') return 'skipped';
  if (strict && check.status === 'warn') return 'failure';
  if (strict && check.status === 'unknown') return 'error';
  return 'passed';
}

/** Test case names are unique per class: the check id, and the subject when it is a PF. */
export function caseName(check: Pick<CheckRow, 'id' | 'subject'>): string {
  return check.subject === 'host' ? check.id : `${check.id} [${check.subject}]`;
}

function body(check: CheckRow): string {
  const lines = [`${check.status.toUpperCase()}: ${check.summary}`];
  if (check.remediation) lines.push(`fix: ${check.remediation}`);
  for (const e of check.evidence ?? []) lines.push(`evidence: ${e}`);
  return lines.join('\n');
}

function testCase(check: CheckRow, strict: boolean): string {
  const head = `    <testcase classname="sriov.${check.layer}" name="${attr(caseName(check))}"`;
  const result = outcome(check, strict);
  const message = check.remediation ? `${check.summary} — fix: ${check.remediation}` : check.summary;
  switch (result) {
    case 'skipped':
      return `${head}>\n      <skipped message="${attr(check.summary)}"/>\n    </testcase>`;
    case 'failure':
    case 'error':
      return `${head}>\n      <${result} type="${check.status}" message="${attr(message)}">${text(body(check))}</${result}>\n    </testcase>`;
    default:
      // A pass says nothing more; a tolerated warn or unknown keeps its text where CI shows a test's output.
      return check.status === 'pass' ? `${head}/>` : `${head}>\n      <system-out>${text(body(check))}</system-out>\n    </testcase>`;
  }
}

export function renderJunit(view: ReportView, options: JunitOptions): string {
  const count = (rows: readonly CheckRow[], result: Outcome) => rows.filter((c) => outcome(c, options.strict) === result).length;
  const totals = (rows: readonly CheckRow[], extra: readonly JunitSuite[] = []) =>
    `tests="${rows.length + sum(extra, 'tests')}" failures="${count(rows, 'failure') + sum(extra, 'failures')}" errors="${count(rows, 'error')}" skipped="${count(rows, 'skipped')}"`;
  const extra = options.extraSuites ?? [];
  const properties = [
    ['verdict', view.verdict],
    ['host', view.host],
    ['kernel', view.kernelRelease ?? 'unknown'],
    ['tool', `${view.tool.name} ${view.tool.version}`],
    ...(view.vfsRequired !== undefined ? [['vfs_required', String(view.vfsRequired)]] : []),
  ].map(([name, value]) => `      <property name="${attr(name as string)}" value="${attr(value as string)}"/>`);

  const suites = LAYERS.map((layer: Layer) => {
    const rows = view.checks.filter((c) => c.layer === layer);
    return [
      `  <testsuite name="sriov.${layer}" ${totals(rows)}>`,
      '    <properties>',
      ...properties,
      '    </properties>',
      ...rows.map((c) => testCase(c, options.strict)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(`sriov-check: ${view.verdict}`)}" ${totals(view.checks, extra)}>`,
    ...suites,
    ...extra.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

const sum = (suites: readonly JunitSuite[], key: 'tests' | 'failures') => suites.reduce((n, s) => n + s[key], 0);
