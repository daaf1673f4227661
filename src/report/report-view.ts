// ReportView: the report as the outputs for other tools and people read it (JUnit, NFD, textfile, HTML, diff,
// plan): the findings with their titles, each PF with its link and free VFs, each VF with its IOMMU group and,
// when known, who holds it. Plain JSON-serialisable data without the snapshot, so that the exporter can keep it
// and send it across the readiness worker's thread. Derived purely from a Report; decides nothing new.

import { isFree, type ConsumerKind } from '../attribution/consumer-types.js';
import { CHECKS } from '../checks/check-table.js';
import { HYPERV_CHECKS } from '../hyperv/hyperv-checks.js';
import type { Finding } from '../checks/check-types.js';
import { known } from '../fact.js';
import type { PfReport, Report, Verdict } from './report.js';


export interface VfConsumer {
  readonly kind: ConsumerKind;
  readonly name?: string;
  readonly namespace?: string;
}

/** Kinds that hold a VF; `none` and `host` leave it free (isFree), `unknown` is neither. */
export const HELD_KINDS: ReadonlySet<ConsumerKind> = new Set(['vm', 'pod', 'dpdk', 'process']);

export interface CheckRow extends Finding {
  readonly title: string;
}

export interface PfRow extends PfReport {
  /** '' for a Windows adapter: Get-NetAdapterSriov does not give it (labels and tables show it empty). */
  readonly pciAddress: string;
  /** The PF netdev's operstate is up; undefined when it has no netdev or it could not be read. */
  readonly linkUp?: boolean;
  /** Mb/s, while the link is up. */
  readonly speedMbps?: number;
  /** The PF netdev's MTU. */
  readonly mtu?: number;
  readonly iommuGroup?: string;
  /** Enabled VFs not held by anyone; undefined while who holds them is not known. */
  readonly vfsFree?: number;
  readonly vfsHeld?: number;
}

export interface VfRow {
  readonly pciAddress: string;
  /** The PF's subject (netdev name, or its PCI address). */
  readonly pf: string;
  readonly pfAddress: string;
  readonly index: number;
  readonly driver?: string;
  readonly netdev?: string;
  readonly iommuGroup?: string;
  readonly numaNode?: number;
  /** Undefined while attribution has not been read. */
  readonly consumer?: VfConsumer;
}

export type IommuState = 'on' | 'off' | 'unknown';

export interface ReportView {
  readonly tool: { readonly name: string; readonly version: string };
  /** `this host`, or the root the snapshot was read from. */
  readonly host: string;
  readonly kernelRelease?: string;
  readonly verdict: Verdict;
  readonly vfsRequired?: number;
  readonly checks: readonly CheckRow[];
  readonly pfs: readonly PfRow[];
  readonly vfs: readonly VfRow[];
  /** The kernel's IOMMU as firmware.iommu.kernel-enabled judged it. */
  readonly iommu: IommuState;
  /** Consumers were given for the VFs (free counts then mean something). */
  readonly consumersKnown: boolean;
}

/** The check whose outcome says whether the kernel runs an IOMMU. */
export const IOMMU_CHECK = 'firmware.iommu.kernel-enabled';

