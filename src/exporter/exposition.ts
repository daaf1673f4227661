// One scrape's exposition: this scrape's samples (so a VF that vanished has no series left behind), formatted
// by exposition-format.ts, and a snapshot of the long-lived process metrics rendered by prom-client from a
// registry made for this scrape; as Prometheus text or OpenMetrics.

import { Registry, collectDefaultMetrics, type Metric, type RegistryContentType } from 'prom-client';
import { METRIC_FAMILIES } from './metric-families.js';
import { familyHeader } from './exposition-format.js';
import type { SampleSink } from './sample-sink.js';

export const PROMETHEUS_TEXT = Registry.PROMETHEUS_CONTENT_TYPE;
export const OPENMETRICS_TEXT = Registry.OPENMETRICS_CONTENT_TYPE;
export type ContentType = typeof PROMETHEUS_TEXT | typeof OPENMETRICS_TEXT;

/**
 * prom-client's default metrics that `promtool check metrics` rejects: gauges whose names end in `_total`
 * ("non-counter metrics should not have _total suffix"). Each has a twin without the suffix that stays.
 */
export const REJECTED_DEFAULT_METRICS: readonly string[] = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

interface MetricValues {
  readonly value: number;
  readonly labels: object;
  readonly metricName?: string;
}

interface MetricData {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: readonly MetricValues[];
  readonly aggregator: string;
}

/**
 * What a Registry needs of a metric (registry.js reads `name` and `type` and calls `get()`). A new one per
 * scrape: in OpenMetrics mode `Registry.metrics()` rewrites the `name` of every counter it renders, which
 * would corrupt a metric object that lives longer than one scrape.
 */
export class ScrapeMetric {
  constructor(
    public name: string,
    readonly help: string,
    readonly type: string,
    private readonly values: readonly MetricValues[],
    private readonly aggregator = 'sum',
  ) {}

  get(): MetricData {
    return { name: this.name, help: this.help, type: this.type, values: this.values, aggregator: this.aggregator };
  }
}

/** The process and Node.js metrics: one long-lived registry, snapshotted into each scrape. */
export class ProcessMetrics {
  private readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of REJECTED_DEFAULT_METRICS) this.registry.removeSingleMetric(name);
  }

  async snapshot(): Promise<ScrapeMetric[]> {
    const data = await this.registry.getMetricsAsJSON();
    return data.map((d) => new ScrapeMetric(d.name, d.help, String(d.type), d.values, String(d.aggregator)));
  }
}

/**
 * The whole exposition as pieces to write one after the other: the samples of the given sinks in
 * METRIC_FAMILIES order, then the process metrics. Byte for byte what prom-client writes for the same samples
 * (families separated by a blank line in Prometheus text, by nothing in OpenMetrics, which ends in `# EOF`),
 * so the two parts read as one document; never joined into one string, since the sample chunks are shared
 * by every response of a scrape.
 */
export async function expositionPieces(sinks: readonly SampleSink[], processMetrics: readonly ScrapeMetric[], contentType: ContentType): Promise<string[]> {
  const openMetrics = contentType === OPENMETRICS_TEXT;
  const pieces: string[] = [];
  const separator = openMetrics ? '' : '\n';
  for (const row of METRIC_FAMILIES) {
    for (const sink of sinks) {
      if (sink.owner !== row.owner) continue;
      // A family without samples is left out, as node_exporter does, rather than printed as bare HELP/TYPE.
      const chunks = sink.textOf(row);
      if (chunks === undefined) continue;
      if (pieces.length > 0 && separator.length > 0) pieces.push(separator);
      pieces.push(familyHeader(row, openMetrics), ...chunks);
    }
  }
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType);
  for (const metric of processMetrics) registry.registerMetric(asMetric(metric));
  // prom-client ends Prometheus text with one newline, OpenMetrics with `# EOF` and a newline.
  const rendered = processMetrics.length > 0 ? await registry.metrics() : openMetrics ? '# EOF\n' : '';
  if (separator.length > 0 && rendered !== '' && pieces.length > 0) pieces.push(separator);
  pieces.push(rendered);
  return pieces;
}

/** The exposition as one string (tests; the server writes the pieces). */
export async function renderExposition(sinks: readonly SampleSink[], processMetrics: readonly ScrapeMetric[], contentType: ContentType): Promise<string> {
  return (await expositionPieces(sinks, processMetrics, contentType)).join('');
}

// prom-client's types list only its own classes; the registry itself asks no more than ScrapeMetric offers.
function asMetric(metric: ScrapeMetric): Metric {
  return metric as unknown as Metric;
}

/**
 * The format to answer with, from the Accept header: OpenMetrics 1.0.0 (or unversioned / 0.0.1) when the
 * scraper prefers it by q-value, Prometheus text 0.0.4 otherwise — as Prometheus' expfmt negotiation does.
 */
export function negotiateContentType(accept: string | undefined): ContentType {
  if (!accept) return PROMETHEUS_TEXT;
  const ranges = accept
    .split(',')
    .map((part, position) => {
      const [type = '', ...params] = part.split(';').map((p) => p.trim());
      const param = (key: string) => params.find((p) => p.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1).replace(/^"|"$/g, '');
      const q = Number(param('q') ?? '1');
      return { type: type.toLowerCase(), version: param('version'), q: Number.isFinite(q) ? q : 0, position };
    })
    .filter((range) => range.q > 0)
    .sort((a, b) => b.q - a.q || a.position - b.position);
  for (const range of ranges) {
    if (range.type === 'application/openmetrics-text') {
      if (range.version === undefined || range.version === '1.0.0' || range.version === '0.0.1') return OPENMETRICS_TEXT;
      continue;
    }
    if (range.type === 'text/plain' || range.type === '*/*' || range.type === 'text/*') return PROMETHEUS_TEXT;
  }
  return PROMETHEUS_TEXT;
}
