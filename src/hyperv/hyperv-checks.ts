// The checks of the Hyper-V platforms: the Windows host (judged from collect-hyperv.ps1's document) and the Linux
// guest on Hyper-V/Azure (judged from its sysfs). Proposed rows for the check table, with the ids in the project's
// `<layer>.<area>.<name>` style; four ids are the Linux host's own, read from Windows sources (`sharedWithLinux`).
// docs/drafts/hyperv.md lists them, and a test keeps the two equal.

import type { Layer } from '../checks/check-types.js';

/**
 * What one finding is about: the host; an SR-IOV adapter (Get-NetAdapterSriov, the PF: subject = its Name); an
 * external virtual switch (its Name); a VM's network adapter (`<VMName>/<adapter Name>`, with --vm); a Linux
 * guest's synthetic NIC (its netvsc netdev name).
 */
export type HypervScope = 'host' | 'adapter' | 'switch' | 'vm-adapter' | 'guest-nic';

export interface HypervCheck {
  readonly id: string;
  readonly layer: Layer;
  readonly scope: HypervScope;
  readonly platform: 'windows' | 'linux-guest';
  /** A question, as the check table's titles. */
  readonly title: string;
  readonly reads: string;
  readonly fix: string;
  /** The Linux host has a check with this id already: the Windows reading joins it. */
  readonly sharedWithLinux?: true;
}

