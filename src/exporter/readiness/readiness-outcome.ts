// What the exporter keeps of a readiness report, whichever platform it judged: the checks it exposes, the JSON
// document GET /readiness serves and the landing page's data. Apart from readiness-run.ts so that the Windows
// path, which runs on the main thread, does not load the Linux snapshot code.

import type { Finding } from '../../checks/check-types.js';
import { renderJson } from '../../report/render-json.js';
import type { Report } from '../../report/report.js';
import { viewReport } from '../../report/report-view.js';
import type { ReadinessOutcome } from './readiness-run.js';

/** `exposed` picks the findings published as metrics (every one by default). */
export function readinessOutcome(report: Report, exposed: (finding: Finding) => boolean = () => true): ReadinessOutcome {
  const checks = report.findings.filter(exposed).map(({ id, layer, subject, status }) => ({ id, layer, subject, status }));
  return { verdict: report.verdict, json: renderJson(report), checks, view: viewReport(report) };
}
