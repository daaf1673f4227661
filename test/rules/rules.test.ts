// The rule files pass `promtool check rules` and their unit tests; every alert and recording rule has a unit test;
// every alert follows the conventions (prefix, severity, annotations, a runbook section that exists).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { skipWithout } from '../support/required-tools.js';
import {
  allRules,
  isKnownMetric,
  metricContract,
  metricNames,
  readRepoFile,
  repoRoot,
  ruleFiles,
  type Rule,
} from '../../scripts/metric-contract.js';

interface ExpectedAlert {
  exp_labels?: Record<string, string | number>;
  exp_annotations?: Record<string, string>;
}

interface PromtoolTestFile {
  rule_files: string[];
  tests: {
    alert_rule_test?: { alertname: string; eval_time: string; exp_alerts?: ExpectedAlert[] }[];
    promql_expr_test?: { expr: string; eval_time: string; exp_samples?: { labels: string; value: number }[] }[];
  }[];
}

const runbookBase = 'https://github.com/sriov-exporter/sriov-exporter/blob/main/docs/runbook.md';
const severities = ['critical', 'warning', 'info'];
// The labels each recording level keeps besides the target's own (instance, job).
const levelLabels: Record<string, string[]> = {
  instance: [],
  instance_pf: ['pf'],
  // The per-VF rates also carry who holds the VF, joined from sriov_vf_info.
  instance_pf_vf: ['consumer', 'consumer_kind', 'consumer_namespace', 'pci_address', 'pf', 'vf'],
};

const unitTestFiles = readdirSync(path.join(repoRoot, 'test/rules'))
  .filter((name) => name.endsWith('.yml'))
  .sort()
  .map((name) => `test/rules/${name}`);

const promtoolMissing = skipWithout(t, 'promtool');