/** The report's view; free VFs only where the snapshot says who holds its VFs (VF attribution). */
export function viewReport(report: Report): ReportView {
  const snap = report.snapshot;
  const consumers = snap?.consumers
    ? new Map(snap.consumers.map((c): [string, VfConsumer] => [c.address, { kind: c.kind, ...(c.consumer ? { name: c.consumer } : {}), ...(c.namespace ? { namespace: c.namespace } : {}) }]))
    : undefined;
  const titles = new Map([...HYPERV_CHECKS, ...CHECKS].map((c) => [c.id, c.title]));
  const netdevs = new Map((snap?.netDevices ?? []).map((n) => [n.name, n]));
  const pfByAddress = new Map(report.pfs.map((pf) => [pf.pciAddress, pf]));
  const vfs: VfRow[] = [];
  for (const d of snap?.pciDevices ?? []) {
    const pfAddress = d.physfn;
    const pf = pfAddress !== undefined ? pfByAddress.get(pfAddress) : undefined;
    if (pfAddress === undefined || pf === undefined || d.vfIndex === undefined) continue;
    const driver = known(d.driver);
    const names = known(d.netdevs);
    const group = known(d.iommuGroup);
    const numa = known(d.numaNode);
    const consumer = consumers?.get(d.address);
    vfs.push({
      pciAddress: d.address,
      pf: pf.subject,
      pfAddress,
      index: d.vfIndex,
      ...(driver ? { driver } : {}),
      ...(names && names.length > 0 ? { netdev: names[0] as string } : {}),
      ...(group !== undefined ? { iommuGroup: group } : {}),
      ...(numa !== undefined && numa >= 0 ? { numaNode: numa } : {}),
      ...(consumer ? { consumer } : {}),
    });
  }
  vfs.sort((a, b) => (a.pfAddress === b.pfAddress ? a.index - b.index : a.pfAddress < b.pfAddress ? -1 : 1));

  const pfs: PfRow[] = report.pfs.map((pf) => {
    const netdev = pf.netdev !== undefined ? netdevs.get(pf.netdev) : undefined;
    const operstate = netdev ? known(netdev.operstate) : undefined;
    const speed = netdev ? known(netdev.speedMbps) : undefined;
    const mtu = netdev ? known(netdev.mtu) : undefined;
    const device = snap?.pciDevices.find((d) => d.address === pf.pciAddress);
    const group = device ? known(device.iommuGroup) : undefined;
    return {
      ...pf,
      pciAddress: pf.pciAddress ?? '',
      ...(operstate !== undefined ? { linkUp: operstate === 'up' } : {}),
      ...(speed !== undefined && speed > 0 && operstate === 'up' ? { speedMbps: speed } : {}),
      ...(mtu !== undefined ? { mtu } : {}),
      ...(group !== undefined ? { iommuGroup: group } : {}),
      ...(consumers ? freeCounts(vfs.filter((vf) => vf.pfAddress === pf.pciAddress)) : {}),
    };
  });

  const release = snap ? known(snap.kernel.release) : undefined;
  return {
    tool: report.tool,
    host: hostName(report),
    ...(release !== undefined ? { kernelRelease: release } : {}),
    verdict: report.verdict,
    ...(report.vfsRequired !== undefined ? { vfsRequired: report.vfsRequired } : {}),
    checks: report.findings.map((f) => ({ ...f, title: titles.get(f.id) ?? f.id })),
    pfs,
    vfs,
    iommu: iommuState(report.findings),
    consumersKnown: consumers !== undefined,
  };
}

/** `this host`, or where the host was read from: the snapshot's root, or a Windows host's document. */
function hostName(report: Report): string {
  const source = report.snapshot?.source ?? report.hyperv;
  if (source === undefined || source.live) return 'this host';
  return 'rootfs' in source ? source.rootfs : source.origin;
}

/** Free and held among a PF's VFs; free stays unknown while any VF's holder is unknown. */
export function freeCounts(vfs: readonly VfRow[]): { vfsFree?: number; vfsHeld: number } {
  const held = vfs.filter((vf) => vf.consumer && HELD_KINDS.has(vf.consumer.kind)).length;
  const undecided = vfs.some((vf) => !vf.consumer || !(isFree(vf.consumer.kind) || HELD_KINDS.has(vf.consumer.kind)));
  return undecided ? { vfsHeld: held } : { vfsFree: vfs.length - held, vfsHeld: held };
}

/** On or off as the IOMMU check found it; off too when it was skipped because a check it needs failed (VT-d off in the BIOS). */
export function iommuState(findings: readonly Pick<Finding, 'id' | 'status'>[]): IommuState {
  const status = (id: string) => findings.find((f) => f.id === id)?.status;
  const own = status(IOMMU_CHECK);
  if (own === 'pass') return 'on';
  if (own === 'fail') return 'off';
  const needs = CHECKS.find((c) => c.id === IOMMU_CHECK)?.requires ?? [];
  return own === 'skip' && needs.some((id) => status(id) === 'fail') ? 'off' : 'unknown';
}

/** Findings that did not pass, failures first, then unknowns, then warnings (the order to act in). */
export function actionable<T extends Pick<Finding, 'status'>>(checks: readonly T[]): T[] {
  const order = ['fail', 'unknown', 'warn'];
  return order.flatMap((status) => checks.filter((c) => c.status === status));
}
