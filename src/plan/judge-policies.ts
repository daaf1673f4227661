// What sriov-network-operator would do to this node for each SriovNetworkNodePolicy, judged before it applies
// them: which PFs its nicSelector picks (vendor, deviceID, rootDevices, pfNames as the operator's Selected()
// compares them), whether it would drain the node (VFs recreated or rebound on a PF that has VFs), reboot it
// (kernel arguments for vfio-pci, NIC firmware changes), or fail — and a drain or reboot that cannot reach a
// working state because of what the checks found (the firmware has no IOMMU, SR-IOV off in the BIOS, VFs that
// cannot be addressed) is said to be for nothing. Facts of the operator: reference/validator-knowledge.md §2.
// The policies' nodeSelector is not evaluated: this host is taken to be one of the nodes it selects.

import { findFamilyByPf, type NicFamily } from '../catalog/nic-catalog.js';
import { isAssignedDriver, isVfioDriver } from '../checks/shared/driver-kinds.js';
import type { PfRow, ReportView } from '../report/report-view.js';
import { worstOutcome, type ItemResult, type PlanOutcome, type PlanResult } from './plan-result.js';
import type { NodePolicy, RangedDevice } from './plan-types.js';

/** The operator's nicSelector.Selected(): every field given must match; pfNames lose their #range. */
export function policySelects(policy: NodePolicy, pf: PfRow): boolean {
  const s = policy.nicSelector;
  if (s.vendor && s.vendor !== pf.vendorId) return false;
  if (s.deviceID && s.deviceID !== pf.deviceId) return false;
  if (s.rootDevices.length > 0 && !s.rootDevices.some((d) => d.device === pf.pciAddress)) return false;
  if (s.pfNames.length > 0 && !s.pfNames.some((d) => d.device === pf.netdev)) return false;
  return true;
}

const isEmptySelector = (policy: NodePolicy) => {
  const s = policy.nicSelector;
  return !s.vendor && !s.deviceID && s.rootDevices.length === 0 && s.pfNames.length === 0 && !s.netFilter;
};

interface Effects {
  drain: string[];
  reboot: string[];
  /** The operator will fail, or what it builds will not work. */
  problems: string[];
  /** Would make a drain or reboot pointless. */
  futile: string[];
}

export function judgePolicies(policies: readonly NodePolicy[], view: ReportView): PlanResult {
  const items = policies.map((policy) => judgePolicy(policy, view));
  const notes = ['The policies\' nodeSelector is not evaluated: this host is judged as one of the nodes they select.'];
  for (const pf of view.pfs) {
    const both = items.filter((i) => i.pfs.includes(pf.subject)).map((i) => i.name);
    if (both.length > 1) notes.push(`${both.join(' and ')} all select ${pf.subject}: the operator merges them by priority (the highest numVfs wins; VF ranges must not overlap), each is judged alone here.`);
  }
  if (policies.some((p) => p.nicSelector.netFilter)) notes.push('netFilter (OpenStack/AWS network ids) is not evaluated: such policies are judged on their other selectors.');
  return { kind: 'policies', outcome: worstOutcome(items.map((i) => i.outcome)), items, notes };
}

