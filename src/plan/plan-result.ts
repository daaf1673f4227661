// What the plan judgement says: for the whole plan and for each workload or policy, whether this host takes it
// as it is, after changes made on the host (listed), or not at all (and why, per PF).

export type PlanOutcome = 'fits' | 'fits-after-changes' | 'does-not-fit';

export interface ItemResult {
  /** `workload web-vms` or `policy intel-vfio`. */
  readonly name: string;
  readonly line: number;
  readonly outcome: PlanOutcome;
  /** The PFs that would serve it (a workload: one; a policy: every PF it selects). */
  readonly pfs: readonly string[];
  /** One line: the answer. */
  readonly summary: string;
  /** What happens or must be done, in order. */
  readonly steps: readonly string[];
  /** Why it does not fit, or why a PF was passed over. */
  readonly reasons: readonly string[];
}

export interface PlanResult {
  readonly kind: 'workloads' | 'policies';
  readonly outcome: PlanOutcome;
  readonly items: readonly ItemResult[];
  /** What the judgement assumed or could not see. */
  readonly notes: readonly string[];
}

const RANK: Record<PlanOutcome, number> = { fits: 0, 'fits-after-changes': 1, 'does-not-fit': 2 };

/** The plan's outcome: its worst item's. */
export function worstOutcome(outcomes: readonly PlanOutcome[]): PlanOutcome {
  return outcomes.reduce<PlanOutcome>((worst, o) => (RANK[o] > RANK[worst] ? o : worst), 'fits');
}
