// The external virtual switches of a Windows host: a VM adapter gets a VF only through an external switch that was
// created with SR-IOV (it cannot be turned on later), that Hyper-V says can do it, that is not bound to an LBFO
// team (the team does not pass SR-IOV up), and that has VFs and queue pairs left.

import type { Finding, Outcome } from '../checks/check-types.js';
import { fail, listText, pass, plural, skip, warn } from '../checks/outcome.js';
import { isIssue } from '../fact.js';
import { classifyReason } from '../catalog/iov-support-reasons.js';
import type { HypervDocument, SriovAdapterFacts, VmSwitchFacts, VnicFacts } from '../parse/hyperv-document.js';
import { finding, notKnown, psQuote } from './hyperv-finding.js';

/** The interface description of an LBFO team's virtual adapter ("…Driver #2" for the second team). */
const LBFO_DESCRIPTION = /^Microsoft Network Adapter Multiplexor Driver\b/i;

export function judgeVirtualSwitches(document: HypervDocument): Finding[] {
  const findings = [finding('hypervisor.vswitch.present', 'host', switchPresent(document))];
  for (const vswitch of externalSwitches(document)) {
    const subject = switchName(vswitch);
    const enabled = iovEnabled(vswitch, subject, document);
    const needsIov = enabled.status === 'pass' ? undefined : skip(`skipped: hypervisor.vswitch.iov-enabled is ${enabled.status}`);
    findings.push(
      finding('hypervisor.vswitch.iov-enabled', subject, enabled),
      finding('hypervisor.vswitch.iov-support', subject, needsIov ?? iovSupport(vswitch, subject)),
      finding('hypervisor.vswitch.no-lbfo', subject, noLbfo(vswitch, subject, document)),
      finding('hypervisor.vswitch.vf-capacity', subject, needsIov ?? capacity(vswitch, subject)),
    );
  }
  return findings;
}

export function switchName(vswitch: VmSwitchFacts): string {
  return typeof vswitch.name === 'string' && vswitch.name !== '' ? vswitch.name : vswitch.path;
}

/**
 * External switches. SwitchType is a name when the collector wrote it; a number (an enum serialised by hand, whose
 * values no source documents) or nothing falls back to the one thing only an external switch has: a physical
 * adapter (NetAdapterInterfaceDescription).
 */
export function externalSwitches(document: HypervDocument): VmSwitchFacts[] {
  if (!Array.isArray(document.switches)) return [];
  return (document.switches as readonly VmSwitchFacts[]).filter((s) =>
    typeof s.switchType === 'string' ? s.switchType.toLowerCase() === 'external' : adapterDescriptions(s).length > 0,
  );
}

/** The physical adapters under a switch: one for a plain switch, the members of a SET team. */
export function adapterDescriptions(vswitch: VmSwitchFacts): string[] {
  const many = Array.isArray(vswitch.netAdapterInterfaceDescriptions) ? (vswitch.netAdapterInterfaceDescriptions as readonly string[]) : [];
  const one = typeof vswitch.netAdapterInterfaceDescription === 'string' && vswitch.netAdapterInterfaceDescription !== '' ? [vswitch.netAdapterInterfaceDescription] : [];
  return [...new Set([...one, ...many])];
}

function switchPresent(document: HypervDocument): Outcome {
  const switches = document.switches;
  if (switches === undefined) return notKnown('the virtual switches', 'switches');
  if (isIssue(switches)) return notKnown('the virtual switches', switches.path, switches);
  const external = externalSwitches(document);
  if (external.length === 0) {
    const adapter = firstAdapterName(document) ?? '<adapter>';
    return fail(
      `No external virtual switch${switches.length > 0 ? ` (${plural(switches.length, 'internal or private switch', 'internal or private switches')} only)` : ''}: a VM gets a VF only through an external switch created with SR-IOV.`,
      `New-VMSwitch -Name 'SR-IOV' -NetAdapterName ${psQuote(adapter)} -EnableIov $true`,
    );
  }
  return pass(`${plural(external.length, 'external virtual switch', 'external virtual switches')}: ${listText(external.map(switchName))}.`);
}

