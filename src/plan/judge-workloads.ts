// Can this host take the plan's workloads? Each workload, in the plan's order, gets one PF: the first that its
// selector, NUMA node, link speed and driver allow and that has enough free VFs left after the workloads before
// it; failing that, the first that could after host changes (more VFs enabled, VFs bound to the driver).
// Pure: the plan and the report view in, a result out. Decides only what the checks already found plus counts.
//
// Free VFs are enabled VFs not held by a VM, pod or process. Until holders are read (attribution), held is taken
// as 0 and the result says so.

import { findFamilyByPf } from '../catalog/nic-catalog.js';
import { isVfioDriver } from '../checks/shared/driver-kinds.js';
import type { CheckRow, PfRow, ReportView } from '../report/report-view.js';
import { HELD_KINDS } from '../report/report-view.js';
import { worstOutcome, type ItemResult, type PlanOutcome, type PlanResult } from './plan-result.js';
import type { PfSelector, Workload } from './plan-types.js';
import { PlanError } from './yaml-fields.js';

/** What is left of a PF while the plan is laid onto it. */
interface PfState {
  readonly pf: PfRow;
  /** VFs enabled, or to be enabled by this plan. */
  enabled: number;
  readonly held: number;
  /** VFs taken by earlier workloads of the plan. */
  allocated: number;
  /** Free VFs already on each driver, taken as workloads claim them. */
  readonly onDriver: Map<string, number>;
}

const statusOf = (checks: readonly CheckRow[], id: string, subject: string) => checks.find((c) => c.id === id && c.subject === subject)?.status;

export function selects(selector: PfSelector | undefined, pf: PfRow): boolean {
  if (!selector) return true;
  if (selector.names && !selector.names.includes(pf.subject) && !(pf.netdev !== undefined && selector.names.includes(pf.netdev))) return false;
  if (selector.pciAddresses && !selector.pciAddresses.includes(pf.pciAddress)) return false;
  if (selector.vendor && selector.vendor !== pf.vendorId) return false;
  if (selector.device && selector.device !== pf.deviceId) return false;
  if (selector.model) {
    const wanted = selector.model.toLowerCase();
    if (![pf.model, pf.family].some((text) => text?.toLowerCase().includes(wanted))) return false;
  }
  return true;
}

export function judgeWorkloads(workloads: readonly Workload[], view: ReportView, planName: string): PlanResult {
  const states = new Map<string, PfState>(
    view.pfs.map((pf) => {
      const mine = view.vfs.filter((vf) => vf.pfAddress === pf.pciAddress);
      const free = mine.filter((vf) => !(vf.consumer && HELD_KINDS.has(vf.consumer.kind)));
      const onDriver = new Map<string, number>();
      for (const vf of free) if (vf.driver) onDriver.set(vf.driver, (onDriver.get(vf.driver) ?? 0) + 1);
      return [pf.pciAddress, { pf, enabled: pf.vfsEnabled ?? 0, held: pf.vfsHeld ?? 0, allocated: 0, onDriver }];
    }),
  );
  const items: ItemResult[] = [];
  for (const w of workloads) {
    const candidates = view.pfs.filter((pf) => selects(w.pf, pf));
    if (candidates.length === 0) {
      const known = view.pfs.map((pf) => `${pf.subject} (${pf.pciAddress}, ${pf.vendorId ?? '?'}:${pf.deviceId ?? '?'}, ${pf.model ?? 'unknown model'})`);
      throw new PlanError(`${planName}:${w.pf?.line ?? w.line}: workload ${w.name}: its pf selector matches no PF on this host (${known.length ? `PFs here: ${known.join('; ')}` : 'this host has none'})`);
    }
    items.push(placeWorkload(w, candidates, view, states));
  }
  const notes: string[] = [];
  if (!view.consumersKnown) notes.push('Who holds each VF (VM, pod, process) was not read (a snapshot saved without it): every enabled VF is counted as free (held = 0).');
  if (workloads.some((w) => w.trust !== undefined || w.spoofCheck !== undefined)) {
    notes.push('VFs start with trust off and spoof checking on; a workload that needs otherwise gets a step (`ip link set <pf> vf <n> trust on`, `spoofchk off`): the current settings are not read.');
  }
  return { kind: 'workloads', outcome: worstOutcome(items.map((i) => i.outcome)), items, notes };
}

