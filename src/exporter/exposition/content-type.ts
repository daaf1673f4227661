// The two exposition formats and which one a scraper gets, from its Accept header.

export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4; charset=utf-8';
export const OPENMETRICS_TEXT = 'application/openmetrics-text; version=1.0.0; charset=utf-8';
export type ContentType = typeof PROMETHEUS_TEXT | typeof OPENMETRICS_TEXT;

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
