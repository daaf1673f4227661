// GET /metrics: run the enabled collectors side by side, each isolated, add the exporter's own metrics and
// the process metrics, render in the negotiated format. Always yields a body: a collector's failure is its
// success 0 and a log line, not the scrape's.

import type { CollectorDefinition } from './collector-types.js';
import { expositionPieces, type ContentType, type ProcessMetrics, type ScrapeMetric } from './exposition.js';
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

/**
 * A collector meeting the same problem for every VF would otherwise log a line per VF per scrape: the first
 * few causes are logged, then how many more there were.
 */
export const MAX_LOGGED_CAUSES = 5;

/** The exposition as pieces to write in order, and its length in bytes. */
export interface RenderedExposition {
  readonly pieces: readonly string[];
  readonly bytes: number;
}

/** What one scrape collected, rendered at most once per format for all the requests that share it. */
export class Collection {
  private readonly rendered = new Map<ContentType, Promise<RenderedExposition>>();

  constructor(
    private readonly sinks: readonly SampleSink[],
    private readonly processMetrics: readonly ScrapeMetric[],
  ) {}

  exposition(contentType: ContentType): Promise<RenderedExposition> {
    let rendered = this.rendered.get(contentType);
    if (rendered === undefined) {
      rendered = expositionPieces(this.sinks, this.processMetrics, contentType).then((pieces) => ({
        pieces,
        bytes: pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece, 'utf8'), 0),
      }));
      this.rendered.set(contentType, rendered);
    }
    return rendered;
  }
}

/** One collection with every collector limited to `budgetMs` (the configured timeout, or less when the scraper gives less). */
export async function collect(deps: ScrapeDeps, budgetMs: number): Promise<Collection> {
  const { services } = deps;
  const context = new ScrapeContext(services, budgetMs);
  const outcomes = await Promise.all(deps.collectors.map((c) => runCollector(c, context, budgetMs)));

  const at = services.now();
  for (const outcome of outcomes) {
    deps.statuses.set(outcome.name, { success: outcome.success, durationSeconds: outcome.durationSeconds, at, causes: outcome.causes });
    for (const cause of outcome.causes.slice(0, MAX_LOGGED_CAUSES)) services.log.warn({ collector: outcome.name }, `collector ${outcome.name}: ${cause}`);
    const more = outcome.causes.length - MAX_LOGGED_CAUSES;
    if (more > 0) services.log.warn({ collector: outcome.name }, `collector ${outcome.name}: … and ${more} more problems in this scrape`);
  }

  const processMetrics = await deps.processMetrics.snapshot();
  return new Collection([...outcomes.map((o) => o.sink), exporterSamples(outcomes, services.config.version)], processMetrics);
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
