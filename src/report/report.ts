// The report: findings plus verdicts for the host and each PF. Built purely from a host view and findings.

import type { Finding, Status } from '../checks/check-types.js';
import type { HostView, PfView } from '../checks/host-view.js';
import type { ConsumerSummary } from '../attribution/consumer-types.js';
import type { TopologyVf } from '../readers/topology-reader.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';

export type Verdict = 'ready' | 'degraded' | 'not-ready';

export interface PfReport {
  /** Unknown for a Windows adapter: Get-NetAdapterSriov does not give it. */
  readonly pciAddress?: string;
  readonly netdev?: string;
  readonly subject: string;
  readonly vendorId?: string;
  readonly deviceId?: string;
  readonly vendor?: string;
  readonly model?: string;
  readonly family?: string;
  readonly driver?: string;
  readonly numaNode?: number;
  readonly vfsSupported?: number;
  readonly vfsEnabled?: number;
  readonly selected: boolean;
  readonly verdict: Verdict;
}

/** What was judged: a Linux host, a Linux guest on Hyper-V/Azure, or a Windows Hyper-V host's document. */
export type Platform = 'linux-host' | 'linux-guest' | 'windows-hyperv';

/** Where a Windows host's document came from, and what it says of itself. */
export interface HypervSource {
  /** The file given with --hyperv-json, `-` for standard input, or the command that collected it. */
  readonly origin: string;
  readonly live: boolean;
  readonly schema?: number;
  readonly psVersion?: string;
  /** What the document reader absorbed or ignored (unknown keys, a newer schema). */
  readonly notes: readonly string[];
}

export interface Report {
  readonly platform: Platform;
  readonly tool: { readonly name: string; readonly version: string };
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly pfs: readonly PfReport[];
  /** The Linux host or guest that was read; absent for a Windows host. */
  readonly snapshot?: HostSnapshot;
  /** The Windows host's document; absent on Linux. */
  readonly hyperv?: HypervSource;
  /** The --vfs target the verdict was computed for. */
  readonly vfsRequired?: number;
}

export interface ReportVf {
  /** The PF's subject (its netdev, or its PCI address). */
  readonly pf: string;
  readonly vf: TopologyVf;
  /** Undefined when consumers were not read. */
  readonly consumer?: ConsumerSummary;
}

/** Every VF of the snapshot's PFs, in PF then index order, with its consumer when they were read. */
export function reportVfs(report: Report): ReportVf[] {
  const snap = report.snapshot;
  // A Windows host's document lists adapters, not their VFs.
  if (snap === undefined) return [];
  const consumers = new Map((snap.consumers ?? []).map((c) => [c.address, c]));
  return snap.topology.pfs.flatMap((pf) =>
    pf.vfs.map((vf) => {
      const consumer = consumers.get(vf.address);
      return { pf: pf.label, vf, ...(consumer ? { consumer } : {}) };
    }),
  );
}

/** Any fail → not-ready; else any warn or unknown → degraded (unread is not proven); else ready. */
export function verdictOf(statuses: Iterable<Status>): Verdict {
  let verdict: Verdict = 'ready';
  for (const status of statuses) {
    if (status === 'fail') return 'not-ready';
    if (status === 'warn' || status === 'unknown') verdict = 'degraded';
  }
  return verdict;
}

export function summarize(host: HostView, findings: readonly Finding[], vfsRequired?: number, platform: Platform = 'linux-host'): Report {
  const hostFindings = findings.filter((f) => f.subject === 'host');
  const pfVerdict = (pf: PfView) => verdictOf([...hostFindings, ...findings.filter((f) => f.subject === pf.subject)].map((f) => f.status));
  const pfs = host.pfs.map((pf) => pfReport(pf, pfVerdict(pf)));
  return {
    platform,
    tool: host.snapshot.tool,
    verdict: verdictOf(countedFindings(findings, pfs).map((f) => f.status)),
    findings,
    pfs,
    snapshot: host.snapshot,
    ...(vfsRequired !== undefined ? { vfsRequired } : {}),
  };
}

/**
 * The findings the verdict is over: all but those of PFs left out with --pf. A subject that is no PF (the host,
 * a switch, a VM adapter, a guest's synthetic NIC) always counts.
 */
export function countedFindings(findings: readonly Finding[], pfs: readonly PfReport[]): Finding[] {
  const left = new Set(pfs.filter((pf) => !pf.selected).map((pf) => pf.subject));
  return findings.filter((f) => !left.has(f.subject));
}

function pfReport(pf: PfView, verdict: Verdict): PfReport {
  const d = pf.device;
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const fields = {
    netdev: pf.netdev?.name ?? (Array.isArray(d.netdevs) ? (d.netdevs as readonly string[])[0] : undefined),
    vendorId: text(d.vendorId),
    deviceId: text(d.deviceId),
    vendor: pf.vendorName,
    model: pf.deviceName ?? pf.family?.name,
    family: pf.family?.id,
    driver: text(d.driver),
    numaNode: num(d.numaNode),
    vfsSupported: num(d.sriov?.totalVfs),
    vfsEnabled: num(d.sriov?.numVfs),
  };
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  return { pciAddress: pf.address, subject: pf.subject, ...defined, selected: pf.selected, verdict };
}
