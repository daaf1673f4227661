// The committed dashboards are what scripts/build-dashboards.ts generates, follow the conventions (uids, tag,
// variables, units, legends), and query only metrics that exist: documented ones or the recording rules.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateDashboards } from '../../scripts/build-dashboards.js';
import { allRules, isKnownMetric, metricContract, metricNames, selectors } from '../../scripts/metric-contract.js';
import {
  allPanels,
  dashboardQueries,
  dashboardsDir,
  loadDashboards,
  substituteVariables,
  type DashboardQuery,
  type DashboardVariable,
} from '../support/dashboard-queries.js';

const values = { job: 'sriov-exporter', instance: 'host-a:9808', pf: 'ens1f0', vf: '0' };
const vfLegend = '{{pf}} vf{{vf}} {{pci_address}}';
const expectedVariables: Record<string, string[]> = {
  'sriov-fleet': ['datasource', 'job', 'instance'],
  'sriov-host': ['datasource', 'job', 'instance', 'pf', 'vf'],
  'sriov-vf': ['datasource', 'job', 'instance', 'pf', 'vf'],
  'sriov-hyperv': ['datasource', 'job', 'instance'],
};

const dashboards = loadDashboards();
const queries = dashboardQueries(values);
const isVfLevel = (name: string): boolean => name.startsWith('sriov_vf_') || name.startsWith('instance_pf_vf:');
const isPfLevel = (name: string): boolean => name.startsWith('sriov_pf_') || name.startsWith('instance_pf:');

function where(query: DashboardQuery): string {
  return `${query.dashboard} "${query.panel}" ${query.refId}`;
}

t.test('the committed JSON is exactly what `npm run dashboards` writes', async (t) => {
  const generated = generateDashboards();
  t.same(
    readdirSync(dashboardsDir).filter((file) => file.endsWith('.json')).sort(),
    generated.map((dashboard) => dashboard.file).sort(),
    'no dashboard file without a generator, none missing',
  );
  for (const { file, json } of generated) {
    t.equal(readFileSync(path.join(dashboardsDir, file), 'utf8'), json, `dashboards/${file} is up to date (run npm run dashboards)`);
  }
});

t.test('four dashboards with stable uids, the common tag and the variables of their scope', async (t) => {
  t.same(dashboards.map(({ dashboard }) => dashboard.uid), ['sriov-fleet', 'sriov-host', 'sriov-hyperv', 'sriov-vf']);
  for (const { file, dashboard } of dashboards) {
    t.equal(file, `${dashboard.uid}.json`, 'file named after the uid');
    t.ok(dashboard.tags?.includes('sriov'), `${dashboard.uid} is tagged sriov`);
    t.match(dashboard.title, /^SR-IOV \/ /);
    const variables = dashboard.templating.list;
    t.same(variables.map((variable) => variable.name), expectedVariables[dashboard.uid]);
    t.match(variables[0], { type: 'datasource', query: 'prometheus' });
    for (const variable of variables.slice(1)) {
      t.match(variable, { type: 'query', datasource: { uid: '${datasource}' } }, `${dashboard.uid} $${variable.name}`);
    }
  }
});

t.test('variable queries use known metrics and the variables before them', async (t) => {
  const contract = metricContract();
  for (const { dashboard } of dashboards) {
    const variables = dashboard.templating.list;
    variables.slice(1).forEach((variable, index) => {
      const match = /^label_values\((.*), (\w+)\)$/.exec(String(variable.query));
      t.ok(match, `${dashboard.uid} $${variable.name}: label_values(selector, label)`);
      // Only variables defined earlier can be substituted when this one is refreshed.
      const selector = substituteVariables(match?.[1] ?? '', variables.slice(0, index + 1), values);
      for (const name of metricNames(selector)) t.ok(isKnownMetric(contract, name), `${dashboard.uid} $${variable.name}: ${name}`);
    });
  }
});

t.test('panels: unique ids, inside the grid, the datasource variable, titled and described', async (t) => {
  for (const { dashboard } of dashboards) {
    const panels = allPanels(dashboard);
    t.equal(new Set(panels.map((panel) => panel.id)).size, panels.length, `${dashboard.uid}: unique panel ids`);
    for (const panel of panels) {
      t.ok(panel.gridPos && panel.gridPos.x + panel.gridPos.w <= 24, `${dashboard.uid} "${panel.title}" fits 24 columns`);
      if (panel.type === 'row') continue;
      t.ok(panel.title && panel.description, `${dashboard.uid} panel ${panel.id} has a title and description`);
      t.equal(panel.datasource?.uid, '${datasource}', `${dashboard.uid} "${panel.title}" datasource`);
      const targets = panel.targets ?? [];
      t.ok(targets.length > 0, `${dashboard.uid} "${panel.title}" has queries`);
      t.equal(new Set(targets.map((target) => target.refId)).size, targets.length, `${dashboard.uid} "${panel.title}" unique refIds`);
      for (const target of targets) {
        t.equal(target.datasource?.uid, '${datasource}', `${dashboard.uid} "${panel.title}" ${target.refId} datasource`);
      }
    }
  }
});

t.test('every panel query parses and uses only documented or recorded metrics', async (t) => {
  const contract = metricContract();
  t.ok(queries.length >= 60, `${queries.length} queries`);
  for (const query of queries) {
    const names = metricNames(query.expr);
    t.ok(names.length > 0, `${where(query)} selects a metric`);
    for (const name of names) t.ok(isKnownMetric(contract, name), `${where(query)}: ${name}`);
  }
});

