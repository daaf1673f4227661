// The plan judgement: workloads or operator policies, against one host's report view.

import type { ReportView } from '../report/report-view.js';
import { judgePolicies } from './judge-policies.js';
import { judgeWorkloads } from './judge-workloads.js';
import type { PlanResult } from './plan-result.js';
import type { Plan } from './plan-types.js';

export function judgePlan(plan: Plan, view: ReportView, planName: string): PlanResult {
  return plan.kind === 'workloads' ? judgeWorkloads(plan.workloads, view, planName) : judgePolicies(plan.policies, view);
}
