// readiness: the last background run of the sriov-check preflight as metrics. Never runs the checks itself:
// the runner does, in the background (readiness/readiness-runner.ts).

import { STATUSES } from '../../checks/check-types.js';
import type { Verdict } from '../../report/report.js';
import { METRICS } from '../exposition/metric-catalog.js';
import type { ReadinessRunner } from '../readiness/readiness-runner.js';
import type { Collector } from './collector.js';

const VERDICTS: readonly Verdict[] = ['ready', 'degraded', 'not-ready'];

export function readinessCollector(runner: ReadinessRunner): Collector<'readiness'> {
  return {
    name: 'readiness',
    collect(_scrape, out) {
      const failure = runner.lastFailure;
      if (failure) out.problem(`the last readiness run failed: ${failure.message}`);
      const result = runner.latest;
      // Before the first run completes there is nothing to say yet, which is not a failure.
      if (result === undefined) return;

      const status = out.emitter(METRICS.checkStatus);
      for (const check of result.checks) {
        for (const candidate of STATUSES) {
          status({ check: check.id, layer: check.layer, subject: check.subject, status: candidate }, candidate === check.status ? 1 : 0);
        }
      }
      const verdict = result.verdict;
      out.emitter(METRICS.hostReady)({}, verdict === 'not-ready' ? 0 : 1);
      const verdicts = out.emitter(METRICS.hostVerdict);
      for (const candidate of VERDICTS) verdicts({ verdict: candidate }, candidate === verdict ? 1 : 0);
      out.emitter(METRICS.readinessLastRun)({}, result.completedAt / 1000);
    },
  };
}
