// The network adapters of one VM (--vm NAME): does each ask for SR-IOV (IovWeight), has it been given a VF
// (IovUsage > 0 only while one is assigned), and does its traffic use the VF (VFDataPathActive)? When no VF was
// given, the cause is picked from the switch and host facts of the same document.

import type { Finding, Outcome } from '../checks/check-types.js';
import { fail, listText, pass, skip, warn } from '../checks/outcome.js';
import { isIssue } from '../fact.js';
import type { HypervDocument, VnicFacts } from '../parse/hyperv-document.js';
import { finding, notKnown, psQuote } from './hyperv-finding.js';
import { externalSwitches, switchName } from './switch-decisions.js';

export function judgeVmAdapters(document: HypervDocument, vmName: string): Finding[] {
  const vnics = document.vnics;
  if (vnics === undefined) return [finding('hypervisor.vnic.iov-requested', vmName, notKnown(`the network adapters of ${vmName}`, 'vnics'))];
  if (isIssue(vnics)) return [finding('hypervisor.vnic.iov-requested', vmName, notKnown(`the network adapters of ${vmName}`, vnics.path, vnics))];
  // VM names compare as PowerShell compares them: without regard to case.
  const mine = vnics.filter((v) => typeof v.vmName === 'string' && v.vmName.toLowerCase() === vmName.toLowerCase());
  if (mine.length === 0) {
    const names = [...new Set(vnics.flatMap((v) => (typeof v.vmName === 'string' ? [v.vmName] : [])))];
    return [
      finding('hypervisor.vnic.iov-requested', vmName, {
        status: 'unknown',
        summary: `No network adapter of a VM named "${vmName}" in the document${names.length > 0 ? ` (VMs: ${listText(names)})` : ' (it lists no VM adapter)'}.`,
        remediation: 'Check the name with Get-VM on the host; --vm takes the name Hyper-V shows.',
        evidence: ['vnics[].VMName'],
      }),
    ];
  }
  const findings: Finding[] = [];
  for (const vnic of mine) {
    const subject = `${typeof vnic.vmName === 'string' ? vnic.vmName : vmName}/${typeof vnic.name === 'string' ? vnic.name : vnic.path}`;
    const requested = iovRequested(vnic, subject);
    const assigned = requested.status === 'pass' ? vfAssigned(vnic, subject, document) : skip(`skipped: hypervisor.vnic.iov-requested is ${requested.status}`);
    const datapath = assigned.status === 'pass' ? vfDatapath(vnic, subject) : skip(`skipped: hypervisor.vnic.vf-assigned is ${assigned.status}`);
    findings.push(
      finding('hypervisor.vnic.iov-requested', subject, requested),
      finding('hypervisor.vnic.vf-assigned', subject, assigned),
      finding('hypervisor.vnic.vf-datapath', subject, datapath),
    );
  }
  return findings;
}

function setWeight(vnic: VnicFacts): string {
  const vm = typeof vnic.vmName === 'string' ? vnic.vmName : '<vm>';
  const name = typeof vnic.name === 'string' ? vnic.name : '<adapter>';
  return `Set-VMNetworkAdapter -VMName ${psQuote(vm)} -Name ${psQuote(name)} -IovWeight 100`;
}

function iovRequested(vnic: VnicFacts, subject: string): Outcome {
  const weight = vnic.iovWeight;
  const path = `${vnic.path}.IovWeight`;
  if (weight === undefined) return notKnown(`whether ${subject} asks for SR-IOV`, path);
  if (isIssue(weight)) return notKnown(`whether ${subject} asks for SR-IOV`, path, weight);
  if (weight > 0) return pass(`${subject} asks for SR-IOV (IovWeight ${weight}).`);
  return warn(`${subject} does not ask for SR-IOV (IovWeight 0): its traffic goes through the virtual switch.`, setWeight(vnic), [path]);
}

/**
 * Whether the VM runs, from the adapter's operational status: an adapter of a VM that is off reports none
 * (inferred from the cmdlet's types; no capture shows it). Undefined when the status was not collected.
 */
function vmRunning(vnic: VnicFacts): boolean | undefined {
  if (!Array.isArray(vnic.status)) return undefined;
  const status = vnic.status as readonly string[];
  return status.some((s) => !['Unknown', 'Stopped', 'Dormant'].includes(s));
}

