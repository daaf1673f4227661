// Which renderer prints sriov-check's report: one row per --output format. Renderers are pure; the clock and
// the colour decision come from here.

import type { Report } from '../report/report.js';
import type { PlanResult } from '../plan/plan-result.js';
import type { CheckCliOptions, OutputFormat } from './check-options.js';

export interface OutputContext {
  readonly color: boolean;
  readonly now: Date;
  /** --plan: the judgement and the file it came from (text, json and junit show it). */
  readonly plan?: { readonly result: PlanResult; readonly file: string };
}

type Renderer = (report: Report, options: CheckCliOptions, context: OutputContext) => string;

// Each row imports its renderer when that format is asked for: one run prints one format, and the others'
// modules (prometheus's exposition code, the HTML page) would only cost compile time.
const RENDERERS: Record<OutputFormat, () => Promise<Renderer>> = {
  text: async () => {
    const [{ renderText }, { renderPlanText }] = await Promise.all([import('../report/render-text.js'), import('../plan/render-plan.js')]);
    return (report, options, { color, plan }) => renderText(report, { color, quiet: options.quiet, verbose: options.verbose }) + (plan ? renderPlanText(plan.result, plan.file) : '');
  },
  json: async () => {
    const [{ renderJson }, { planJson }] = await Promise.all([import('../report/render-json.js'), import('../plan/render-plan.js')]);
    return (report, _options, { plan }) => renderJson(report, plan ? { plan: planJson(plan.result, plan.file) } : {});
  },
  junit: async () => {
    const [{ renderJunit }, { viewReport }, { planJunitSuite }] = await Promise.all([import('../report/render-junit.js'), import('../report/report-view.js'), import('../plan/render-plan.js')]);
    return (report, options, { plan }) => renderJunit(viewReport(report), { strict: options.strict, ...(plan ? { extraSuites: [planJunitSuite(plan.result, options.strict)] } : {}) });
  },
  nfd: async () => {
    const [{ renderNfd }, { viewReport }] = await Promise.all([import('../report/render-nfd.js'), import('../report/report-view.js')]);
    return (report, options, context) =>
      renderNfd(viewReport(report), options.nfdExpirySeconds > 0 ? { expiresAt: new Date(context.now.getTime() + options.nfdExpirySeconds * 1000) } : {});
  },
  prometheus: async () => {
    const [{ renderPrometheus }, { viewReport }] = await Promise.all([import('../report/render-prometheus.js'), import('../report/report-view.js')]);
    return (report, _options, context) => renderPrometheus(viewReport(report), { now: context.now });
  },
  html: async () => {
    const [{ renderHtml }, { viewReport }] = await Promise.all([import('../report/render-html.js'), import('../report/report-view.js')]);
    return (report, _options, context) => renderHtml({ view: viewReport(report), checkedAt: context.now });
  },
};

export async function renderCheckOutput(report: Report, options: CheckCliOptions, context: OutputContext): Promise<string> {
  return (await RENDERERS[options.output]())(report, options, context);
}