function iovEnabled(vswitch: VmSwitchFacts, subject: string, document: HypervDocument): Outcome {
  const value = vswitch.iovEnabled;
  const path = `${vswitch.path}.IovEnabled`;
  if (value === undefined) return notKnown(`whether ${subject} was created with SR-IOV`, path);
  if (isIssue(value)) return notKnown(`whether ${subject} was created with SR-IOV`, path, value);
  if (value) return pass(`${subject} was created with SR-IOV (IovEnabled True).`);
  return fail(
    `${subject} was created without SR-IOV (IovEnabled False); IOV is chosen when a switch is created and cannot be turned on later.`,
    recreateCommand(vswitch, subject, document),
    [path],
  );
}

/** Remove and recreate the switch with IOV on, then reconnect the VM adapters that were on it. */
function recreateCommand(vswitch: VmSwitchFacts, subject: string, document: HypervDocument): string {
  const names = adapterDescriptions(vswitch).map((d) => adapterNameOf(document, d));
  const set = vswitch.embeddedTeamingEnabled === true;
  const adapters = names.length > 0 && names.every((n) => n !== undefined) ? names.map((n) => psQuote(n as string)).join(',') : psQuote('<adapter>');
  const vms = connectedVms(document, subject);
  const reconnect = vms.length > 0 ? vms.map((vm) => `Connect-VMNetworkAdapter -VMName ${psQuote(vm)} -SwitchName ${psQuote(subject)}`).join('; ') : `Connect-VMNetworkAdapter -VMName <vm> -SwitchName ${psQuote(subject)}`;
  return `Recreate the switch (its VM adapters are disconnected meanwhile): Remove-VMSwitch -Name ${psQuote(subject)} -Force; New-VMSwitch -Name ${psQuote(subject)} -NetAdapterName ${adapters}${set ? ' -EnableEmbeddedTeaming $true' : ''} -EnableIov $true; ${reconnect}`;
}

function iovSupport(vswitch: VmSwitchFacts, subject: string): Outcome {
  const value = vswitch.iovSupport;
  const path = `${vswitch.path}.IovSupport`;
  if (value === undefined) return notKnown(`whether ${subject} can do SR-IOV`, path);
  if (isIssue(value)) return notKnown(`whether ${subject} can do SR-IOV`, path, value);
  if (value) return pass(`Hyper-V says ${subject} can do SR-IOV (IovSupport True).`);
  const reasons = Array.isArray(vswitch.iovSupportReasons) ? (vswitch.iovSupportReasons as readonly string[]) : [];
  const classified = reasons.map(classifyReason);
  const causes = classified.map((r) => (r.known ? r.reason.cause : `"${r.raw}" (not recognised)`));
  const fixes = [...new Set(classified.flatMap((r) => (r.known ? [r.reason.fix] : [])))];
  return fail(
    `Hyper-V says ${subject} cannot do SR-IOV (IovSupport False)${causes.length > 0 ? `: ${causes.join('; ')}` : ', and gives no reason'}.`,
    fixes.length > 0 ? fixes.join(' ') : 'Check that the adapter under the switch supports SR-IOV and has it enabled (Get-NetAdapterSriov), and the host checks.',
    reasons.map((raw) => `${vswitch.path}.IovSupportReasons: ${raw}`),
  );
}

function noLbfo(vswitch: VmSwitchFacts, subject: string, document: HypervDocument): Outcome {
  const descriptions = adapterDescriptions(vswitch);
  if (descriptions.length === 0) return notKnown(`the adapter under ${subject}`, `${vswitch.path}.NetAdapterInterfaceDescription`);
  const team = descriptions.find((d) => LBFO_DESCRIPTION.test(d));
  if (team !== undefined) {
    const vm = connectedVms(document, subject)[0] ?? '<vm>';
    return fail(
      `${subject} is bound to an LBFO team ("${team}"): a NIC team does not pass the members' SR-IOV up to the switch.`,
      `Use Switch Embedded Teaming instead: remove the team (Remove-NetLbfoTeam -Name <team>), then New-VMSwitch -Name ${psQuote(subject)} -NetAdapterName <nic1>,<nic2> -EnableEmbeddedTeaming $true -EnableIov $true; or team inside the guest (Set-VMNetworkAdapter -VMName ${psQuote(vm)} -AllowTeaming On).`,
      [`${vswitch.path}.NetAdapterInterfaceDescription: ${team}`],
    );
  }
  const how = vswitch.embeddedTeamingEnabled === true ? 'a SET team of ' : '';
  return pass(`${subject} is on ${how}${listText(descriptions.map((d) => `"${d}"`))}, not an LBFO team.`);
}

