// GET /metrics: run the enabled collectors side by side, each isolated, add the exporter's own metrics and
// the process metrics, render in the negotiated format. Always yields a body: a collector's failure is its
// success 0 and a log line, not the scrape's.

import type { CollectorDefinition } from './collector-types.js';
import { renderExposition, type ContentType, type ProcessMetrics } from './exposition.js';
import type { CollectorName } from './metric-families.js';
import { runCollector, type CollectorOutcome } from './run-collector.js';
import { SampleSink } from './sample-sink.js';
import { ScrapeContext, type ExporterServices } from './scrape-context.js';

export interface CollectorStatus {
  readonly success: boolean;
  readonly durationSeconds: number;
  /** When the scrape ended (ms since the epoch). */
  readonly at: number;
  readonly causes: readonly string[];
}

export interface ScrapeDeps {
  readonly services: ExporterServices;
  /** The enabled collectors, in table order. */
  readonly collectors: readonly CollectorDefinition[];
  readonly processMetrics: ProcessMetrics;
  /** Updated after every scrape, for the landing page. */
  readonly statuses: Map<CollectorName, CollectorStatus>;
}

export async function scrape(deps: ScrapeDeps, contentType: ContentType): Promise<string> {
  const { services } = deps;
  const context = new ScrapeContext(services);
  const timeout = services.config.collectorTimeoutMs;
  const outcomes = await Promise.all(deps.collectors.map((c) => runCollector(c, context, timeout)));

  const at = services.now();
  for (const outcome of outcomes) {
    deps.statuses.set(outcome.name, { success: outcome.success, durationSeconds: outcome.durationSeconds, at, causes: outcome.causes });
    for (const cause of outcome.causes) services.log.warn({ collector: outcome.name }, `collector ${outcome.name}: ${cause}`);
  }

  const processMetrics = await deps.processMetrics.snapshot();
  return renderExposition([...outcomes.map((o) => o.sink), exporterSamples(outcomes, services.config.version)], processMetrics, contentType);
}

function exporterSamples(outcomes: readonly CollectorOutcome[], version: string): SampleSink {
  const sink = new SampleSink('exporter');
  const success = sink.family('sriov_exporter_collector_success');
  const duration = sink.family('sriov_exporter_collector_duration_seconds');
  for (const outcome of outcomes) {
    success([outcome.name], outcome.success ? 1 : 0);
    duration([outcome.name], outcome.durationSeconds);
  }
  sink.family('sriov_exporter_build_info')([version, process.version], 1);
  return sink;
}
