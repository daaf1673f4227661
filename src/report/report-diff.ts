// `sriov-check diff OLD NEW`: what changed between two readings of a host (before and after a BIOS, firmware,
// driver or kernel update) — the verdict, checks whose status changed, PFs and VFs that appeared or vanished,
// VF counts, drivers, IOMMU groups. A change is a regression when the host got worse: a worse status or
// verdict, something vanished, fewer VFs, a driver lost, the IOMMU gone. Pure: two views in, changes out.

import type { Status } from '../checks/check-types.js';
import type { Verdict } from './report.js';
import type { PfRow, ReportView, VfRow } from './report-view.js';

export interface DiffSide {
  readonly view: ReportView;
  /** The side lists VFs and IOMMU groups (snapshots always do; JSON reports only from when they carry `vfs`). */
  readonly full: boolean;
}

export type ChangeArea = 'verdict' | 'iommu' | 'check' | 'pf' | 'vf';

export interface Change {
  readonly area: ChangeArea;
  /** What changed: `host`, a check id and subject, a PF or VF PCI address. */
  readonly subject: string;
  /** What about it: `status`, `appeared`, `vanished`, `driver`, `vfs_enabled` … */
  readonly what: string;
  readonly before?: string;
  readonly after?: string;
  readonly regression: boolean;
}

export interface ReportDiff {
  readonly regressed: boolean;
  readonly changes: readonly Change[];
  /** What could not be compared, and why. */
  readonly notes: readonly string[];
}

const STATUS_RANK: Record<Status, number> = { pass: 0, skip: 0, warn: 1, unknown: 2, fail: 3 };
const VERDICT_RANK: Record<Verdict, number> = { ready: 0, degraded: 1, 'not-ready': 2 };

const show = (value: string | number | undefined, absent = 'unknown') => (value === undefined ? absent : String(value));

export function diffReports(old: DiffSide, now: DiffSide): ReportDiff {
  const changes: Change[] = [];
  const add = (change: Change) => changes.push(change);
  const a = old.view;
  const b = now.view;

  if (a.verdict !== b.verdict) add({ area: 'verdict', subject: 'host', what: 'verdict', before: a.verdict, after: b.verdict, regression: VERDICT_RANK[b.verdict] > VERDICT_RANK[a.verdict] });
  if (a.iommu !== b.iommu) add({ area: 'iommu', subject: 'host', what: 'iommu', before: a.iommu, after: b.iommu, regression: a.iommu === 'on' });

  // A PF's checks are matched by its PCI address: its netdev name (the subject) changes when its driver does.
  const keyed = (view: ReportView) => {
    const address = new Map(view.pfs.map((pf) => [pf.subject, pf.pciAddress]));
    return new Map(view.checks.map((c) => [`${c.id} ${address.get(c.subject) ?? c.subject}`, c]));
  };
  const oldChecks = keyed(a);
  const newChecks = keyed(b);
  const named = (c: { id: string; subject: string }) => `${c.id} ${c.subject}`;
  for (const [k, c] of newChecks) {
    const before = oldChecks.get(k);
    if (before === undefined) add({ area: 'check', subject: named(c), what: 'appeared', after: c.status, regression: STATUS_RANK[c.status] > 0 });
    else if (before.status !== c.status) add({ area: 'check', subject: named(c), what: 'status', before: before.status, after: c.status, regression: STATUS_RANK[c.status] > STATUS_RANK[before.status] });
  }
  for (const [k, c] of oldChecks) if (!newChecks.has(k)) add({ area: 'check', subject: named(c), what: 'vanished', before: c.status, regression: false });

  const full = old.full && now.full;
  diffPfs(a.pfs, b.pfs, full, add);
  const notes: string[] = [];
  if (full) diffVfs(a.vfs, b.vfs, add);
  else notes.push(`VFs and IOMMU groups not compared: ${!old.full ? 'OLD' : 'NEW'} does not list them (a JSON report from before VFs were reported; compare snapshots instead)`);
  return { regressed: changes.some((c) => c.regression), changes, notes };
}