function capacity(vswitch: VmSwitchFacts, subject: string): Outcome {
  const count = vswitch.iovVirtualFunctionCount;
  const path = `${vswitch.path}.IovVirtualFunctionCount`;
  if (count === undefined) return notKnown(`the VFs of ${subject}`, path);
  if (isIssue(count)) return notKnown(`the VFs of ${subject}`, path, count);
  if (count === 0) {
    return fail(`${subject} has no VFs (IovVirtualFunctionCount 0) although IOV is on.`, 'Enable SR-IOV on the adapter under the switch and give it VFs: Enable-NetAdapterSriov -Name <adapter>; Set-NetAdapterSriov -Name <adapter> -NumVFs <n>.', [path]);
  }
  const inUse = typeof vswitch.iovVirtualFunctionsInUse === 'number' ? vswitch.iovVirtualFunctionsInUse : undefined;
  const pairs = typeof vswitch.iovQueuePairCount === 'number' ? vswitch.iovQueuePairCount : undefined;
  const pairsInUse = typeof vswitch.iovQueuePairsInUse === 'number' ? vswitch.iovQueuePairsInUse : undefined;
  const evidence = [path, `${vswitch.path}.IovVirtualFunctionsInUse`, `${vswitch.path}.IovQueuePairCount`, `${vswitch.path}.IovQueuePairsInUse`];
  const moreVfs = 'Raise the VF count of the adapter under the switch (Set-NetAdapterSriov -Name <adapter> -NumVFs <more>), or set IovWeight 0 on VM adapters that need no VF.';
  if (inUse !== undefined && inUse >= count) {
    return warn(`All ${plural(count, 'VF')} of ${subject} are in use: a VM adapter started now stays on the synthetic path.`, moreVfs, evidence);
  }
  if (pairs !== undefined && pairsInUse !== undefined && pairs > 0 && pairsInUse >= pairs) {
    return warn(`All ${plural(pairs, 'queue pair')} of ${subject} are in use: a VM adapter started now gets no VF.`, `${moreVfs} Lower IovQueuePairsRequested on VM adapters that need fewer queues.`, evidence);
  }
  if (inUse === undefined) return notKnown(`the VFs in use on ${subject}`, `${vswitch.path}.IovVirtualFunctionsInUse`);
  const pairText = pairs !== undefined && pairsInUse !== undefined ? `, ${pairs - pairsInUse} of ${plural(pairs, 'queue pair')} free` : '';
  return pass(`${count - inUse} of ${plural(count, 'VF')} free on ${subject}${pairText}.`);
}

/** The adapter Name of an interface description, from Get-NetAdapterSriov. */
function adapterNameOf(document: HypervDocument, description: string): string | undefined {
  if (!Array.isArray(document.sriov)) return undefined;
  const adapter = (document.sriov as readonly SriovAdapterFacts[]).find((a) => a.interfaceDescription === description);
  return typeof adapter?.name === 'string' ? adapter.name : undefined;
}

function firstAdapterName(document: HypervDocument): string | undefined {
  if (!Array.isArray(document.sriov)) return undefined;
  const name = (document.sriov as readonly SriovAdapterFacts[])[0]?.name;
  return typeof name === 'string' ? name : undefined;
}

/** VMs with an adapter on the switch. */
export function connectedVms(document: HypervDocument, switchName: string): string[] {
  if (!Array.isArray(document.vnics)) return [];
  const names = (document.vnics as readonly VnicFacts[]).filter((v) => v.switchName === switchName).map((v) => v.vmName);
  return [...new Set(names.filter((n): n is string => typeof n === 'string'))];
}
