// The report: findings plus verdicts for the host and each PF. Built purely from a host view and findings.

import type { Finding, Status } from '../checks/check-types.js';
import type { HostView, PfView } from '../checks/host-view.js';
import type { ConsumerSummary } from '../attribution/consumer-types.js';
import type { TopologyVf } from '../readers/topology-reader.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';

export type Verdict = 'ready' | 'degraded' | 'not-ready';

export interface PfReport {
  readonly pciAddress: string;
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

export interface Report {
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
  readonly pfs: readonly PfReport[];
  readonly snapshot: HostSnapshot;
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
  const consumers = new Map((report.snapshot.consumers ?? []).map((c) => [c.address, c]));
  return report.snapshot.topology.pfs.flatMap((pf) =>
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

export function summarize(host: HostView, findings: readonly Finding[], vfsRequired?: number): Report {
  const hostFindings = findings.filter((f) => f.subject === 'host');
  const pfVerdict = (pf: PfView) => verdictOf([...hostFindings, ...findings.filter((f) => f.subject === pf.subject)].map((f) => f.status));
  const selectedSubjects = new Set(host.selectedPfs.map((pf) => pf.subject));
  const counted = findings.filter((f) => f.subject === 'host' || selectedSubjects.has(f.subject));
  return {
    verdict: verdictOf(counted.map((f) => f.status)),
    findings,
    pfs: host.pfs.map((pf) => pfReport(pf, pfVerdict(pf))),
    snapshot: host.snapshot,
    ...(vfsRequired !== undefined ? { vfsRequired } : {}),
  };
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
