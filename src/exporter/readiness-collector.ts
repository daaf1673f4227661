// readiness: the last background run of the sriov-check preflight as metrics. Never runs the checks itself.

import { STATUSES } from '../checks/check-types.js';
import type { Verdict } from '../report/report.js';
import type { CollectorDefinition } from './collector-types.js';

const VERDICTS: readonly Verdict[] = ['ready', 'degraded', 'not-ready'];

export const readinessCollector: CollectorDefinition = {
  name: 'readiness',
  help: 'The sriov-check preflight as metrics (check status state sets, verdict), run in the background on an interval.',
  defaultEnabled: true,
  run(scrape, out) {
    const runner = scrape.services.readiness;
    const failure = runner.lastFailure;
    if (failure) out.problem(`the last readiness run failed: ${failure.message}`);
    const result = runner.latest;
    // Before the first run completes there is nothing to say yet, which is not a failure.
    if (result === undefined) return;

    const status = out.family('sriov_check_status');
    for (const check of result.checks) {
      for (const candidate of STATUSES) status([check.id, check.layer, check.subject, candidate], candidate === check.status ? 1 : 0);
    }
    const verdict = result.verdict;
    out.family('sriov_host_ready')([], verdict === 'not-ready' ? 0 : 1);
    const verdicts = out.family('sriov_host_verdict');
    for (const candidate of VERDICTS) verdicts([candidate], candidate === verdict ? 1 : 0);
    out.family('sriov_readiness_last_run_timestamp_seconds')([], result.completedAt / 1000);
  },
};