/** Why a PF cannot serve the workload whatever its VF count, or undefined when it can. */
function blocker(w: Workload, pf: PfRow, view: ReportView): string | undefined {
  const status = (id: string, subject = pf.subject) => statusOf(view.checks, id, subject);
  if (pf.verdict === 'not-ready') {
    const failing = view.checks.filter((c) => c.status === 'fail' && (c.subject === 'host' || c.subject === pf.subject)).map((c) => c.id);
    return `not ready (${failing.join(', ')})`;
  }
  if (w.numaNode !== undefined) {
    if (pf.numaNode === undefined || pf.numaNode < 0) return `its NUMA node is not reported (workload needs node ${w.numaNode})`;
    if (pf.numaNode !== w.numaNode) return `on NUMA node ${pf.numaNode}, not ${w.numaNode}`;
  }
  if (w.minLinkSpeedMbps !== undefined) {
    if (pf.linkUp === false) return 'its link is down';
    if (pf.speedMbps === undefined) return 'its link speed is unknown';
    if (pf.speedMbps < w.minLinkSpeedMbps) return `link ${pf.speedMbps} Mb/s, below ${w.minLinkSpeedMbps}`;
  }
  if (w.driver === undefined) return undefined;
  if (isVfioDriver(w.driver)) {
    if (view.iommu !== 'on') return `${w.driver} needs the IOMMU, which is ${view.iommu}`;
    if (status('hypervisor.vfio.modules', 'host') === 'fail') return 'the VFIO modules are missing';
    if (status('firmware.iommu.interrupt-remapping', 'host') === 'fail') return 'no interrupt remapping: VFIO refuses to assign its VFs';
    const isolation = status('hypervisor.iommu.vf-isolation');
    if (isolation === 'fail' || isolation === 'warn') return 'its VFs share IOMMU groups with other devices: VFIO cannot give them out one by one';
    return undefined;
  }
  const family = pf.vendorId && pf.deviceId ? findFamilyByPf(pf.vendorId, pf.deviceId) : undefined;
  if (family && family.vfDriver !== w.driver) return `its VFs use ${family.vfDriver} (or vfio-pci), not ${w.driver}`;
  if (status('nic.vf.driver-available') === 'fail') return `no VF driver is available for its VFs`;
  return undefined;
}

/** VFs of the state already on the workload's driver (all of them when it names none). */
function onDriver(w: Workload, state: PfState, free: number): number {
  return w.driver === undefined ? free : Math.min(free, state.onDriver.get(w.driver) ?? 0);
}

/**
 * The PF that serves a workload: among those not blocked, one with enough free VFs already on its driver,
 * else one with enough free VFs to rebind, else one that can enable enough more — the first of each, in PF order.
 */
