// Every panel query of every dashboard in dashboards/ (the committed JSON users import), with the dashboard's
// variables replaced by given values the way Grafana's Prometheus data source does it. The end-to-end test runs each
// query against a real Prometheus; the dashboard tests check which metrics the queries use.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface DashboardVariable {
  name: string;
  type: string;
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  query?: unknown;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardTarget {
  refId?: string;
  expr?: string;
  instant?: boolean;
  format?: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: { x: number; y: number; w: number; h: number };
  fieldConfig?: { defaults?: { unit?: string } };
  targets?: DashboardTarget[];
  // Panels inside a collapsed row.
  panels?: DashboardPanel[];
}

export interface DashboardJson {
  uid: string;
  title: string;
  tags?: string[];
  panels: DashboardPanel[];
  templating: { list: DashboardVariable[] };
}

export interface DashboardQuery {
  dashboard: string;
  file: string;
  panelId: number;
  panel: string;
  // Says when a panel may legitimately be empty (e.g. no failing checks).
  description: string;
  refId: string;
  instant: boolean;
  legend: string;
  // As written in the dashboard, and with the variables substituted.
  template: string;
  expr: string;
}

// A value per variable; an array for several values of a multi-value variable; '$__all' for "All".
export type VariableValues = Record<string, string | string[]>;

// Grafana's built-in interval variables. $__rate_interval is at least four scrape intervals in Grafana; callers with
// a fast scrape interval may pass a shorter one.
export const builtinDefaults: Readonly<Record<string, string>> = { __rate_interval: '1m', __interval: '15s', __range: '1h' };

export const dashboardsDir = fileURLToPath(new URL('../../dashboards/', import.meta.url));

export function loadDashboards(dir = dashboardsDir): { file: string; dashboard: DashboardJson }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as DashboardJson }));
}

// Every panel, rows and the panels of collapsed rows included, in dashboard order.
export function allPanels(dashboard: DashboardJson): DashboardPanel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

// Grafana's prometheusSpecialRegexEscape: inside a double-quoted PromQL string, so backslashes are doubled.
function regexEscape(value: string): string {
  return value.replace(/\\/g, '\\\\\\\\').replace(/[$^*{}[\]'+?.()|]/g, '\\\\$&');
}

// Grafana's prometheusRegularEscape, for single-value variables.
function regularEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\\\'");
}

function formatValue(variable: DashboardVariable, value: string | string[], format: string | undefined): string {
  if (value === '$__all') {
    if (variable.allValue === undefined) throw new Error(`variable ${variable.name} has no allValue to stand for All`);
    return variable.allValue;
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new Error(`variable ${variable.name}: no value`);
  if (format === 'raw') return values.join(',');
  if (format !== undefined && format !== 'regex') throw new Error(`variable format :${format} is not supported`);
  if (!variable.multi && !variable.includeAll) {
    if (values.length > 1) throw new Error(`variable ${variable.name} takes one value, got ${values.length}`);
    return format === 'regex' ? regexEscape(values[0] ?? '') : regularEscape(values[0] ?? '');
  }
  const escaped = values.map(regexEscape);
  return escaped.length === 1 ? (escaped[0] ?? '') : `(${escaped.join('|')})`;
}

// Replaces $name, ${name}, ${name:format} and [[name]] in a query. An unknown variable, or one without a value, throws:
// a query that still contains `$` would fail later with a less helpful PromQL error.
export function substituteVariables(
  template: string,
  variables: readonly DashboardVariable[],
  values: VariableValues,
  builtins: Readonly<Record<string, string>> = builtinDefaults,
): string {
  return template.replace(
    /\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g,
    (_match, braced?: string, bracedFormat?: string, bracketed?: string, bracketedFormat?: string, bare?: string) => {
      const name = braced ?? bracketed ?? bare ?? '';
      const format = bracedFormat ?? bracketedFormat;
      const builtin = builtins[name];
      if (builtin !== undefined) return builtin;
      const variable = variables.find((candidate) => candidate.name === name);
      if (!variable) throw new Error(`unknown variable $${name} in ${template}`);
      const value = values[name];
      if (value === undefined) throw new Error(`no value given for $${name}`);
      return formatValue(variable, value, format);
    },
  );
}

/** `values` may differ per dashboard (the end-to-end test picks a PF for one and "All" for another): a function of the uid. */
export function dashboardQueries(
  values: VariableValues | ((dashboardUid: string) => VariableValues),
  options: { dir?: string; builtins?: Readonly<Record<string, string>> } = {},
): DashboardQuery[] {
  const valuesOf = typeof values === 'function' ? values : () => values;
  return loadDashboards(options.dir).flatMap(({ file, dashboard }) =>
    allPanels(dashboard).flatMap((panel) =>
      (panel.targets ?? [])
        .filter((target) => target.expr !== undefined)
        .map((target) => ({
          dashboard: dashboard.uid,
          file,
          panelId: panel.id,
          panel: panel.title,
          description: panel.description ?? '',
          refId: target.refId ?? '',
          instant: target.instant === true,
          legend: target.legendFormat ?? '',
          template: target.expr ?? '',
          expr: substituteVariables(target.expr ?? '', dashboard.templating.list, valuesOf(dashboard.uid), options.builtins),
        })),
    ),
  );
}
