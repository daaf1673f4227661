// What a PromQL expression in rules/ or dashboards/ may refer to: the metrics docs/metrics.md documents, the series
// Prometheus itself adds to every target, and the recording rules. Used by the tests of rules/ and dashboards/, so that
// a misspelt metric name fails a test instead of making a rule or panel silently empty. It lives here rather than in
// test/ because tap runs every .ts file of a test directory given on its command line.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { parse } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const ruleFiles = ['rules/sriov-exporter.rules.yml', 'rules/sriov-exporter.alerts.yml'];

// Prometheus writes these for every scrape target; they are in no exporter's documentation.
const prometheusSeries = ['up', 'scrape_duration_seconds'];

export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleFile {
  groups: { name: string; interval?: string; rules: Rule[] }[];
}

export interface MetricContract {
  names: Set<string>;
  // From documented families such as `process_*`.
  prefixes: string[];
}

export function readRepoFile(relative: string): string {
  return readFileSync(path.join(repoRoot, relative), 'utf8');
}

export function loadRuleFile(relative: string): RuleFile {
  const doc = parse(readRepoFile(relative)) as RuleFile;
  if (!doc || !Array.isArray(doc.groups)) throw new Error(`${relative}: no groups`);
  return doc;
}

export function allRules(): Rule[] {
  return ruleFiles.flatMap((file) => loadRuleFile(file).groups.flatMap((group) => group.rules));
}

// Metric names from the tables of docs/metrics.md whose first column is headed "metric".
export function documentedMetrics(markdown: string): MetricContract {
  const names = new Set<string>();
  const prefixes: string[] = [];
  let inMetricTable = false;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      inMetricTable = false;
      continue;
    }
    const firstCell = line.split('|')[1]?.trim() ?? '';
    if (firstCell === 'metric') {
      inMetricTable = true;
      continue;
    }
    if (!inMetricTable) continue;
    for (const match of firstCell.matchAll(/`([a-zA-Z_:][a-zA-Z0-9_:]*\*?)`/g)) {
      const name = match[1] ?? '';
      if (name.endsWith('*')) prefixes.push(name.slice(0, -1));
      else names.add(name);
    }
  }
  return { names, prefixes };
}

// The documented metrics, Prometheus's own per-target series and every recorded name.
export function metricContract(): MetricContract {
  const contract = documentedMetrics(readRepoFile('docs/metrics.md'));
  for (const name of prometheusSeries) contract.names.add(name);
  for (const rule of allRules()) if (rule.record) contract.names.add(rule.record);
  return contract;
}

export function isKnownMetric(contract: MetricContract, name: string): boolean {
  return contract.names.has(name) || contract.prefixes.some((prefix) => name.startsWith(prefix));
}

export interface Selector {
  // The metric name, or '' for a selector by labels only.
  name: string;
  // Label name -> the matcher's operator and value, e.g. job -> ['=~', '.+'].
  matchers: Record<string, [string, string]>;
}

// Every vector selector of a PromQL expression, from a real parse: `name{…}` and `{__name__="name", …}`.
// Throws on a syntax error, so that a broken query cannot pass as "uses no unknown metric".
export function selectors(expr: string): Selector[] {
  const found: Selector[] = [];
  const cursor = parser.parse(expr).cursor();
  const text = (node: { from: number; to: number } | null): string => (node ? expr.slice(node.from, node.to) : '');
  do {
    if (cursor.type.isError) {
      throw new Error(`PromQL syntax error at ${cursor.from}: ${expr.slice(Math.max(0, cursor.from - 20), cursor.from + 20)}`);
    }
    if (cursor.name !== 'VectorSelector') continue;
    const selector: Selector = { name: text(cursor.node.getChild('Identifier')), matchers: {} };
    for (const matcher of cursor.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
      const quoted = text(matcher.getChild('StringLiteral'));
      // Double-quoted PromQL strings use Go's escapes, which JSON shares for everything used here.
      const value = quoted.startsWith('"') ? (JSON.parse(quoted) as string) : quoted.slice(1, -1);
      selector.matchers[text(matcher.getChild('LabelName'))] = [text(matcher.getChild('MatchOp')), value];
    }
    const byName = selector.matchers['__name__'];
    if (byName) {
      if (byName[0] !== '=') throw new Error(`unsupported __name__ matcher in ${expr}`);
      selector.name = byName[1];
    }
    found.push(selector);
  } while (cursor.next());
  return found;
}

// Every metric name a PromQL expression selects.
export function metricNames(expr: string): string[] {
  return [...new Set(selectors(expr).map((selector) => selector.name))];
}