function vfAssigned(vnic: VnicFacts, subject: string, document: HypervDocument): Outcome {
  const usage = vnic.iovUsage;
  const path = `${vnic.path}.IovUsage`;
  if (usage === undefined) return notKnown(`whether ${subject} has a VF`, path);
  if (isIssue(usage)) return notKnown(`whether ${subject} has a VF`, path, usage);
  if (usage > 0) {
    const pairs = typeof vnic.iovQueuePairsAssigned === 'number' ? `, ${vnic.iovQueuePairsAssigned} queue pair${vnic.iovQueuePairsAssigned === 1 ? '' : 's'}` : '';
    return pass(`${subject} has a VF (IovUsage ${usage}${pairs}).`);
  }
  const running = vmRunning(vnic);
  if (running === undefined) return notKnown(`whether the VM of ${subject} runs (a VF is given only to a running VM)`, `${vnic.path}.Status`);
  if (!running) return skip(`The VM of ${subject} is not running (no operational status): a VF is given only to a running VM.`);
  const cause = noVfCause(vnic, document);
  return fail(`${subject} asks for SR-IOV but has no VF (IovUsage 0): ${cause.why}; its traffic stays on the synthetic path.`, cause.fix, [path]);
}

/** Why a running VM adapter that asks for SR-IOV got no VF: the first obstacle on its way, from the document. */
function noVfCause(vnic: VnicFacts, document: HypervDocument): { why: string; fix: string } {
  const vm = typeof vnic.vmName === 'string' ? vnic.vmName : '<vm>';
  const target = typeof vnic.switchName === 'string' && vnic.switchName !== '' ? vnic.switchName : undefined;
  if (target === undefined) return { why: 'the adapter is not connected to a switch', fix: `Connect-VMNetworkAdapter -VMName ${psQuote(vm)} -SwitchName <SR-IOV switch>` };
  const vswitch = externalSwitches(document).find((s) => switchName(s) === target);
  if (vswitch === undefined) return { why: `its switch ${target} is not an external switch`, fix: `Connect it to an external switch created with SR-IOV: Connect-VMNetworkAdapter -VMName ${psQuote(vm)} -SwitchName <SR-IOV switch>` };
  if (vswitch.iovEnabled === false) return { why: `its switch ${target} was created without SR-IOV`, fix: `Recreate ${target} with SR-IOV (see hypervisor.vswitch.iov-enabled), or connect the adapter to a switch that has it.` };
  if (vswitch.iovSupport === false) return { why: `Hyper-V says its switch ${target} cannot do SR-IOV`, fix: 'Fix the causes hypervisor.vswitch.iov-support names.' };
  const vmhost = document.vmhost;
  if (vmhost !== undefined && !isIssue(vmhost) && vmhost.iovSupport === false) return { why: 'Hyper-V says this host cannot do SR-IOV', fix: 'Fix the causes hypervisor.hyperv.iov-support names.' };
  const count = vswitch.iovVirtualFunctionCount;
  const inUse = vswitch.iovVirtualFunctionsInUse;
  if (typeof count === 'number' && typeof inUse === 'number' && inUse >= count) {
    return { why: `its switch ${target} has no VF left (${inUse} of ${count} in use)`, fix: 'Raise the VF count of the adapter under the switch (Set-NetAdapterSriov -NumVFs), or set IovWeight 0 on VM adapters that need no VF.' };
  }
  return {
    why: "the guest OS does not support SR-IOV or brought up no VF driver (Hyper-V's Best Practices Analyzer: SR-IOV virtual functions will not be allocated)",
    fix: "Run a guest OS with SR-IOV support (64-bit Windows Server 2012 / Windows 8 or later, or Linux with the NIC's VF driver) and install the NIC vendor's VF driver in the guest; then restart the VM.",
  };
}

function vfDatapath(vnic: VnicFacts, subject: string): Outcome {
  const active = vnic.vfDataPathActive;
  const path = `${vnic.path}.VFDataPathActive`;
  if (active === undefined) return notKnown(`whether ${subject} uses its VF`, path);
  if (isIssue(active)) return notKnown(`whether ${subject} uses its VF`, path, active);
  if (active) return pass(`${subject} sends and receives through its VF (VFDataPathActive True).`);
  return warn(
    `${subject} has a VF but its data path is not active (VFDataPathActive False): the VF driver in the guest is not working, and traffic goes through the virtual switch.`,
    "Install or repair the NIC vendor's VF driver in the guest (Windows: Device Manager lists the VF as a \"Virtual Function\" adapter; Linux: mlx5_core, mlx4_en, iavf…), then check again.",
    [path],
  );
}
