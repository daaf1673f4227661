// The process and Node.js metrics: prom-client's default metrics, in one long-lived registry. Each scrape takes
// their values as plain data (Registry.getMetricsAsJSON) and formats them with the same formatter as the
// sriov_* families. Rendering them through the registry itself is not an option for OpenMetrics:
// Registry.metrics() then renames every counter object in place (it strips `_total`), which a later
// Prometheus-text scrape would show.

import { Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValueWithName } from 'prom-client';
import { TEXT_FORMAT } from './text-format.js';

/**
 * prom-client's default metrics that `promtool check metrics` rejects: gauges whose names end in `_total`
 * ("non-counter metrics should not have _total suffix"). Each has a twin without the suffix that stays.
 */
export const REJECTED_DEFAULT_METRICS: readonly string[] = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** One family of process metrics as read at one moment (a histogram's samples name themselves: metricName). */
export type ProcessFamily = MetricObjectWithValues<MetricValueWithName<string>>;

export class ProcessMetrics {
  private readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of REJECTED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
  }

  /** Their values now. */
  async snapshot(): Promise<readonly ProcessFamily[]> {
    return (await this.registry.getMetricsAsJSON()) as ProcessFamily[];
  }
}

/**
 * One family as prom-client writes it, ending in a newline: the samples of a histogram carry their own names
 * (`_bucket`, `_sum`, `_count`); in OpenMetrics a counter's samples end in `_total`, its family name does not.
 */
export function processFamilyText(family: ProcessFamily, openMetrics: boolean): string {
  const type = String(family.type);
  const counter = openMetrics && type === 'counter';
  const name = counter ? family.name.replace(/_total$/, '') : family.name;
  let text = TEXT_FORMAT.header(family.name, family.help, type, openMetrics);
  for (const sample of family.values) {
    const sampleName = sample.metricName ?? name;
    const labels = TEXT_FORMAT.labelText(sample.labels as Record<string, string | number>);
    text += `${counter ? `${sampleName}_total` : sampleName}${labels === '' ? '' : `{${labels}}`} ${TEXT_FORMAT.value(sample.value)}\n`;
  }
  return text;
}