export const HYPERV_CHECKS = [
  // Windows host: the firmware facts Hyper-V reports (Get-VMHost IovSupportReasons, Get-ComputerInfo, Win32_Processor).
  { id: 'firmware.cpu.virtualization', layer: 'firmware', scope: 'host', platform: 'windows', sharedWithLinux: true, title: 'Does the CPU offer hardware virtualization (VT-x / AMD-V)?', reads: 'computer.HyperVisorPresent, computer.HyperVRequirementVirtualizationFirmwareEnabled, cpu[].VirtualizationFirmwareEnabled', fix: 'Enable Intel VT-x or AMD-V (SVM) in the BIOS.' },
  { id: 'firmware.cpu.slat', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Does the processor do second level address translation (EPT / RVI)?', reads: 'vmhost.IovSupportReasons, computer.HyperVRequirementSecondLevelAddressTranslation, cpu[].SecondLevelAddressTranslationExtensions', fix: 'Use a processor with SLAT (Intel EPT, AMD RVI/NPT).' },
  { id: 'firmware.iommu.dma-remapping', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Does the chipset do DMA remapping?', reads: 'vmhost.IovSupportReasons', fix: 'Enable the IOMMU (VT-d / AMD-Vi) in the BIOS, update the BIOS, cold restart.' },
  { id: 'firmware.iommu.interrupt-remapping', layer: 'firmware', scope: 'host', platform: 'windows', sharedWithLinux: true, title: 'Is interrupt remapping on?', reads: 'vmhost.IovSupportReasons', fix: 'Enable the IOMMU with interrupt remapping in the BIOS, update the BIOS, cold restart.' },
  { id: 'firmware.iommu.os-policy', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Does Windows leave the I/O remapping hardware on?', reads: 'vmhost.IovSupportReasons', fix: 'Undo the Windows configuration that disables I/O remapping, then restart.' },
  { id: 'firmware.bios.io-virtualization', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Is I/O virtualization enabled in the BIOS?', reads: 'vmhost.IovSupportReasons', fix: 'Enable I/O virtualization and SR-IOV in the BIOS (some systems have it in two places).' },
  { id: 'firmware.bios.tables', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Do the BIOS tables describe the hardware and its PCI Express bus?', reads: 'vmhost.IovSupportReasons', fix: 'Update the BIOS (ask the system manufacturer).' },
  { id: 'firmware.pci.os-control', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Does the BIOS let Windows control PCI Express (_OSC)?', reads: 'vmhost.IovSupportReasons', fix: 'Update the BIOS so that it hands PCI Express control to the OS (_OSC).' },
  { id: 'firmware.pci.root-port-acs', layer: 'firmware', scope: 'host', platform: 'windows', title: 'Does a PCI Express root port support ACS?', reads: 'vmhost.IovSupportReasons', fix: 'Use a platform (or slot) whose root ports support ACS.' },
  // Windows host: Hyper-V itself.
  { id: 'hypervisor.hyperv.running', layer: 'hypervisor', scope: 'host', platform: 'windows', title: 'Is the Hyper-V hypervisor running?', reads: 'computer.HyperVisorPresent', fix: 'Install the Hyper-V role (`Install-WindowsFeature Hyper-V -IncludeManagementTools -Restart`), or `bcdedit /set hypervisorlaunchtype auto` and restart.' },
  { id: 'hypervisor.hyperv.iov-support', layer: 'hypervisor', scope: 'host', platform: 'windows', title: 'Does Hyper-V say this host can do SR-IOV?', reads: 'vmhost.IovSupport, vmhost.IovSupportReasons', fix: 'Fix the causes the firmware checks name.' },
  { id: 'hypervisor.hyperv.iov-reasons', layer: 'hypervisor', scope: 'host', platform: 'windows', title: "Does this tool recognise every reason Hyper-V gives?", reads: 'vmhost.IovSupportReasons, switches[].IovSupportReasons', fix: 'Read the reason text; docs/drafts/hyperv.md lists the English texts with their fixes.' },
  { id: 'hypervisor.vswitch.present', layer: 'hypervisor', scope: 'host', platform: 'windows', title: 'Is there an external virtual switch?', reads: 'switches[].SwitchType, switches[].NetAdapterInterfaceDescription', fix: 'Create one with SR-IOV: `New-VMSwitch -Name <name> -NetAdapterName <adapter> -EnableIov $true`.' },
  // Windows host: each SR-IOV adapter (the PF).
  { id: 'nic.pf.present', layer: 'nic', scope: 'host', platform: 'windows', sharedWithLinux: true, title: 'Is there an SR-IOV capable physical function?', reads: 'sriov[] (Get-NetAdapterSriov lists only adapters that support SR-IOV)', fix: 'Install an SR-IOV capable NIC with its vendor driver.' },
  { id: 'nic.sriov.support', layer: 'nic', scope: 'adapter', platform: 'windows', title: 'Does Windows say SR-IOV can work on this adapter (SriovSupport)?', reads: 'sriov[].SriovSupport', fix: 'Per value: BIOS settings, another slot, a vendor driver or a BIOS update (see the table of SriovSupport values).' },
  { id: 'nic.sriov.enabled', layer: 'nic', scope: 'adapter', platform: 'windows', title: 'Is SR-IOV enabled on the adapter?', reads: 'sriov[].Enabled', fix: '`Enable-NetAdapterSriov -Name <adapter>`.' },
  { id: 'nic.vfs.total', layer: 'nic', scope: 'adapter', platform: 'windows', sharedWithLinux: true, title: 'Can the PF provide the VFs needed (--vfs)?', reads: 'sriov[].NumVFs, sriov[].NumAllocatedVFs', fix: '`Set-NetAdapterSriov -Name <adapter> -NumVFs <n>`.' },
  // Windows host: each external virtual switch.
  { id: 'hypervisor.vswitch.iov-enabled', layer: 'hypervisor', scope: 'switch', platform: 'windows', title: 'Was the external switch created with SR-IOV?', reads: 'switches[].IovEnabled', fix: 'Recreate the switch with `-EnableIov $true`: IOV is chosen when a switch is created and cannot be turned on later.' },
  { id: 'hypervisor.vswitch.iov-support', layer: 'hypervisor', scope: 'switch', platform: 'windows', title: 'Does Hyper-V say the switch can do SR-IOV?', reads: 'switches[].IovSupport, switches[].IovSupportReasons', fix: 'Fix the causes in the reasons.' },
  { id: 'hypervisor.vswitch.no-lbfo', layer: 'hypervisor', scope: 'switch', platform: 'windows', title: 'Is the switch on an adapter or a SET team rather than an LBFO team?', reads: 'switches[].NetAdapterInterfaceDescription(s)', fix: 'Use Switch Embedded Teaming (`New-VMSwitch … -EnableEmbeddedTeaming $true -EnableIov $true`) or team inside the guest.' },
  { id: 'hypervisor.vswitch.vf-capacity', layer: 'hypervisor', scope: 'switch', platform: 'windows', title: 'Does the switch have VFs and queue pairs left?', reads: 'switches[].IovVirtualFunctionCount, …InUse, IovQueuePairCount, …InUse', fix: 'Raise the adapter\'s VF count (`Set-NetAdapterSriov -NumVFs`), or lower IovWeight on VMs that need no VF.' },
  // Windows host: the network adapters of the VM named with --vm.
  { id: 'hypervisor.vnic.iov-requested', layer: 'hypervisor', scope: 'vm-adapter', platform: 'windows', title: 'Does the VM adapter ask for SR-IOV (IovWeight > 0)?', reads: 'vnics[].IovWeight', fix: '`Set-VMNetworkAdapter -VMName <vm> -Name <adapter> -IovWeight 100`.' },
  { id: 'hypervisor.vnic.vf-assigned', layer: 'hypervisor', scope: 'vm-adapter', platform: 'windows', title: 'Has the VM adapter been given a VF?', reads: 'vnics[].IovUsage, vnics[].Status, the switch and host checks', fix: 'Per cause: an IOV switch, free VFs, or a guest OS that supports SR-IOV.' },
  { id: 'hypervisor.vnic.vf-datapath', layer: 'hypervisor', scope: 'vm-adapter', platform: 'windows', title: "Does the VM's traffic use the VF (VFDataPathActive)?", reads: 'vnics[].VFDataPathActive', fix: 'Install or repair the VF driver in the guest.' },
  // Linux guest on Hyper-V / Azure (Accelerated Networking).
  { id: 'hypervisor.guest.hyperv', layer: 'hypervisor', scope: 'host', platform: 'linux-guest', title: 'Is this a Hyper-V/Azure guest with synthetic NICs?', reads: '/sys/bus/vmbus/devices/*/class_id', fix: 'Nothing to fix: host-only checks are skipped in such a guest; run sriov-check on the host for the PF.' },
  { id: 'hypervisor.guest.vf-present', layer: 'hypervisor', scope: 'guest-nic', platform: 'linux-guest', title: 'Has the host given the synthetic NIC a VF?', reads: 'PCI functions under VMBus devices of class 44c4f61d-… (PCI pass-through), their net/*/master links', fix: 'Enable Accelerated Networking / SR-IOV on the NIC (on the host); after host servicing the VF comes back by itself.' },
  { id: 'hypervisor.guest.vf-driver', layer: 'hypervisor', scope: 'guest-nic', platform: 'linux-guest', title: 'Is a VF driver (mlx4, mlx5, MANA) bound to the VF?', reads: '<vf>/driver, lib/modules/<release>/{modules.alias,modules.dep}, /proc/modules', fix: 'Install and load the VF driver (`modprobe mlx5_core`, `mlx4_en`, `mana`; often in the linux-modules-extra / kernel-modules-extra package).' },
  { id: 'hypervisor.guest.vf-joined', layer: 'hypervisor', scope: 'guest-nic', platform: 'linux-guest', title: 'Is the VF joined to its synthetic NIC (master link, same MAC)?', reads: '/sys/class/net/<vf>/{master,address}, /sys/class/net/<netvsc>/address', fix: 'Keep network tools off the VF (it is hv_netvsc\'s slave); reload hv_netvsc or reboot if the join failed.' },
  { id: 'hypervisor.guest.vf-traffic', layer: 'hypervisor', scope: 'guest-nic', platform: 'linux-guest', title: 'Does traffic go over the VF?', reads: '/sys/class/net/<vf>/statistics/{rx,tx}_packets, /sys/class/net/<netvsc>/statistics/*, `ethtool -S <netvsc>` vf_*', fix: 'See why the data path stayed synthetic: the VF link must be up (`ip link set <vf> up`); the kernel log says "Data path switched to VF".' },
] as const satisfies readonly HypervCheck[];

export type HypervCheckId = (typeof HYPERV_CHECKS)[number]['id'];

/** Why the Linux host's checks are `skip` in a Hyper-V/Azure guest. */
export const GUEST_SKIP_REASON = 'this is a Hyper-V/Azure guest; the PF lives on the host';

export function hypervCheck(id: HypervCheckId): HypervCheck {
  return HYPERV_CHECKS.find((c) => c.id === id) as HypervCheck;
}
