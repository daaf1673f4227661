// One collection: the enabled collectors side by side, each isolated, the exporter's own metrics, and the process
// metrics — rendered at most once per format for all the requests that share it. Always yields a collection: a
// collector's failure is its success 0 and a log line, not the scrape's.

import type { FastifyBaseLogger } from 'fastify';
import type { Commands } from '../../host/commands.js';
import type { HostFs } from '../../host/host-fs.js';
import type { ContentType } from '../exposition/content-type.js';
import { expositionPieces } from '../exposition/exposition.js';
import { METRICS, type CollectorName } from '../exposition/metric-catalog.js';
import type { ProcessFamily, ProcessMetrics } from '../exposition/process-metrics.js';
import { SampleSink } from '../exposition/sample-sink.js';
import type { ExporterConfig } from '../exporter-config.js';
import type { Collector } from './collector.js';
import { runCollector, type CollectorOutcome } from './run-collector.js';
import { ScrapeReads } from './scrape-reads.js';

export interface CollectorStatus {
  readonly success: boolean;
  readonly durationSeconds: number;
  /** When the scrape ended (ms since the epoch). */
  readonly at: number;
  readonly causes: readonly string[];
}

export interface CollectDeps {
  readonly config: ExporterConfig;
  readonly commands: Commands;
  /** A new view of the host (--path.*) for each scrape: collectors read it only through the readers. */
  readonly openHost: () => HostFs;
  /** The enabled collectors, in table order. */
  readonly collectors: readonly Collector[];
  readonly processMetrics: ProcessMetrics;
  readonly log: FastifyBaseLogger;
  /** Wall clock in ms. */
  readonly now: () => number;
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
  private readonly rendered = new Map<ContentType, RenderedExposition>();

  constructor(
    private readonly sinks: readonly SampleSink[],
    private readonly processFamilies: readonly ProcessFamily[],
  ) {}

  exposition(contentType: ContentType): RenderedExposition {
    let rendered = this.rendered.get(contentType);
    if (rendered === undefined) {
      const pieces = expositionPieces(this.sinks, this.processFamilies, contentType);
      rendered = { pieces, bytes: pieces.reduce((sum, piece) => sum + Buffer.byteLength(piece, 'utf8'), 0) };
      this.rendered.set(contentType, rendered);
    }
    return rendered;
  }
}

/** One collection with every collector limited to `budgetMs` (the configured timeout, or less when the scraper gives less). */
export async function collect(deps: CollectDeps, budgetMs: number): Promise<Collection> {
  const { config, log } = deps;
  const reads = openScrape(deps, budgetMs);
  const outcomes = await Promise.all(deps.collectors.map((c) => runCollector(c, reads, budgetMs)));

  const at = deps.now();
  for (const outcome of outcomes) {
    deps.statuses.set(outcome.name, { success: outcome.success, durationSeconds: outcome.durationSeconds, at, causes: outcome.causes });
    for (const cause of outcome.causes.slice(0, MAX_LOGGED_CAUSES)) log.warn({ collector: outcome.name }, `collector ${outcome.name}: ${cause}`);
    const more = outcome.causes.length - MAX_LOGGED_CAUSES;
    if (more > 0) log.warn({ collector: outcome.name }, `collector ${outcome.name}: … and ${more} more problems in this scrape`);
  }

  const processFamilies = await deps.processMetrics.snapshot();
  return new Collection([...outcomes.map((o) => o.sink), exporterSamples(outcomes, config.version)], processFamilies);
}

/** A new look at the host, for one scrape (or the work a collector does in the background at start). */
export function openScrape(deps: CollectDeps, budgetMs: number): ScrapeReads {
  return new ScrapeReads({ host: deps.openHost(), pfFilter: deps.config.pfFilter, commands: deps.commands, budgetMs, log: deps.log });
}

function exporterSamples(outcomes: readonly CollectorOutcome[], version: string): SampleSink {
  const sink = new SampleSink('exporter');
  const success = sink.emitter(METRICS.collectorSuccess);
  const duration = sink.emitter(METRICS.collectorDuration);
  for (const outcome of outcomes) {
    success({ collector: outcome.name }, outcome.success ? 1 : 0);
    duration({ collector: outcome.name }, outcome.durationSeconds);
  }
  sink.emitter(METRICS.buildInfo)({ version, nodejs_version: process.version }, 1);
  return sink;
}
