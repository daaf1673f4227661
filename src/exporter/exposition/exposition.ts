// One scrape's exposition: this scrape's samples (so a VF that vanished has no series left behind) in catalog
// order, then the process metrics, as Prometheus text or OpenMetrics — byte for byte what prom-client writes
// for the same samples (families separated by a blank line in Prometheus text, by nothing in OpenMetrics,
// which ends in `# EOF`).

import { OPENMETRICS_TEXT, type ContentType } from './content-type.js';
import { METRIC_FAMILIES } from './metric-catalog.js';
import { processFamilyText, type ProcessFamily } from './process-metrics.js';
import type { SampleSink } from './sample-sink.js';
import { TEXT_FORMAT } from './text-format.js';

/**
 * The whole exposition as pieces to write one after the other; never joined into one string, since the sample
 * chunks are shared by every response of a scrape.
 */
export function expositionPieces(sinks: readonly SampleSink[], processFamilies: readonly ProcessFamily[], contentType: ContentType): string[] {
  const openMetrics = contentType === OPENMETRICS_TEXT;
  const pieces: string[] = [];
  const separate = () => {
    if (pieces.length > 0 && !openMetrics) pieces.push('\n');
  };
  for (const family of METRIC_FAMILIES) {
    for (const sink of sinks) {
      if (sink.owner !== family.owner) continue;
      // A family without samples is left out, as node_exporter does, rather than printed as bare HELP/TYPE.
      const chunks = sink.textOf(family);
      if (chunks === undefined) continue;
      separate();
      pieces.push(TEXT_FORMAT.header(family.name, family.help, family.type, openMetrics), ...chunks);
    }
  }
  for (const family of processFamilies) {
    separate();
    pieces.push(processFamilyText(family, openMetrics));
  }
  if (openMetrics) pieces.push('# EOF\n');
  return pieces;
}

/** The exposition as one string (tests; the server writes the pieces). */
export function renderExposition(sinks: readonly SampleSink[], processFamilies: readonly ProcessFamily[], contentType: ContentType): string {
  return expositionPieces(sinks, processFamilies, contentType).join('');
}
