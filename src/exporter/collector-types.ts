// The shape of a collector: a row in the collector table.

import type { CollectorName } from './metric-families.js';
import type { SampleSink } from './sample-sink.js';
import type { ScrapeContext } from './scrape-context.js';

export interface CollectorDefinition {
  readonly name: CollectorName;
  /** One line for --help and the landing page. */
  readonly help: string;
  readonly defaultEnabled: boolean;
  /**
   * Reads what it needs through the scrape context and puts samples into `out`. A problem it can work around
   * goes to `out.problem()` (success 0, series kept); a throw fails it (success 0, its series dropped).
   */
  run(scrape: ScrapeContext, out: SampleSink): Promise<void> | void;
}
