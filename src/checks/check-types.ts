// The shape of a check: its row (id, question, what it reads, its remediations) and its decision together in
// one definition, one file per check (nic/, firmware/, hypervisor/), and what running it yields.

import type { HostView, PfView } from './host-view.js';
import type { RemedyCode } from './remediations.js';

export type Layer = 'nic' | 'firmware' | 'hypervisor';
export type Status = 'pass' | 'warn' | 'fail' | 'skip' | 'unknown';

export const LAYERS: readonly Layer[] = ['nic', 'firmware', 'hypervisor'];
export const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'skip', 'unknown'];

/** What a check concluded about one subject. */
export interface Outcome {
  readonly status: Status;
  /** One line: what was found, with the values that decided it. */
  readonly summary: string;
  /** The exact fix for this host (commands with this host's names filled in); empty for pass and skip. */
  readonly remediation?: string;
  /** Files, lines or values behind the conclusion. */
  readonly evidence?: readonly string[];
}

/** Options that change what the checks require (from the command line). */
export interface CheckOptions {
  /** VFs each selected PF must provide (`--vfs N`). */
  readonly vfs?: number;
}

interface CheckBase {
  /** Stable public id, `<layer>.<area>.<name>`. */
  readonly id: string;
  readonly layer: Layer;
  /** Short title, as a question the check answers. */
  readonly title: string;
  /** What the check reads, for docs/checks.md. */
  readonly reads: string;
  /** The fix, in general terms, for docs/checks.md; outcomes carry the concrete one. */
  readonly fix: string;
  /** The remediation codes its outcomes use besides the shared ones (`remedies(…).codes`), for docs/checks.md. */
  readonly remedies: readonly RemedyCode[];
  /**
   * Checks that must not have failed for this one to mean anything. A required check that is `fail`,
   * `unknown` or `skip` for the same subject (or for the host) makes this one `skip`: a cause is reported once.
   */
  readonly requires?: readonly string[];
}

export interface HostCheck extends CheckBase {
  readonly scope: 'host';
  run(host: HostView, options: CheckOptions): Outcome;
}

export interface PfCheck extends CheckBase {
  readonly scope: 'pf';
  /** The PFs it is about, when not every PF (say, only PFs in switchdev mode): others get no finding at all. */
  readonly appliesTo?: { readonly text: string; test(pf: PfView): boolean };
  run(pf: PfView, host: HostView, options: CheckOptions): Outcome;
}

export type CheckDefinition = HostCheck | PfCheck;

/** One row of a report: a check applied to one subject. */
export interface Finding extends Outcome {
  readonly id: string;
  readonly layer: Layer;
  /** `host`, or the PF's netdev name (its PCI address when it has none). */
  readonly subject: string;
}
