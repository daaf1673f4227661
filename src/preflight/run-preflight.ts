// One preflight for both programs: a host snapshot in, the report out. sriov-check prints it (or a saved
// snapshot's); the exporter's readiness run keeps what its metrics and GET /readiness serve. Pure: reading the
// host is takeSnapshot's, printing is the renderers'.

import { CHECKS } from '../checks/check-table.js';
import { buildHostView, type HostView } from '../checks/host-view.js';
import { runChecks } from '../checks/run-checks.js';
import { GUEST_SKIP, judgeHypervGuest } from '../hyperv/guest-decisions.js';
import { parseNetvscEvents } from '../parse/netvsc-log.js';
import type { HypervGuestView } from '../readers/hyperv-guest-reader.js';
import { summarize, type Report } from '../report/report.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';

export interface PreflightOptions {
  /** `--pf`: the PFs that count, by netdev name or PCI address (every PF when empty); an unknown one is a UserError. */
  readonly pfs?: readonly string[];
  /** Which PFs count, by a rule (the exporter's --collector.pf-include/exclude); when it keeps none, all do. */
  readonly select?: (pf: { readonly netdev?: string; readonly address: string }) => boolean;
  /** `--vfs N`: VFs each counted PF must provide. */
  readonly vfs?: number;
}

export function runPreflight(snapshot: HostSnapshot, options: PreflightOptions = {}): Report {
  const view = selected(buildHostView(snapshot, options.pfs ?? []), options.select);
  if (isHypervGuest(snapshot, view)) return guestPreflight(snapshot, view, options);
  const findings = runChecks(CHECKS, view, options.vfs !== undefined ? { vfs: options.vfs } : {});
  return summarize(view, findings, options.vfs);
}

/** A Linux guest on Hyper-V/Azure: VMBus, and no PF of its own (an Accelerated Networking VF has no physfn). */
function isHypervGuest(snapshot: HostSnapshot, view: HostView): boolean {
  return snapshot.hypervGuest?.vmbus === true && view.pfs.length === 0;
}

/**
 * The guest's question is whether the accelerated path works: the Linux host's checks are `skip` with the
 * reason (the PF lives on the host), and the guest's checks run for each synthetic NIC.
 */
function guestPreflight(snapshot: HostSnapshot, view: HostView, options: PreflightOptions): Report {
  const hostOnly = CHECKS.filter((c) => c.scope === 'host').map((c) => ({ id: c.id, layer: c.layer, subject: 'host', ...GUEST_SKIP }));
  const log = snapshot.kernelLog.lines.filter((l) => l.signature === 'netvsc-vf').map((l) => l.text);
  const guest = judgeHypervGuest(snapshot.hypervGuest as HypervGuestView, { events: parseNetvscEvents(log.join('\n')) });
  return summarize(view, [...hostOnly, ...guest], options.vfs, 'linux-guest');
}

/** The view with only the PFs the rule keeps selected, as `--pf` would select them. */
function selected(all: HostView, select: PreflightOptions['select']): HostView {
  if (select === undefined) return all;
  const kept = all.pfs.filter((pf) => select({ ...(pf.netdev ? { netdev: pf.netdev.name } : {}), address: pf.address }));
  if (kept.length === 0 || kept.length === all.pfs.length) return all;
  return buildHostView(all.snapshot, kept.map((pf) => pf.address));
}