function judgePolicy(policy: NodePolicy, view: ReportView): ItemResult {
  const base = { name: `policy ${policy.name}`, line: policy.line };
  if (isEmptySelector(policy)) return { ...base, outcome: 'fits', pfs: [], summary: 'an empty nicSelector selects nothing: the operator ignores this policy', steps: [], reasons: [] };
  const pfs = view.pfs.filter((pf) => policySelects(policy, pf));
  if (pfs.length === 0) return { ...base, outcome: 'fits', pfs: [], summary: 'selects no PF on this host: nothing happens here', steps: [], reasons: [] };

  const effects: Effects = { drain: [], reboot: [], problems: [], futile: [] };
  for (const pf of pfs) judgePf(policy, pf, view, effects);
  if (policy.deviceType === 'vfio-pci') judgeVfio(view, effects);
  const steps = [...effects.reboot.map((r) => `reboot: ${r}`), ...effects.drain.map((d) => `drain: ${d}`)];
  const reasons = [...effects.problems, ...effects.futile];
  const disruptive = steps.length > 0;
  let outcome: PlanOutcome;
  let summary: string;
  const names = pfs.map((pf) => pf.subject).join(', ');
  if (effects.futile.length > 0 && disruptive) {
    outcome = 'does-not-fit';
    summary = `the operator would ${effects.reboot.length ? 'drain and reboot' : 'drain'} this node for nothing: ${effects.futile[0]}`;
  } else if (reasons.length > 0) {
    outcome = 'does-not-fit';
    summary = `applied to ${names}, it would not work: ${reasons[0]}`;
  } else if (disruptive) {
    outcome = 'fits-after-changes';
    summary = `applies to ${names}; the operator will ${effects.reboot.length ? 'drain and reboot' : 'drain'} this node`;
  } else {
    outcome = 'fits';
    summary = `applies to ${names} without draining the node`;
  }
  return { ...base, outcome, pfs: pfs.map((pf) => pf.subject), summary, steps, reasons };
}

const family = (pf: PfRow): NicFamily | undefined => (pf.vendorId && pf.deviceId ? findFamilyByPf(pf.vendorId, pf.deviceId) : undefined);
const isMlx5 = (pf: PfRow) => family(pf)?.pfDriver === 'mlx5_core' || pf.driver === 'mlx5_core';
const statusOf = (view: ReportView, id: string, subject: string) => view.checks.find((c) => c.id === id && c.subject === subject)?.status;

function rangeOf(policy: NodePolicy, pf: PfRow): RangedDevice | undefined {
  return [...policy.nicSelector.pfNames.filter((d) => d.device === pf.netdev), ...policy.nicSelector.rootDevices.filter((d) => d.device === pf.pciAddress)].find((d) => d.first !== undefined);
}

