// `SriovSupport` of Get-NetAdapterSriov (MSFT_NetAdapterSriovSettingData, a uint8): what Windows says about one
// adapter's SR-IOV, with the cause and the fix for each value. Numbers and names from the MOF and the cmdlet's
// documentation (reference/hyperv.md §3, §4). Windows reports one value: the first obstacle it found.
//
// JSON may carry the number (the raw CIM value) or a name: the cmdlet's names (`MissingAcs`) or the MOF's display
// strings (`Missing ACS`, `No OCS Support` — the MOF's spelling of _OSC). Both spellings are accepted.
// DEVPKEY_PciDevice_SriovSupport (Get-PnpDeviceProperty) numbers the same causes differently: never read it here.

import type { Layer } from '../checks/check-types.js';

export interface SriovSupportValue {
  readonly value: number;
  /** The cmdlet's name. */
  readonly name: string;
  /** Other spellings seen for the same value (MOF display strings). */
  readonly aliases: readonly string[];
  /** Where the fix is made. */
  readonly layer: Layer;
  /** What it means, in a few words. */
  readonly cause: string;
  /** What to do. */
  readonly fix: string;
}

export const SRIOV_SUPPORT_VALUES: readonly SriovSupportValue[] = [
  {
    value: 0,
    name: 'Unknown',
    aliases: [],
    layer: 'firmware',
    cause: 'Windows could not establish SR-IOV support: no chipset support, or I/O virtualization is off in the BIOS',
    fix: 'Enable I/O virtualization (VT-d / AMD-Vi) and SR-IOV in the BIOS (some systems have the setting in two places), and check that the platform supports SR-IOV.',
  },
  { value: 1, name: 'Supported', aliases: [], layer: 'nic', cause: 'SR-IOV is supported and should work', fix: '' },
  {
    value: 2,
    name: 'MissingAcs',
    aliases: ['Missing ACS'],
    layer: 'firmware',
    cause: 'the PCI Express hardware above this adapter does not support Access Control Services (ACS)',
    fix: 'Move the adapter to another PCI Express slot (one behind a root port with ACS); the hardware vendor can say which slots have it.',
  },
  {
    value: 3,
    name: 'MissingPfDriver',
    aliases: ['Missing PF Driver'],
    layer: 'nic',
    cause: 'the adapter or its driver does not support SR-IOV',
    fix: "Install the NIC vendor's current driver (the inbox driver may lack SR-IOV) and check that this model supports SR-IOV.",
  },
  {
    value: 4,
    name: 'NoBusResources',
    aliases: ['No bus resources'],
    layer: 'firmware',
    cause: 'there are not enough PCI Express bus numbers for the VFs',
    fix: 'Microsoft knows no fix for this; another slot or platform may have bus numbers to spare.',
  },
  {
    value: 5,
    name: 'NoIoMmuSupport',
    aliases: ['No IOMMU support'],
    layer: 'firmware',
    cause: 'no usable IOMMU: no SLAT in the CPU, no interrupt or DMA remapping in the chipset, or Windows told not to use it',
    fix: "See the host's reasons (the firmware checks): enable VT-d / AMD-Vi and interrupt remapping in the BIOS, or use a CPU with SLAT.",
  },
  {
    value: 6,
    name: 'NoVfBarSpace',
    aliases: ['Did not Get Vf BarSpace'],
    layer: 'firmware',
    cause: 'there are not enough PCI Express BAR (MMIO) resources for the VFs',
    fix: 'Enable SR-IOV and IOMMU support in the BIOS (and "Above 4G Decoding" where offered); if the BIOS is set up right, try another PCI Express slot.',
  },
  {
    value: 7,
    name: 'NoOscSupport',
    aliases: ['No OCS Support', 'No OSC Support'],
    layer: 'firmware',
    cause: 'the BIOS does not hand control of PCI Express to Windows (_OSC)',
    fix: 'Update the BIOS so that it lets Windows control PCI Express (_OSC handoff); ask the system manufacturer for the update.',
  },
];

const squeeze = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');

const BY_NAME = new Map<string, number>(SRIOV_SUPPORT_VALUES.flatMap((v) => [v.name, ...v.aliases].map((n) => [squeeze(n), v.value] as const)));

/** The number of a SriovSupport name in either spelling; undefined when the name is not one of them. */
export function sriovSupportByName(name: string): number | undefined {
  return BY_NAME.get(squeeze(name));
}

export function sriovSupportValue(value: number): SriovSupportValue | undefined {
  return SRIOV_SUPPORT_VALUES.find((v) => v.value === value);
}