function placeWorkload(w: Workload, candidates: readonly PfRow[], view: ReportView, states: Map<string, PfState>): ItemResult {
  const reasons: string[] = [];
  const ready: PfState[] = [];
  const rebind: PfState[] = [];
  const enable: { state: PfState; target: number }[] = [];
  for (const pf of candidates) {
    const blocked = blocker(w, pf, view);
    if (blocked) {
      reasons.push(`${pf.subject}: ${blocked}`);
      continue;
    }
    const state = states.get(pf.pciAddress) as PfState;
    const free = state.enabled - state.held - state.allocated;
    if (w.vfs <= free) {
      (w.vfs <= onDriver(w, state, free) ? ready : rebind).push(state);
      continue;
    }
    const target = state.held + state.allocated + w.vfs;
    const supported = pf.vfsSupported ?? state.enabled;
    if (target > supported) reasons.push(`${pf.subject}: needs ${w.vfs} VFs, ${free} free and at most ${supported} supported${state.held ? ` (${state.held} held)` : ''}`);
    else if (state.held > 0) reasons.push(`${pf.subject}: only ${free} free; enabling more recreates every VF of the PF, and ${state.held} are held`);
    else enable.push({ state, target });
  }
  const now = ready[0] ?? rebind[0];
  if (now) return take(w, now, now.enabled - now.held - now.allocated, [], reasons);
  const later = enable[0];
  if (later) {
    const { state, target } = later;
    const wasEnabled = state.enabled;
    const free = target - state.held - state.allocated;
    reasons.push(`${state.pf.subject}: only ${wasEnabled - state.held - state.allocated} of ${w.vfs} VFs free now`);
    state.enabled = target;
    const address = state.pf.pciAddress;
    const step =
      `enable ${target} VFs on ${state.pf.subject}: \`echo 0 > /sys/bus/pci/devices/${address}/sriov_numvfs; echo ${target} > /sys/bus/pci/devices/${address}/sriov_numvfs\`` +
      (wasEnabled > 0 ? ` (this recreates its ${wasEnabled} VFs: only when none is in use)` : '');
    // New VFs bind to the VF driver by autoprobe; count them as on it.
    const family = state.pf.vendorId && state.pf.deviceId ? findFamilyByPf(state.pf.vendorId, state.pf.deviceId) : undefined;
    if (family) state.onDriver.set(family.vfDriver, (state.onDriver.get(family.vfDriver) ?? 0) + target - wasEnabled);
    return take(w, state, free, [step], reasons);
  }
  return { name: `workload ${w.name}`, line: w.line, outcome: 'does-not-fit', pfs: [], summary: `no PF can serve ${w.vfs} VFs${describe(w)}`, steps: [], reasons };
}

function describe(w: Workload): string {
  const parts = [w.driver ? `on ${w.driver}` : '', w.numaNode !== undefined ? `on NUMA node ${w.numaNode}` : '', w.minLinkSpeedMbps ? `at ${w.minLinkSpeedMbps} Mb/s or more` : ''];
  const text = parts.filter(Boolean).join(', ');
  return text ? ` (${text})` : '';
}

function take(w: Workload, state: PfState, free: number, steps: string[], passedOver: readonly string[]): ItemResult {
  const pf = state.pf;
  state.allocated += w.vfs;
  if (w.driver) {
    const ready = Math.min(w.vfs, state.onDriver.get(w.driver) ?? 0);
    state.onDriver.set(w.driver, (state.onDriver.get(w.driver) ?? 0) - ready);
    if (ready < w.vfs) {
      steps.push(`bind ${w.vfs - ready} VFs of ${pf.subject} to ${w.driver}: \`echo ${w.driver} > /sys/bus/pci/devices/<vf>/driver_override; echo <vf> > /sys/bus/pci/drivers_probe\` for each`);
    }
  }
  if (w.trust) steps.push(`turn trust on for its VFs: \`ip link set ${pf.netdev ?? pf.subject} vf <n> trust on\``);
  if (w.spoofCheck === false) steps.push(`turn spoof checking off for its VFs: \`ip link set ${pf.netdev ?? pf.subject} vf <n> spoofchk off\``);
  // Every step is a change to the host: VFs enabled or rebound, trust or spoof checking moved off the kernel's default.
  const outcome: PlanOutcome = steps.length > 0 ? 'fits-after-changes' : 'fits';
  const summary = `${pf.subject} (${pf.pciAddress}) serves ${w.vfs} VFs${describe(w)}; ${free - w.vfs} of its free VFs left`;
  return { name: `workload ${w.name}`, line: w.line, outcome, pfs: [pf.subject], summary, steps, reasons: passedOver };
}