function judgePf(policy: NodePolicy, pf: PfRow, view: ReportView, e: Effects): void {
  const name = pf.subject;
  const enabled = pf.vfsEnabled ?? 0;
  const supported = pf.vfsSupported;
  const status = (id: string) => statusOf(view, id, name);
  // The lockdown check warns (it does not fail) when lockdown would refuse mstconfig on a NIC that needs it.
  const lockdown = statusOf(view, 'firmware.kernel.lockdown', 'host') === 'warn';

  const range = rangeOf(policy, pf);
  if (range && (range.last as number) >= policy.numVfs) e.problems.push(`${name}: VF range #${range.first}-${range.last} goes past numVfs ${policy.numVfs} (VFs 0-${policy.numVfs - 1})`);
  if (policy.isRdma && !isMlx5(pf)) e.problems.push(`${name}: isRdma needs an NVIDIA/Mellanox (mlx5) NIC`);
  if (policy.linkType && /^ib$/i.test(policy.linkType) && !isMlx5(pf)) e.problems.push(`${name}: linkType ib needs an NVIDIA/Mellanox (mlx5) NIC`);
  if (policy.eSwitchMode === 'switchdev' && !isMlx5(pf) && pf.driver !== 'ice') e.problems.push(`${name}: eSwitchMode switchdev needs an mlx5 or ice PF (this one runs ${pf.driver ?? 'no driver'})`);

  if (policy.externallyManaged) {
    if (policy.numVfs > enabled) e.problems.push(`${name}: externally managed, so the operator creates no VFs, and only ${enabled} exist (numVfs ${policy.numVfs})`);
    return;
  }
  if (status('nic.sriov.firmware-enabled') === 'fail') {
    if (isMlx5(pf)) {
      e.reboot.push(`${name}: the operator sets SRIOV_EN and NUM_OF_VFS in the NIC firmware (mstconfig) and reboots`);
      if (lockdown) e.futile.push(`${name}: kernel lockdown blocks mstconfig, so the firmware change fails`);
    } else e.futile.push(`${name}: SR-IOV is off in the BIOS or NIC firmware; nothing the operator does turns it on`);
    return;
  }
  if (supported !== undefined && policy.numVfs > supported) {
    if (isMlx5(pf)) {
      e.reboot.push(`${name}: numVfs ${policy.numVfs} > sriov_totalvfs ${supported}: the operator raises NUM_OF_VFS in the NIC firmware and reboots`);
      if (lockdown) e.futile.push(`${name}: kernel lockdown blocks mstconfig, so NUM_OF_VFS stays ${supported}`);
    } else e.problems.push(`${name}: numVfs ${policy.numVfs} > sriov_totalvfs ${supported}: the operator refuses ("NumVfs (${policy.numVfs}) is larger than TotalVfs (${supported})")`);
  }
  if (policy.numVfs > 0 && status('firmware.pci.ari-forwarding') === 'fail') {
    e.futile.push(`${name}: its VFs cannot be addressed (no ARI forwarding above it): writing sriov_numvfs fails, and the pci=realloc reboot the operator tries cannot change that`);
  } else if (policy.numVfs > 0 && status('firmware.pci.mmio') === 'fail') {
    e.reboot.push(`${name}: writing sriov_numvfs fails for want of MMIO space; the operator adds pci=realloc and reboots`);
    e.futile.push(`${name}: pci=realloc helps only where the firmware left room for the VF BARs; the BIOS needs SR-IOV support and Above 4G decoding`);
  }

  // Drain: the operator drains before changing a PF that already has VFs (none when it has 0).
  if (enabled > 0) {
    const vfs = view.vfs.filter((vf) => vf.pfAddress === pf.pciAddress && (!range || (vf.index >= (range.first as number) && vf.index <= (range.last as number))));
    if (policy.numVfs !== enabled) e.drain.push(`${name}: ${enabled} VFs are recreated as ${policy.numVfs}`);
    else if (policy.deviceType === 'vfio-pci' && vfs.some((vf) => !vf.driver || !isVfioDriver(vf.driver))) e.drain.push(`${name}: its VFs are rebound to vfio-pci`);
    else if (policy.deviceType === 'netdevice' && vfs.some((vf) => !vf.driver || isAssignedDriver(vf.driver))) e.drain.push(`${name}: its VFs are rebound to their kernel driver`);
    else if (policy.mtu !== undefined && pf.mtu !== undefined && policy.mtu > pf.mtu) e.drain.push(`${name}: its MTU rises from ${pf.mtu} to ${policy.mtu}`);
  }
  if (policy.deviceType === 'netdevice' && policy.numVfs > 0 && status('nic.vf.driver-available') === 'fail') e.problems.push(`${name}: no kernel driver for its VFs is available`);
}

function judgeVfio(view: ReportView, e: Effects): void {
  const host = (id: string) => statusOf(view, id, 'host');
  if (view.iommu !== 'on') {
    e.reboot.push('vfio-pci with the IOMMU off: the operator adds intel_iommu=on iommu=pt (iommu=pt on AMD) to the kernel command line and reboots');
    if (host('firmware.iommu.acpi-table') === 'fail') e.futile.push('the firmware describes no IOMMU (VT-d / AMD-Vi off in the BIOS): the kernel argument cannot turn it on');
    if (host('firmware.iommu.cmdline') === 'fail') e.futile.push('the kernel command line turns the IOMMU off, and the operator only adds arguments');
  }
  if (host('firmware.iommu.interrupt-remapping') === 'fail') e.problems.push('no interrupt remapping: VFIO will refuse to hand the VFs to pods or VMs');
  if (host('hypervisor.vfio.modules') === 'fail') e.problems.push('the VFIO modules are missing from this kernel');
}
