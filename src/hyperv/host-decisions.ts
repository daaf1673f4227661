// The Windows host as a whole: is the hypervisor running, does the CPU virtualize, and what do Hyper-V's
// IovSupportReasons say about the firmware (IOMMU, _OSC, ACS, BIOS). Pure: a document in, findings out.
//
// Rule from reference/hyperv.md §2.6: once the hypervisor runs, Get-ComputerInfo leaves the HyperVRequirement*
// fields blank and Win32_Processor may say VirtualizationFirmwareEnabled False. The running hypervisor itself proves
// VT-x/AMD-V; blank or False fields next to it are never a failure.

import type { Finding, Outcome } from '../checks/check-types.js';
import { fail, pass } from '../checks/outcome.js';
import { isIssue } from '../fact.js';
import { classifyReason, type ClassifiedReason, type IovReason } from '../catalog/iov-support-reasons.js';
import type { ComputerFacts, CpuFacts, HypervDocument, VmHostFacts } from '../parse/hyperv-document.js';
import { finding, notKnown } from './hyperv-finding.js';
import type { HypervCheckId } from './hyperv-checks.js';

const HOST = 'host';

/** The checks read from IovSupportReasons alone, in the order of the catalog's layers. */
const REASON_CHECKS: readonly HypervCheckId[] = [
  'firmware.iommu.dma-remapping',
  'firmware.iommu.interrupt-remapping',
  'firmware.iommu.os-policy',
  'firmware.bios.io-virtualization',
  'firmware.bios.tables',
  'firmware.pci.os-control',
  'firmware.pci.root-port-acs',
];

export function judgeHypervHost(document: HypervDocument): Finding[] {
  const computer = isIssue(document.computer) ? undefined : document.computer;
  const cpus = Array.isArray(document.cpu) ? (document.cpu as readonly CpuFacts[]) : [];
  const running = computer?.hypervisorPresent === true;
  const host = hostReasons(document);
  return [
    finding('hypervisor.hyperv.running', HOST, hypervisorRunning(document)),
    finding('firmware.cpu.virtualization', HOST, cpuVirtualization(computer, cpus, running)),
    finding('firmware.cpu.slat', HOST, slat(computer, cpus, running, host)),
    ...REASON_CHECKS.map((id) => finding(id, HOST, reasonCheck(id, host))),
    finding('hypervisor.hyperv.iov-support', HOST, iovSupport(host)),
    finding('hypervisor.hyperv.iov-reasons', HOST, unrecognisedReasons(document)),
  ];
}

/** What Get-VMHost says, classified; or why it cannot be read. */
type HostReasons =
  | { readonly ok: true; readonly support: boolean; readonly reasons: readonly ClassifiedReason[]; readonly path: string }
  | { readonly ok: false; readonly outcome: Outcome };

function hostReasons(document: HypervDocument): HostReasons {
  const what = "Hyper-V's SR-IOV support";
  const vmhost = document.vmhost;
  if (vmhost === undefined) return { ok: false, outcome: notKnown(what, 'vmhost') };
  if (isIssue(vmhost)) return { ok: false, outcome: notKnown(what, vmhost.path, vmhost) };
  const { iovSupport, iovSupportReasons } = vmhost as VmHostFacts;
  if (iovSupport === undefined) return { ok: false, outcome: notKnown(what, `${vmhost.path}.IovSupport`) };
  if (isIssue(iovSupport)) return { ok: false, outcome: notKnown(what, iovSupport.path, iovSupport) };
  if (isIssue(iovSupportReasons)) return { ok: false, outcome: notKnown(what, iovSupportReasons.path, iovSupportReasons) };
  return { ok: true, support: iovSupport, reasons: (iovSupportReasons ?? []).map(classifyReason), path: `${vmhost.path}.IovSupportReasons` };
}

function hypervisorRunning(document: HypervDocument): Outcome {
  const what = 'whether the Hyper-V hypervisor runs';
  const computer = document.computer;
  if (computer === undefined) return notKnown(what, 'computer');
  if (isIssue(computer)) return notKnown(what, computer.path, computer);
  const present = computer.hypervisorPresent;
  const path = `${computer.path}.HyperVisorPresent`;
  if (present === undefined) return notKnown(what, path);
  if (isIssue(present)) return notKnown(what, path, present);
  if (present) return pass('The Hyper-V hypervisor is running (HyperVisorPresent True).');
  return fail(
    'The Hyper-V hypervisor is not running (HyperVisorPresent False).',
    'Install the Hyper-V role (Install-WindowsFeature Hyper-V -IncludeManagementTools -Restart); if it is installed, run `bcdedit /set hypervisorlaunchtype auto` and restart, with VT-x/AMD-V enabled in the BIOS.',
  );
}

function cpuVirtualization(computer: ComputerFacts | undefined, cpus: readonly CpuFacts[], running: boolean): Outcome {
  if (running) return pass('VT-x/AMD-V is enabled: the Hyper-V hypervisor runs (HyperVisorPresent True).');
  const required = computer?.virtualizationFirmwareEnabled;
  const perCpu = cpus.map((c) => c.virtualizationFirmwareEnabled);
  if (required === true || (perCpu.length > 0 && perCpu.every((v) => v === true))) {
    return pass('The firmware enables VT-x/AMD-V (VirtualizationFirmwareEnabled True).');
  }
  if (computer?.hypervisorPresent === false && (required === false || perCpu.includes(false))) {
    return fail(
      'VT-x/AMD-V is off in the firmware (VirtualizationFirmwareEnabled False) and the hypervisor does not run.',
      'Enable Intel VT-x ("Intel Virtualization Technology") or AMD-V ("SVM Mode") in the BIOS, then restart; if the hypervisor still will not start, see KB 2762297 (it also names SMX).',
    );
  }
  return notKnown('whether VT-x/AMD-V is enabled', computer ? `${computer.path}.HyperVRequirementVirtualizationFirmwareEnabled` : 'computer');
}

