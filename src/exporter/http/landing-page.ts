// GET /: the host's readiness page (report/render-html.ts) for a person who opens the exporter in a browser —
// the last readiness run's verdict, PFs, checks to act on and VFs, then how each collector did in the last
// scrape and where the metrics are. Pure: data in, HTML out.

import { renderHtml, type CollectorHealth } from '../../report/render-html.js';
import type { ReportView } from '../../report/report-view.js';
import type { CollectorStatus } from '../collectors/collect.js';
import type { CollectorRow } from '../collectors/collector-table.js';
import type { CollectorName } from '../exposition/metric-catalog.js';

export interface LandingPageInput {
  readonly version: string;
  readonly telemetryPath: string;
  readonly collectors: readonly CollectorRow[];
  readonly enabled: Readonly<Record<CollectorName, boolean>>;
  readonly statuses: ReadonlyMap<CollectorName, CollectorStatus>;
  /** The last readiness run, when there was one, and when it completed (ms since the epoch). */
  readonly readiness?: { readonly view: ReportView; readonly completedAt: number };
  /** Why there is no readiness run to show. */
  readonly pending: string;
}

export function renderLandingPage(input: LandingPageInput): string {
  const collectors: CollectorHealth[] = input.collectors.map((c) => {
    const status = input.statuses.get(c.name);
    const base = { name: c.name, help: c.help };
    if (!input.enabled[c.name]) return { ...base, state: 'disabled' };
    if (status === undefined) return { ...base, state: 'not scraped yet' };
    return { ...base, state: status.success ? 'ok' : 'failed', ...(status.success ? {} : { detail: status.causes.join('; ') }), durationSeconds: status.durationSeconds };
  });
  return renderHtml({
    ...(input.readiness ? { view: input.readiness.view, checkedAt: new Date(input.readiness.completedAt) } : { pending: input.pending }),
    intro: `sriov-exporter ${input.version}: per-VF traffic, drop and queue metrics, PF/VF inventory and SR-IOV readiness checks for Prometheus.`,
    links: [
      { href: input.telemetryPath, label: 'metrics' },
      { href: '/readiness', label: 'readiness report (JSON)' },
      { href: '/healthz', label: 'liveness' },
    ],
    collectors,
  });
}
