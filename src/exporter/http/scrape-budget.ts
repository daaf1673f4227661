// How long the collectors of one scrape may take. Prometheus says how long it will wait in the
// X-Prometheus-Scrape-Timeout-Seconds header (its scrape_timeout); the collectors are cut off before that,
// leaving a margin for writing the answer and for the network, so that the scraper gets what could be read
// in time (with success 0 for the collectors cut off) instead of nothing. Without the header, or with one
// that is not a positive number, --collector.timeout applies; the header never extends it.

export const SCRAPE_TIMEOUT_HEADER = 'x-prometheus-scrape-timeout-seconds';

/** The margin kept from the scraper's timeout: half of it for short timeouts, at most this much. */
export const ANSWER_MARGIN_MS = 500;

export function scrapeBudgetMs(header: string | readonly string[] | undefined, collectorTimeoutMs: number): number {
  const text = Array.isArray(header) ? header[0] : header;
  // Number('') is 0 and Number(' 2 ') is 2: only plain decimal numbers are taken.
  if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text.trim())) return collectorTimeoutMs;
  const scraperMs = Number(text) * 1000;
  if (!(scraperMs > 0)) return collectorTimeoutMs;
  const budget = scraperMs - Math.min(ANSWER_MARGIN_MS, scraperMs / 2);
  return Math.max(1, Math.min(collectorTimeoutMs, Math.floor(budget)));
}
