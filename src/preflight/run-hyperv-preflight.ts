// The preflight of a Windows Hyper-V host: its collector document in, the report out, under the same verdict rule
// as a Linux host. The PFs are the SR-IOV adapters of Get-NetAdapterSriov; their verdict is the host's findings
// and their own, as on Linux.

import { isIssue } from '../fact.js';
import { adapterName } from '../hyperv/adapter-decisions.js';
import { judgeHypervDocument } from '../hyperv/judge-hyperv.js';
import type { HypervDocument, SriovAdapterFacts } from '../parse/hyperv-document.js';
import { verdictOf, type PfReport, type Report } from '../report/report.js';

export interface HypervPreflightOptions {
  readonly tool: { readonly name: string; readonly version: string };
  /** The file given with --hyperv-json, `-`, or the collector command run. */
  readonly origin: string;
  readonly live: boolean;
  /** `--vfs N`: VFs each SR-IOV adapter must provide. */
  readonly vfs?: number;
  /** `--vm NAME`: the VM whose network adapters are judged too. */
  readonly vm?: string;
}

export function runHypervPreflight(document: HypervDocument, options: HypervPreflightOptions): Report {
  const findings = judgeHypervDocument(document, {
    ...(options.vfs !== undefined ? { vfs: options.vfs } : {}),
    ...(options.vm !== undefined ? { vm: options.vm } : {}),
  });
  const hostStatuses = findings.filter((f) => f.subject === 'host').map((f) => f.status);
  const adapters = Array.isArray(document.sriov) ? (document.sriov as readonly SriovAdapterFacts[]) : [];
  const pfs = adapters.map((adapter): PfReport => {
    const subject = adapterName(adapter);
    const own = findings.filter((f) => f.subject === subject).map((f) => f.status);
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    const count = (v: unknown) => (typeof v === 'number' ? v : undefined);
    const fields = { netdev: text(adapter.name), model: text(adapter.interfaceDescription), vfsEnabled: count(adapter.numVfs) };
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return { subject, ...defined, selected: true, verdict: verdictOf([...hostStatuses, ...own]) };
  });
  const schema = isIssue(document.schema) ? undefined : document.schema;
  const psVersion = isIssue(document.psVersion) ? undefined : document.psVersion;
  return {
    platform: 'windows-hyperv',
    tool: options.tool,
    verdict: verdictOf(findings.map((f) => f.status)),
    findings,
    pfs,
    hyperv: {
      origin: options.origin,
      live: options.live,
      ...(schema !== undefined ? { schema } : {}),
      ...(psVersion !== undefined ? { psVersion } : {}),
      notes: document.notes,
    },
    ...(options.vfs !== undefined ? { vfsRequired: options.vfs } : {}),
  };
}