function diffPfs(a: readonly PfRow[], b: readonly PfRow[], groups: boolean, add: (c: Change) => void): void {
  const before = new Map(a.map((pf) => [pf.pciAddress, pf]));
  const after = new Map(b.map((pf) => [pf.pciAddress, pf]));
  for (const [address, pf] of after) {
    const old = before.get(address);
    const subject = `${address} (${pf.subject})`;
    if (old === undefined) {
      add({ area: 'pf', subject, what: 'appeared', after: pf.verdict, regression: false });
      continue;
    }
    if (old.netdev !== pf.netdev) add({ area: 'pf', subject, what: 'netdev', before: show(old.netdev, 'none'), after: show(pf.netdev, 'none'), regression: false });
    if (old.driver !== pf.driver) add({ area: 'pf', subject, what: 'driver', before: show(old.driver, 'none'), after: show(pf.driver, 'none'), regression: pf.driver === undefined });
    for (const field of ['vfsSupported', 'vfsEnabled', 'vfsFree'] as const) {
      const x = old[field];
      const y = pf[field];
      // Free VFs are known only where holders were read: no change to report when one side could not know.
      if (x === y || (field === 'vfsFree' && (x === undefined || y === undefined))) continue;
      add({ area: 'pf', subject, what: snake(field), before: show(x), after: show(y), regression: x !== undefined && (y === undefined || y < x) });
    }
    if (groups && old.iommuGroup !== pf.iommuGroup) add({ area: 'pf', subject, what: 'iommu_group', before: show(old.iommuGroup, 'none'), after: show(pf.iommuGroup, 'none'), regression: pf.iommuGroup === undefined });
    if (old.numaNode !== pf.numaNode) add({ area: 'pf', subject, what: 'numa_node', before: show(old.numaNode), after: show(pf.numaNode), regression: false });
    if (old.verdict !== pf.verdict) add({ area: 'pf', subject, what: 'verdict', before: old.verdict, after: pf.verdict, regression: VERDICT_RANK[pf.verdict] > VERDICT_RANK[old.verdict] });
  }
  for (const [address, pf] of before) if (!after.has(address)) add({ area: 'pf', subject: `${address} (${pf.subject})`, what: 'vanished', before: pf.verdict, regression: true });
}

function diffVfs(a: readonly VfRow[], b: readonly VfRow[], add: (c: Change) => void): void {
  const before = new Map(a.map((vf) => [vf.pciAddress, vf]));
  const after = new Map(b.map((vf) => [vf.pciAddress, vf]));
  const name = (vf: VfRow) => `${vf.pciAddress} (${vf.pf} VF ${vf.index})`;
  for (const [address, vf] of after) {
    const old = before.get(address);
    if (old === undefined) {
      add({ area: 'vf', subject: name(vf), what: 'appeared', ...(vf.driver ? { after: vf.driver } : {}), regression: false });
      continue;
    }
    if (old.driver !== vf.driver) add({ area: 'vf', subject: name(vf), what: 'driver', before: show(old.driver, 'none'), after: show(vf.driver, 'none'), regression: vf.driver === undefined });
    if (old.iommuGroup !== vf.iommuGroup) add({ area: 'vf', subject: name(vf), what: 'iommu_group', before: show(old.iommuGroup, 'none'), after: show(vf.iommuGroup, 'none'), regression: vf.iommuGroup === undefined });
    const holder = (v: VfRow) => (v.consumer ? [v.consumer.kind, v.consumer.namespace, v.consumer.name].filter(Boolean).join(' ') : undefined);
    if (holder(old) !== holder(vf) && old.consumer && vf.consumer) add({ area: 'vf', subject: name(vf), what: 'held_by', before: show(holder(old)), after: show(holder(vf)), regression: false });
  }
  for (const [address, vf] of before) if (!after.has(address)) add({ area: 'vf', subject: name(vf), what: 'vanished', ...(vf.driver ? { before: vf.driver } : {}), regression: true });
}

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function renderDiffText(diff: ReportDiff, oldName: string, newName: string): string {
  const line = (c: Change) => {
    const values = c.before !== undefined && c.after !== undefined ? `: ${c.before} → ${c.after}` : c.after !== undefined ? ` (${c.after})` : c.before !== undefined ? ` (was ${c.before})` : '';
    return `  ${c.area.padEnd(7)} ${c.subject} ${c.what}${values}`;
  };
  const regressions = diff.changes.filter((c) => c.regression);
  const others = diff.changes.filter((c) => !c.regression);
  const lines = [`sriov-check diff ${oldName} → ${newName}`];
  if (diff.changes.length === 0) lines.push('No changes.');
  if (regressions.length > 0) lines.push('', `Regressions (${regressions.length}):`, ...regressions.map(line));
  if (others.length > 0) lines.push('', `Other changes (${others.length}):`, ...others.map(line));
  for (const note of diff.notes) lines.push('', `Note: ${note}`);
  lines.push('', diff.regressed ? 'Result: REGRESSED' : 'Result: no regression');
  return `${lines.join('\n')}\n`;
}

export function renderDiffJson(diff: ReportDiff, oldName: string, newName: string): string {
  return `${JSON.stringify({ old: oldName, new: newName, regressed: diff.regressed, changes: diff.changes, notes: diff.notes }, null, 2)}\n`;
}