function promtool(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd: repoRoot, encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function loadUnitTests(file: string): PromtoolTestFile {
  return parse(readRepoFile(file)) as PromtoolTestFile;
}

// Prometheus durations as used in these files: 90s, 15m, 1h, 1d.
function seconds(duration: string): number {
  const match = /^(\d+)(s|m|h|d)$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

// promtool's series notation: name{label="value",…}.
function parseSeries(text: string): { name: string; labels: Record<string, string> } {
  const brace = text.indexOf('{');
  const name = brace < 0 ? text : text.slice(0, brace);
  const labels: Record<string, string> = {};
  for (const match of text.slice(brace + 1).matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[match[1] ?? ''] = match[2] ?? '';
  }
  return { name, labels };
}

// GitHub's heading anchors: lower case, punctuation other than - and _ dropped, spaces to -.
function runbookAnchors(): Set<string> {
  const anchors = new Set<string>();
  for (const line of readRepoFile('docs/runbook.md').split('\n')) {
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) anchors.add((heading[1] ?? '').trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-'));
  }
  return anchors;
}

const rules = allRules();
const alerts = rules.filter((rule): rule is Rule & { alert: string } => rule.alert !== undefined);
const records = rules.filter((rule): rule is Rule & { record: string } => rule.record !== undefined);

t.test('promtool check rules accepts both files, lint errors included', { skip: promtoolMissing }, async (t) => {
  const result = promtool('check', 'rules', '--lint=all', '--lint-fatal', ...ruleFiles);
  t.equal(result.status, 0, result.output);
  t.equal(result.output.match(/SUCCESS/g)?.length, ruleFiles.length, 'one SUCCESS per file');
});

t.test('promtool test rules passes every unit test file', { skip: promtoolMissing }, async (t) => {
  t.ok(unitTestFiles.length >= 2, `unit test files: ${unitTestFiles.join(', ')}`);
  for (const file of unitTestFiles) {
    const result = promtool('test', 'rules', file);
    t.equal(result.status, 0, `${file}\n${result.output}`);
  }
});

t.test('promtool test rules fails on a wrong expectation (the harness can fail)', { skip: promtoolMissing }, async (t) => {
  const dir = t.testdir({
    'wrong.yml': [
      'rule_files:',
      `  - ${JSON.stringify(path.join(repoRoot, 'rules/sriov-exporter.rules.yml'))}`,
      'tests:',
      '  - interval: 1m',
      '    input_series:',
      `      - series: 'sriov_vf_receive_dropped_total{pf="p",vf="0",pci_address="a",source="netlink"}'`,
      `        values: '0+60x10'`,
      '    promql_expr_test:',
      '      - expr: instance_pf_vf:sriov_vf_receive_dropped:rate5m',
      '        eval_time: 10m',
      '        exp_samples:',
      `          - labels: 'instance_pf_vf:sriov_vf_receive_dropped:rate5m{pf="p",vf="0",pci_address="a"}'`,
      '            value: 2',
      '',
    ].join('\n'),
  });
  const result = promtool('test', 'rules', path.join(dir, 'wrong.yml'));
  t.not(result.status, 0, 'exit status');
  t.match(result.output, /FAILED/);
});

t.test('unit test files load both rule files', async (t) => {
  for (const file of unitTestFiles) {
    const loaded = loadUnitTests(file).rule_files.map((ruleFile) => path.relative(repoRoot, path.resolve(repoRoot, 'test/rules', ruleFile)));
    t.ok(loaded.includes('rules/sriov-exporter.rules.yml'), `${file} loads the recording rules`);
    if (file.includes('alert')) t.same(loaded.sort(), [...ruleFiles].sort(), `${file} loads both`);
  }
});

t.test('every alert follows the conventions and has a runbook section', async (t) => {
  const anchors = runbookAnchors();
  t.ok(alerts.length >= 9, `${alerts.length} alerts`);
  for (const alert of alerts) {
    t.match(alert.alert, /^Sriov[A-Z][a-zA-Z]+$/, 'CamelCase with the common prefix');
    t.ok(alert.for && seconds(alert.for) > 0, `${alert.alert} has a for: duration`);
    t.ok(severities.includes(alert.labels?.severity ?? ''), `${alert.alert} severity ${alert.labels?.severity}`);
    t.same(Object.keys(alert.annotations ?? {}).sort(), ['description', 'runbook_url', 'summary'], `${alert.alert} annotations`);
    const anchor = alert.alert.toLowerCase();
    t.equal(alert.annotations?.runbook_url, `${runbookBase}#${anchor}`, `${alert.alert} runbook_url`);
    t.ok(anchors.has(anchor), `docs/runbook.md has a section #${anchor}`);
  }
});

t.test('every alert is tested silent, then firing with exact labels and all annotations', async (t) => {
  const tested = new Set<string>();
  for (const file of unitTestFiles) {
    for (const group of loadUnitTests(file).tests) {
      for (const entry of group.alert_rule_test ?? []) {
        const rule = alerts.find((alert) => alert.alert === entry.alertname);
        t.ok(rule, `${file}: ${entry.alertname} is an alert of rules/`);
        for (const expected of entry.exp_alerts ?? []) {
          t.equal(String(expected.exp_labels?.severity), rule?.labels?.severity, `${entry.alertname}: severity asserted`);
          const asserted = Object.keys(expected.exp_annotations ?? {}).sort();
          t.same(asserted, Object.keys(rule?.annotations ?? {}).sort(), `${entry.alertname}: every annotation asserted`);
        }
      }
      // Within one input: an empty expectation earlier than a firing one, for the same alert.
      for (const alert of alerts) {
        const entries = (group.alert_rule_test ?? []).filter((entry) => entry.alertname === alert.alert);
        const silent = entries.filter((entry) => (entry.exp_alerts ?? []).length === 0).map((entry) => seconds(entry.eval_time));
        const firing = entries.filter((entry) => (entry.exp_alerts ?? []).length > 0).map((entry) => seconds(entry.eval_time));
        if (firing.some((time) => silent.some((earlier) => earlier < time))) tested.add(alert.alert);
      }
    }
  }
  for (const alert of alerts) t.ok(tested.has(alert.alert), `${alert.alert}: silent before firing in one test`);
});

t.test('every recording rule has an exact expected value, with the labels its level names', async (t) => {
  const expected = new Map<string, number>();
  for (const file of unitTestFiles) {
    for (const group of loadUnitTests(file).tests) {
      for (const entry of group.promql_expr_test ?? []) {
        for (const sample of entry.exp_samples ?? []) {
          const { name, labels } = parseSeries(sample.labels);
          t.ok(records.some((rule) => rule.record === name), `${file}: ${name} is a recording rule`);
          const level = levelLabels[name.split(':')[0] ?? ''] ?? [];
          const own = Object.keys(labels).filter((label) => label !== 'instance' && label !== 'job').sort();
          t.same(own, level, `${name}: labels ${own.join(',')}`);
          expected.set(name, (expected.get(name) ?? 0) + 1);
        }
      }
    }
  }
  t.ok(records.length >= 20, `${records.length} recording rules`);
  for (const rule of records) {
    t.match(rule.record, /^(instance|instance_pf|instance_pf_vf):sriov_[a-z_]+:[a-z0-9_]+$/, 'level:metric:operations');
    t.ok((expected.get(rule.record) ?? 0) > 0, `${rule.record} has expected samples`);
  }
});

t.test('rules use only documented or recorded metric names', async (t) => {
  const contract = metricContract();
  for (const rule of rules) {
    const names = metricNames(rule.expr);
    t.ok(names.length > 0, `${rule.record ?? rule.alert} selects something`);
    for (const name of names) t.ok(isKnownMetric(contract, name), `${rule.record ?? rule.alert}: ${name} is known`);
  }
});

t.test('the metric-name parser sees selectors, __name__ matchers and syntax errors', async (t) => {
  t.same(metricNames('sum by (pf) (rate(a_total{x="y"}[5m])) / on (pf) group_left () {__name__="b", z="1"}').sort(), ['a_total', 'b']);
  t.same(metricNames('max_over_time(c[1h:5m]) > 0 unless d offset 1h'), ['c', 'd']);
  t.throws(() => metricNames('rate(a[5m]'), /syntax error/);
  const contract = metricContract();
  t.ok(isKnownMetric(contract, 'sriov_vf_receive_bytes_total'), 'documented');
  t.ok(isKnownMetric(contract, 'process_resident_memory_bytes'), 'documented family process_*');
  t.notOk(isKnownMetric(contract, 'sriov_vf_rx_bytes'), 'not documented');
  t.notOk(isKnownMetric(contract, 'pf'), 'a label of the "Common labels" table is not a metric');
});