t.test('every selector is narrowed to the chosen job, host, PF and VF', async (t) => {
  for (const query of queries) {
    const scoped = query.dashboard !== 'sriov-fleet';
    for (const selector of selectors(query.expr)) {
      const labels = Object.keys(selector.matchers);
      const required = ['job', 'instance'];
      if (scoped && (isPfLevel(selector.name) || isVfLevel(selector.name))) required.push('pf');
      if (scoped && isVfLevel(selector.name)) required.push('vf');
      for (const label of required) t.ok(labels.includes(label), `${where(query)}: ${selector.name} has ${label}`);
    }
  }
});

t.test('panels read the recording rules instead of recomputing them', async (t) => {
  // A rule instance_pf_vf:<metric>:rate5m replaces rate(<metric>_total[…]) in every panel.
  const replaced = allRules()
    .flatMap((rule) => (rule.record ? [rule.record.split(':')] : []))
    .filter(([, , operation]) => operation === 'rate5m')
    .map(([, metric]) => `${metric}_total`);
  t.ok(replaced.includes('sriov_vf_receive_bytes_total'), 'the byte counters have rules');
  for (const query of queries) {
    for (const name of metricNames(query.expr)) t.notOk(replaced.includes(name), `${where(query)} uses a rule rather than ${name}`);
  }
});

t.test('per-VF series are named by PF, index and PCI address', async (t) => {
  for (const query of queries.filter((candidate) => !candidate.instant)) {
    if (metricNames(query.expr).some(isVfLevel)) t.ok(query.legend.startsWith(vfLegend), `${where(query)} legend "${query.legend}"`);
  }
});

t.test('per-VF rates (which carry who holds the VF) name the consumer in their legends', async (t) => {
  const rated = queries.filter((q) => !q.instant && metricNames(q.expr).some((name) => name.startsWith('instance_pf_vf:')));
  t.ok(rated.length > 0, 'the dashboards chart per-VF rates');
  for (const query of rated) t.match(query.legend, `${vfLegend} {{consumer_kind}} {{consumer_namespace}} {{consumer}}`, `${where(query)} legend "${query.legend}"`);
});

t.test('units follow what the query measures', async (t) => {
  const unitByQuery: [RegExp, string][] = [
    [/ratio_rate5m/, 'percentunit'],
    [/_bytes(_total|:rate5m)/, 'Bps'],
    [/_(packets|dropped|errors)(_total|:rate5m)/, 'pps'],
    [/_seconds/, 's'],
  ];
  for (const { dashboard } of dashboards) {
    for (const panel of allPanels(dashboard).filter((candidate) => candidate.type === 'timeseries' || candidate.type === 'stat')) {
      const unit = panel.fieldConfig?.defaults?.unit;
      t.ok(unit, `${dashboard.uid} "${panel.title}" has a unit`);
      for (const target of panel.targets ?? []) {
        const expected = unitByQuery.find(([pattern]) => pattern.test(target.expr ?? ''))?.[1];
        if (expected) t.equal(unit, expected, `${dashboard.uid} "${panel.title}" ${target.refId}`);
      }
    }
  }
});

t.test('dashboardQueries substitutes variables as Grafana does', async (t) => {
  const variables: DashboardVariable[] = [
    { name: 'job', type: 'query' },
    { name: 'instance', type: 'query', multi: true, includeAll: true, allValue: '.+' },
  ];
  const substitute = (template: string, given: Record<string, string | string[]>): string => substituteVariables(template, variables, given);
  t.equal(substitute('up{job=~"$job"}', { job: 'a' }), 'up{job=~"a"}', '$name');
  t.equal(substitute('up{job=~"${job}", x="[[job]]"}', { job: 'a' }), 'up{job=~"a", x="a"}', '${name} and [[name]]');
  // Inside the PromQL string the regex escape \. is written \\.
  const escaped = 'up{instance=~"10\\\\.0\\\\.0\\\\.1:9808"}';
  t.equal(substitute('up{instance=~"$instance"}', { instance: '10.0.0.1:9808' }), escaped, 'multi-value: regex-escaped');
  t.equal(substitute('up{instance=~"$instance"}', { instance: ['a', 'b'] }), 'up{instance=~"(a|b)"}', 'several values');
  t.equal(substitute('up{instance=~"$instance"}', { instance: '$__all' }), 'up{instance=~".+"}', 'All is the allValue');
  t.equal(substitute('rate(x[$__rate_interval])', {}), 'rate(x[1m])', 'built-in interval');
  t.equal(substituteVariables('rate(x[$__rate_interval])', [], {}, { __rate_interval: '20s' }), 'rate(x[20s])', 'built-ins can be given');
  t.throws(() => substitute('up{pf="$pf"}', {}), /unknown variable \$pf/);
  t.throws(() => substitute('up{job="$job"}', {}), /no value given for \$job/);
  t.throws(() => substitute('up{job="$job"}', { job: ['a', 'b'] }), /takes one value/);

  t.ok(queries.every((query) => !query.expr.includes('$')), 'no variable left in any query');
  const throughput = queries.find((query) => query.dashboard === 'sriov-vf' && query.panel === 'Throughput' && query.refId === 'A');
  t.equal(
    throughput?.expr,
    'instance_pf_vf:sriov_vf_receive_bytes:rate5m{job=~"sriov-exporter", instance=~"host-a:9808", pf=~"ens1f0", vf=~"0"}',
  );
  const queuePanel = queries.find((query) => query.dashboard === 'sriov-host' && query.panel === 'Receive packets per queue');
  t.match(queuePanel?.expr, /\[1m\]\)$/, '$__rate_interval replaced');
});
