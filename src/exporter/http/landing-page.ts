// GET /: a small HTML page for a person who opens the exporter in a browser — what runs, how it went last time,
// where the metrics are. Pure: data in, HTML out.

import type { CollectorStatus } from '../collectors/collect.js';
import type { CollectorRow } from '../collectors/collector-table.js';
import type { CollectorName } from '../exposition/metric-catalog.js';

export interface LandingPageInput {
  readonly version: string;
  readonly telemetryPath: string;
  readonly collectors: readonly CollectorRow[];
  readonly enabled: Readonly<Record<CollectorName, boolean>>;
  readonly statuses: ReadonlyMap<CollectorName, CollectorStatus>;
  /** Verdict of the last readiness run, when there was one. */
  readonly verdict?: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function renderLandingPage(input: LandingPageInput): string {
  const rows = input.collectors.map((c) => {
    const status = input.statuses.get(c.name);
    const state = !input.enabled[c.name]
      ? 'disabled'
      : status === undefined
        ? 'not scraped yet'
        : status.success
          ? 'ok'
          : `failed: ${status.causes.join('; ')}`;
    const duration = status && input.enabled[c.name] ? `${(status.durationSeconds * 1000).toFixed(1)} ms` : '';
    return `<tr><td><code>${escapeHtml(c.name)}</code></td><td>${escapeHtml(state)}</td><td>${duration}</td><td>${escapeHtml(c.help)}</td></tr>`;
  });
  const metrics = escapeHtml(input.telemetryPath);
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>sriov-exporter</title>',
    '<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}</style>',
    '</head><body>',
    `<h1>sriov-exporter ${escapeHtml(input.version)}</h1>`,
    '<p>Per-VF traffic, drop and queue metrics, PF/VF inventory and SR-IOV readiness checks for Prometheus.</p>',
    `<ul><li><a href="${metrics}">${metrics}</a> — metrics</li><li><a href="/readiness">/readiness</a> — readiness report (JSON)${input.verdict ? `, verdict <b>${escapeHtml(input.verdict)}</b>` : ''}</li><li><a href="/healthz">/healthz</a> — liveness</li></ul>`,
    '<h2>Collectors (last scrape)</h2>',
    '<table><tr><th>collector</th><th>status</th><th>duration</th><th>what it collects</th></tr>',
    ...rows,
    '</table>',
    '</body></html>',
    '',
  ].join('\n');
}
