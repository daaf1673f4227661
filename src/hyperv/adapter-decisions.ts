// Each SR-IOV adapter of a Windows host (Get-NetAdapterSriov lists only adapters that support SR-IOV): what
// Windows says about it (SriovSupport), whether SR-IOV is enabled on it, and whether it has the VFs needed.

import type { Finding, Outcome } from '../checks/check-types.js';
import { fail, pass, plural, skip, warn } from '../checks/outcome.js';
import { isIssue } from '../fact.js';
import { sriovSupportValue } from '../catalog/sriov-support.js';
import type { HypervDocument, SriovAdapterFacts } from '../parse/hyperv-document.js';
import { finding, notKnown, psQuote } from './hyperv-finding.js';

export interface AdapterOptions {
  /** VFs each adapter must provide (`--vfs N`). */
  readonly vfs?: number;
}

export function judgeSriovAdapters(document: HypervDocument, options: AdapterOptions = {}): Finding[] {
  const adapters = document.sriov;
  const findings = [finding('nic.pf.present', 'host', adaptersPresent(document))];
  if (!Array.isArray(adapters)) return findings;
  for (const adapter of adapters as readonly SriovAdapterFacts[]) {
    const subject = adapterName(adapter);
    const support = sriovSupport(adapter, subject);
    const needsSupport = support.status === 'pass' ? undefined : skip(`skipped: nic.sriov.support is ${support.status}`);
    findings.push(
      finding('nic.sriov.support', subject, support),
      finding('nic.sriov.enabled', subject, needsSupport ?? enabled(adapter, subject)),
      finding('nic.vfs.total', subject, needsSupport ?? vfCount(adapter, subject, options.vfs)),
    );
  }
  return findings;
}

/** The adapter's Name, or its place in the document when the name is missing. */
export function adapterName(adapter: SriovAdapterFacts): string {
  return typeof adapter.name === 'string' && adapter.name !== '' ? adapter.name : adapter.path;
}

function adaptersPresent(document: HypervDocument): Outcome {
  const adapters = document.sriov;
  if (adapters === undefined) return notKnown('SR-IOV adapters', 'sriov');
  if (isIssue(adapters)) return notKnown('SR-IOV adapters', adapters.path, adapters);
  if (adapters.length === 0) {
    return fail(
      'No network adapter supports SR-IOV (Get-NetAdapterSriov lists none).',
      "Install an SR-IOV capable NIC with its vendor's driver, and enable SR-IOV in the BIOS and in the adapter's advanced properties.",
    );
  }
  return pass(`${plural(adapters.length, 'SR-IOV adapter')}: ${adapters.map(adapterName).join(', ')}.`);
}

function sriovSupport(adapter: SriovAdapterFacts, subject: string): Outcome {
  const what = `SR-IOV support of ${subject}`;
  const value = adapter.sriovSupport;
  const path = `${adapter.path}.SriovSupport`;
  if (value === undefined) return notKnown(what, path);
  if (isIssue(value)) return notKnown(what, path, value);
  const entry = sriovSupportValue(value);
  if (entry === undefined) {
    return { status: 'unknown', summary: `SriovSupport ${value} of ${subject} is not a value this tool knows (0–7).`, remediation: 'Check Get-NetAdapterSriov on the host; a newer Windows may have added a value.', evidence: [path] };
  }
  if (entry.value === 1) return pass(`Windows says SR-IOV is supported on ${subject} (SriovSupport Supported).`);
  return fail(`Windows says SR-IOV cannot work on ${subject}: ${entry.cause} (SriovSupport ${entry.name} = ${entry.value}; fixed in the ${entry.layer === 'nic' ? 'NIC or its driver' : 'firmware or platform'}).`, entry.fix, [path]);
}

function enabled(adapter: SriovAdapterFacts, subject: string): Outcome {
  const value = adapter.enabled;
  const path = `${adapter.path}.Enabled`;
  if (value === undefined) return notKnown(`whether SR-IOV is enabled on ${subject}`, path);
  if (isIssue(value)) return notKnown(`whether SR-IOV is enabled on ${subject}`, path, value);
  if (value) return pass(`SR-IOV is enabled on ${subject}.`);
  return fail(`SR-IOV is disabled on ${subject} (Enabled False).`, `Enable-NetAdapterSriov -Name ${psQuote(subject)}`, [path]);
}

function vfCount(adapter: SriovAdapterFacts, subject: string, required: number | undefined): Outcome {
  const numVfs = adapter.numVfs;
  const path = `${adapter.path}.NumVFs`;
  if (numVfs === undefined) return notKnown(`the VFs of ${subject}`, path);
  if (isIssue(numVfs)) return notKnown(`the VFs of ${subject}`, path, numVfs);
  const setCount = (n: number | string) => `Set-NetAdapterSriov -Name ${psQuote(subject)} -NumVFs ${n}`;
  if (required !== undefined && numVfs < required) {
    return fail(`${subject} provides ${plural(numVfs, 'VF')}; ${required} needed.`, setCount(required), [path]);
  }
  if (numVfs === 0) return fail(`${subject} provides no VF (NumVFs 0).`, setCount(required ?? '<n>'), [path]);
  const allocated = typeof adapter.numAllocatedVfs === 'number' ? adapter.numAllocatedVfs : undefined;
  if (allocated !== undefined && allocated >= numVfs) {
    return warn(
      `All ${plural(numVfs, 'VF')} of ${subject} are allocated: the next VM adapter gets none and stays on the synthetic path.`,
      `${setCount('<more>')}, or set IovWeight 0 on VM adapters that need no VF.`,
      [path, `${adapter.path}.NumAllocatedVFs`],
    );
  }
  const need = required === undefined ? '' : ` (${required} needed)`;
  const used = allocated === undefined ? '' : `, ${allocated} allocated`;
  return pass(`${subject} provides ${plural(numVfs, 'VF')}${need}${used}.`);
}
