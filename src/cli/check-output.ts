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
import { planJson, planJunitSuite, renderPlanText } from '../plan/render-plan.js';
import type { PlanResult } from '../plan/plan-result.js';
import type { CheckCliOptions, OutputFormat } from './check-options.js';

export interface OutputContext {
  readonly color: boolean;
  readonly now: Date;
  /** --plan: the judgement and the file it came from (text, json and junit show it). */
  readonly plan?: { readonly result: PlanResult; readonly file: string };
}

type Renderer = (report: Report, options: CheckCliOptions, context: OutputContext) => string;

const RENDERERS: Record<OutputFormat, Renderer> = {
  text: (report, options, { color, plan }) => renderText(report, { color, quiet: options.quiet, verbose: options.verbose }) + (plan ? renderPlanText(plan.result, plan.file) : ''),
  json: (report, _options, { plan }) => renderJson(report, plan ? { plan: planJson(plan.result, plan.file) } : {}),
  junit: (report, options, { plan }) => renderJunit(viewReport(report), { strict: options.strict, ...(plan ? { extraSuites: [planJunitSuite(plan.result, options.strict)] } : {}) }),
  nfd: (report, options, context) =>
    renderNfd(viewReport(report), options.nfdExpirySeconds > 0 ? { expiresAt: new Date(context.now.getTime() + options.nfdExpirySeconds * 1000) } : {}),
  prometheus: (report, _options, context) => renderPrometheus(viewReport(report), { now: context.now }),
  html: (report, _options, context) => renderHtml({ view: viewReport(report), checkedAt: context.now }),
};

export function renderCheckOutput(report: Report, options: CheckCliOptions, context: OutputContext): string {
  return RENDERERS[options.output](report, options, context);
}
