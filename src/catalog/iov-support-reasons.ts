// The texts Hyper-V gives in `IovSupportReasons` (Get-VMHost, Get-VMSwitch) when SR-IOV cannot be used, each with
// its cause, the layer where it is fixed, the check that reports it, and the fix. Texts as KB 2762297 quotes them
// (reference/hyperv.md §2.1), causes and fixes from its §4.
//
// The texts are localised UI strings, and the book sample wraps and truncates them: a reason is matched by a key
// phrase in English, case and white space ignored. A text that matches no phrase (another language, a newer
// Windows) is `unknown` and keeps its raw text — it is never taken as "no problem".

import type { Layer } from '../checks/check-types.js';

export interface IovReason {
  /** Stable short name of the reason. */
  readonly key: string;
  /** Lower-case phrases; any one found in the squeezed text identifies the reason. */
  readonly phrases: readonly string[];
  /** The check that reports this cause (see docs/drafts/hyperv.md). */
  readonly checkId: string;
  readonly layer: Layer;
  readonly cause: string;
  readonly fix: string;
  /** The reason as KB 2762297 prints it. */
  readonly text: string;
}

const IOMMU_FIX =
  'Enable the IOMMU with interrupt and DMA remapping in the BIOS (Intel VT-d, AMD-Vi; vendors call it "IOMMU", "I/O Virtualization" or "SR-IOV support"), update the BIOS if there is no such setting, then switch the machine off and on (a cold restart).';

export const IOV_REASONS: readonly IovReason[] = [
  {
    key: 'no-slat',
    phrases: ['second level address translation'],
    checkId: 'firmware.cpu.slat',
    layer: 'firmware',
    cause: 'the processor has no second level address translation (Intel EPT, AMD RVI/NPT)',
    fix: 'Use a processor with SLAT (Intel EPT, AMD RVI/NPT); this cannot be fixed in software.',
    text: 'SR-IOV cannot be used on this computer because the processor does not support second level address translation (SLAT). For Intel processors, this feature might be referred to as Extended Page Tables (EPT). For AMD processors, this feature might be referred to as Rapid Virtualization Indexing (RVI) or Nested Page Tables (NPT).',
  },
  {
    key: 'no-interrupt-remapping',
    phrases: ['does not do interrupt remapping'],
    checkId: 'firmware.iommu.interrupt-remapping',
    layer: 'firmware',
    cause: 'the chipset does not do interrupt remapping (the IOMMU is absent or off)',
    fix: IOMMU_FIX,
    text: 'The chipset on the system does not do interrupt remapping, without which SR-IOV cannot be supported.',
  },
  {
    key: 'no-dma-remapping',
    phrases: ['does not do dma remapping'],
    checkId: 'firmware.iommu.dma-remapping',
    layer: 'firmware',
    cause: 'the chipset does not do DMA remapping (the IOMMU is absent or off)',
    fix: IOMMU_FIX,
    text: 'The chipset on the system does not do DMA remapping, without which SR-IOV cannot be supported.',
  },
  {
    key: 'os-disabled-remapping',
    phrases: ['configured to disable the use of i/o remapping hardware'],
    checkId: 'firmware.iommu.os-policy',
    layer: 'firmware',
    cause: 'Windows is configured not to use the I/O remapping hardware (IOMMU)',
    fix: 'Find and undo the Windows configuration that turns the IOMMU off, then restart (no public source names the exact setting).',
    text: 'SR-IOV cannot be used on this system as it has been configured to disable the use of I/O remapping hardware.',
  },
  {
    key: 'bios-io-virtualization',
    phrases: ['i/o virtualization is enabled in the bios'],
    checkId: 'firmware.bios.io-virtualization',
    layer: 'firmware',
    cause: 'I/O virtualization or SR-IOV is off in the BIOS, or the chipset lacks it',
    fix: 'Enable I/O virtualization (VT-d / AMD-Vi) and SR-IOV in the BIOS; some systems have the setting in two places.',
    text: 'Ensure that the system has chipset support for SR-IOV and that I/O virtualization is enabled in the BIOS.',
  },
  {
    key: 'bios-incorrect-information',
    phrases: ['contains incorrect information describing the hardware capabilities'],
    checkId: 'firmware.bios.tables',
    layer: 'firmware',
    cause: "the BIOS's tables describe the hardware's capabilities wrongly",
    fix: 'Update the BIOS; ask the system manufacturer for a version that fixes it.',
    text: 'To use SR-IOV on this computer, the BIOS must be updated because it contains incorrect information describing the hardware capabilities. Contact your computer manufacturer for an update.',
  },
  {
    key: 'no-pcie-bus',
    phrases: ['there is no pci express bus'],
    checkId: 'firmware.bios.tables',
    layer: 'firmware',
    cause: 'the firmware does not describe a PCI Express bus',
    fix: 'Ask the system manufacturer: the firmware must describe the PCI Express bus (usually a BIOS update).',
    text: 'SR-IOV cannot be used on this system as it is reporting that there is no PCI Express Bus. Contact your system manufacturer for further information.',
  },
  {
    key: 'no-pcie-control',
    // Also the beta-era "To use this SR-IOV on this system, …" (John Howard, part 8).
    phrases: ['allow windows to control pci express'],
    checkId: 'firmware.pci.os-control',
    layer: 'firmware',
    cause: 'the BIOS does not hand control of PCI Express to Windows (_OSC)',
    fix: 'Update the BIOS so that it lets Windows control PCI Express (_OSC handoff); ask the system manufacturer for the update.',
    text: 'To use SR-IOV on this system, the system BIOS must be updated to allow Windows to control PCI Express. Contact your system manufacturer for an update.',
  },
  {
    key: 'no-acs',
    phrases: ['access control services (acs) at any root port'],
    checkId: 'firmware.pci.root-port-acs',
    layer: 'firmware',
    cause: 'no PCI Express root port supports Access Control Services (ACS)',
    fix: 'Use a platform whose root ports support ACS (an adapter may work in another slot); ask the system vendor.',
    text: 'SR-IOV cannot be used on this system as the PCI Express hardware does not support Access Control Services (ACS) at any root port. Contact your system vendor for further information.',
  },
];

export type ClassifiedReason = { readonly known: true; readonly reason: IovReason; readonly raw: string } | { readonly known: false; readonly raw: string };

/** Lower case, one space for any run of white space (the book sample keeps its line breaks). */
function squeeze(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Which reason a text is; `known: false` carries the text as Hyper-V gave it. */
export function classifyReason(raw: string): ClassifiedReason {
  const text = squeeze(raw);
  const reason = IOV_REASONS.find((r) => r.phrases.some((phrase) => text.includes(phrase)));
  return reason ? { known: true, reason, raw } : { known: false, raw };
}
