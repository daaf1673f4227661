// Which renderer prints sriov-check's report: one row per --output format. Renderers are pure; the clock and
// the colour decision come from here.

import { renderHtml } from '../report/render-html.js';
import { renderJson } from '../report/render-json.js';
import { renderJunit } from '../report/render-junit.js';
import { renderNfd } from '../report/render-nfd.js';
import { renderPrometheus } from '../report/render-prometheus.js';
import { renderText } from '../report/render-text.js';
import type { Report } from '../report/report.js';
import { viewReport } from '../report/report-view.js';
import type { CheckCliOptions, OutputFormat } from './check-options.js';

export interface OutputContext {
  readonly color: boolean;
  readonly now: Date;
}

type Renderer = (report: Report, options: CheckCliOptions, context: OutputContext) => string;

const RENDERERS: Record<OutputFormat, Renderer> = {
  text: (report, options, context) => renderText(report, { color: context.color, quiet: options.quiet }),
  json: (report) => renderJson(report),
  junit: (report, options) => renderJunit(viewReport(report), { strict: options.strict }),
  nfd: (report, options, context) =>
    renderNfd(viewReport(report), options.nfdExpirySeconds > 0 ? { expiresAt: new Date(context.now.getTime() + options.nfdExpirySeconds * 1000) } : {}),
  prometheus: (report, _options, context) => renderPrometheus(viewReport(report), { now: context.now }),
  html: (report, _options, context) => renderHtml({ view: viewReport(report), checkedAt: context.now }),
};

export function renderCheckOutput(report: Report, options: CheckCliOptions, context: OutputContext): string {
  return RENDERERS[options.output](report, options, context);
}
