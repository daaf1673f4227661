// The shape of a collector, node_exporter style: an object made once per server by its own factory, holding its
// own state (caches, limits) and nothing shared, asked to collect once per scrape.

import type { CollectorName } from '../exposition/metric-catalog.js';
import type { SampleSink } from '../exposition/sample-sink.js';
import type { ScrapeReads } from './scrape-reads.js';

export interface Collector<N extends CollectorName = CollectorName> {
  readonly name: N;
  /**
   * Reads what it needs through the scrape's reads and puts samples into `out`. A problem it can work around
   * goes to `out.problem()` (success 0, series kept); a throw fails it (success 0, its series dropped).
   */
  collect(scrape: ScrapeReads, out: SampleSink<N>): Promise<void> | void;
}