function slat(computer: ComputerFacts | undefined, cpus: readonly CpuFacts[], running: boolean, host: HostReasons): Outcome {
  const byReason = reasonCheck('firmware.cpu.slat', host);
  if (byReason.status === 'fail') return byReason;
  const perCpu = cpus.map((c) => c.secondLevelAddressTranslationExtensions);
  const required = computer?.secondLevelAddressTranslation;
  // Without a running hypervisor the requirement fields are filled in and can be trusted when they say False.
  if (!running && computer?.hypervisorPresent === false && (required === false || perCpu.includes(false))) {
    return fail('The processor has no second level address translation (SecondLevelAddressTranslation False).', 'Use a processor with SLAT (Intel EPT, AMD RVI/NPT); this cannot be fixed in software.');
  }
  if (host.ok && host.support) return byReason;
  if (required === true || (perCpu.length > 0 && perCpu.every((v) => v === true))) {
    return pass('The processor does second level address translation (SecondLevelAddressTranslation True).');
  }
  return byReason;
}

/** One firmware check from the reasons: fail on its reason, pass when support is reported or no reason is its. */
function reasonCheck(id: HypervCheckId, host: HostReasons): Outcome {
  if (!host.ok) return host.outcome;
  const mine = host.reasons.filter((r): r is ClassifiedReason & { known: true } => r.known && r.reason.checkId === id);
  if (mine.length > 0) {
    const reason = (mine[0] as { reason: IovReason }).reason;
    return fail(`Hyper-V: ${reason.cause}.`, reason.fix, mine.map((r) => `${host.path}: ${r.raw}`));
  }
  if (host.support) return pass('Hyper-V reports SR-IOV support (IovSupport True): nothing against it.');
  const strange = host.reasons.filter((r) => !r.known);
  if (strange.length > 0) {
    return {
      status: 'unknown',
      summary: `Not among the reasons this tool recognises, but Hyper-V also gives ${strange.length === 1 ? 'a reason' : `${strange.length} reasons`} it cannot match (see hypervisor.hyperv.iov-reasons).`,
      remediation: 'Read the reasons Hyper-V gives: docs/drafts/hyperv.md lists the English texts with their causes and fixes.',
      evidence: strange.map((r) => `${host.path}: ${r.raw}`),
    };
  }
  return pass(host.reasons.length === 0 ? 'Hyper-V gives no reason against SR-IOV.' : 'Not among the reasons Hyper-V gives.');
}

function iovSupport(host: HostReasons): Outcome {
  if (!host.ok) return host.outcome;
  if (host.support) return pass('Hyper-V reports that this host can use SR-IOV (IovSupport True).');
  const known = host.reasons.flatMap((r) => (r.known ? [r.reason] : []));
  const strange = host.reasons.filter((r) => !r.known).length;
  const causes = [...new Set(known.map((r) => r.cause)), ...(strange > 0 ? [`${strange} reason${strange === 1 ? '' : 's'} this tool does not recognise`] : [])];
  const fixes = [...new Set(known.map((r) => r.fix)), ...(strange > 0 ? ['Read the unrecognised reasons (hypervisor.hyperv.iov-reasons).'] : [])];
  return fail(
    `Hyper-V reports that SR-IOV cannot be used on this host (IovSupport False)${causes.length > 0 ? `: ${causes.join('; ')}` : ', and gives no reason'}.`,
    fixes.length > 0 ? fixes.join(' ') : 'Enable I/O virtualization (VT-d / AMD-Vi) and SR-IOV in the BIOS, and check that the platform supports SR-IOV.',
    host.reasons.map((r) => `${host.path}: ${r.raw}`),
  );
}

function unrecognisedReasons(document: HypervDocument): Outcome {
  const sources: { path: string; reasons: readonly string[] }[] = [];
  const vmhost = document.vmhost;
  if (vmhost !== undefined && !isIssue(vmhost) && Array.isArray(vmhost.iovSupportReasons)) {
    sources.push({ path: `${vmhost.path}.IovSupportReasons`, reasons: vmhost.iovSupportReasons as readonly string[] });
  }
  if (Array.isArray(document.switches)) {
    for (const s of document.switches as readonly { path: string; iovSupportReasons: unknown }[]) {
      if (Array.isArray(s.iovSupportReasons)) sources.push({ path: `${s.path}.IovSupportReasons`, reasons: s.iovSupportReasons as readonly string[] });
    }
  }
  if (sources.length === 0) return notKnown("Hyper-V's reasons", 'vmhost.IovSupportReasons');
  const all = sources.flatMap((s) => s.reasons.map((raw) => ({ path: s.path, raw })));
  const strange = all.filter((r) => !classifyReason(r.raw).known);
  if (strange.length === 0) return pass(all.length === 0 ? 'Hyper-V gives no reason against SR-IOV.' : `Every reason Hyper-V gives is recognised (${all.length}).`);
  const texts = [...new Set(strange.map((r) => r.raw))];
  return {
    status: 'unknown',
    summary: `Hyper-V gives ${texts.length === 1 ? 'a reason' : `${texts.length} reasons`} this tool does not recognise (another language, or a newer Windows): ${texts.map((t) => JSON.stringify(t)).join('; ')}`,
    remediation: 'Read the text: docs/drafts/hyperv.md lists each English reason with its cause and fix. Please report the text so that it can be matched.',
    evidence: strange.map((r) => `${r.path}: ${r.raw}`),
  };
}
