// Kernel log text (kern.log, messages, syslog, a saved `dmesg`, `journalctl -k`): the lines that explain
// SR-IOV, IOMMU and PCI failures, from the current boot only. One row per signature; the kernel's own
// wording, quoted from the sources named in each row. Everything else in the log is dropped.

export type LogSignatureId =
  | 'iommu-enabled'
  | 'iommu-disabled'
  | 'ir-enabled'
  | 'ir-disabled'
  | 'ir-firmware-bug'
  | 'vfio-no-ir'
  | 'mmio-no-space'
  | 'sriov-enomem'
  | 'bus-range'
  | 'virt-disabled-bios'
  | 'netvsc-vf';

export interface LogSignature {
  readonly id: LogSignatureId;
  readonly pattern: RegExp;
  /** What the line means, for docs and evidence. */
  readonly meaning: string;
}

export const LOG_SIGNATURES: readonly LogSignature[] = [
  // drivers/iommu/intel/iommu.c, drivers/iommu/amd/init.c
  { id: 'iommu-enabled', pattern: /DMAR: IOMMU enabled|AMD-Vi: Found IOMMU/, meaning: 'the kernel found and enabled an IOMMU' },
  { id: 'iommu-disabled', pattern: /DMAR: IOMMU disabled/, meaning: 'the IOMMU was turned off (intel_iommu=off)' },
  // drivers/iommu/intel/irq_remapping.c intel_enable_irq_remapping(); drivers/iommu/amd/init.c
  { id: 'ir-enabled', pattern: /Enabled IRQ remapping in (?:x2apic|xapic) mode|AMD-Vi: Interrupt remapping enabled/, meaning: 'interrupt remapping is on' },
  {
    id: 'ir-disabled',
    pattern: /AMD-Vi: Disabling interrupt remapping|Failed to enable irq remapping|interrupt remapping will be disabled/,
    meaning: 'the kernel turned interrupt remapping off',
  },
  // amd/init.c check_ioapic_information(): the IVRS table does not name the southbridge IOAPIC
  { id: 'ir-firmware-bug', pattern: /No southbridge IOAPIC found|IOAPIC\[\d+\] not in IVRS table/, meaning: 'the BIOS IVRS table is wrong, so AMD-Vi cannot remap interrupts' },
  // drivers/vfio/vfio_iommu_type1.c vfio_iommu_type1_attach_group()
  { id: 'vfio-no-ir', pattern: /No interrupt remapping support/, meaning: 'VFIO refused a device because interrupt remapping is off' },
  // drivers/pci/iov.c sriov_enable(); drivers/pci/setup-res.c (old kernels: "BAR 7: no space", new: "VF BAR 0 …: can't assign")
  {
    id: 'mmio-no-space',
    pattern: /not enough MMIO resources for SR-IOV|SR-IOV: IOV BARS not allocated|\bVF BAR \d+\b.*(?:can't assign|failed to assign|no space)|\bBAR (?:7|8|9|10|11|12)\b.*(?:no space|failed to assign|can't assign)/,
    meaning: 'the firmware left no MMIO space for the VF BARs',
  },
  // PF drivers after sriov_enable() fails with -ENOMEM: ixgbe/igb "Failed to enable PCI sriov: -12",
  // mlx5 "pci_enable_sriov failed : -12", i40e "Failed to enable SR-IOV, error -12."
  { id: 'sriov-enomem', pattern: /(?:Failed to enable (?:PCI )?sriov|pci_enable_sriov failed|Failed to enable SR-IOV)\b[^\n]*?-12\b/i, meaning: 'enabling VFs failed with ENOMEM (MMIO space or bus numbers)' },
  // drivers/pci/iov.c: old "SR-IOV: bus number out of range", new "can't enable %d VFs (bus %02x out of range of %pR)"
  { id: 'bus-range', pattern: /SR-IOV: bus number out of range|can't enable \d+ VFs \(bus [0-9a-f]+ out of range/, meaning: 'the VFs need bus numbers the upstream bridge does not cover' },
  // arch/x86/kvm/vmx/vmx.c, svm/svm.c, older kvm_main.c "kvm: disabled by bios"
  {
    id: 'virt-disabled-bios',
    pattern: /VMX not enabled \(by BIOS\)|SVM (?:is )?disabled \(by BIOS\)|kvm: disabled by bios|kvm_(?:intel|amd)\b.*disabled by bios/i,
    meaning: 'VT-x/AMD-V is switched off in the BIOS',
  },
  // A Hyper-V/Azure guest: drivers/net/hyperv/netvsc.c, netvsc_drv.c (parse/netvsc-log.ts reads the events)
  {
    id: 'netvsc-vf',
    pattern: /hv_netvsc [0-9a-f-]{36} \S+: (?:VF slot \d+ (?:added|removed)|VF (?:un)?registering: |Data path switched (?:to|from) VF: )/i,
    meaning: "hv_netvsc's account of a synthetic NIC's VF: offered or taken away by the host, joined, data path switched",
  },
];

export interface KernelLogLine {
  readonly signature: LogSignatureId;
  /** The first PCI address in the line: the device the message is about. */
  readonly address?: string;
  readonly text: string;
}

export interface BootMarker {
  readonly text: string;
  /** Kernel release from a `Linux version` line. */
  readonly release?: string;
}

export interface KernelLogScan {
  readonly lines: KernelLogLine[];
  /** The last boot seen in the text; lines before it belong to earlier boots and are dropped. */
  readonly boot?: BootMarker;
}

const MAX_LINE_CHARS = 300;
// The kernel's first line, and journalctl's separators between boots.
const BOOT = /Linux version (\S+)|^-- (?:Boot [0-9a-f]+|Reboot) --$/gm;
const ANY_SOURCE = LOG_SIGNATURES.map((s) => `(?:${s.pattern.source})`).join('|');
const PCI_ADDRESS = /\b[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]\b/;

export function scanKernelLog(text: string, maxLines = 400): KernelLogScan {
  let start = 0;
  let boot: BootMarker | undefined;
  for (const match of text.matchAll(BOOT)) {
    const at = match.index ?? 0;
    start = text.lastIndexOf('\n', at) + 1;
    boot = { text: lineAt(text, at).slice(0, MAX_LINE_CHARS), ...(match[1] ? { release: match[1] } : {}) };
  }
  const lines: KernelLogLine[] = [];
  const seen = new Set<string>();
  const ANY = new RegExp(ANY_SOURCE, 'gi'); // one per call: a global regex carries its position
  ANY.lastIndex = start;
  for (let match = ANY.exec(text); match !== null; match = ANY.exec(text)) {
    const at = match.index;
    const lineStart = text.lastIndexOf('\n', at) + 1;
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).trim();
    ANY.lastIndex = lineEnd < 0 ? text.length : lineEnd + 1;
    const signature = LOG_SIGNATURES.find((s) => s.pattern.test(line));
    if (!signature) continue;
    const key = `${signature.id} ${messageOf(line)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const address = PCI_ADDRESS.exec(line)?.[0];
    lines.push({ signature: signature.id, ...(address ? { address } : {}), text: line.slice(0, MAX_LINE_CHARS) });
  }
  return { lines: lines.slice(-maxLines), ...(boot ? { boot } : {}) };
}

/**
 * The message without syslog or dmesg prefixes ("Aug 10 11:43:24 host kernel: [  433.65] "), so that the
 * same line read from kern.log and from a saved dmesg counts once.
 */
export function messageOf(line: string): string {
  const kernel = line.indexOf('kernel: ');
  const rest = kernel >= 0 ? line.slice(kernel + 8) : line;
  return rest.replace(/^\[\s*\d+\.\d+\]\s*/, '').replace(/^\[[^\]]*\d{4}\]\s*/, '').trim();
}

function lineAt(text: string, at: number): string {
  const end = text.indexOf('\n', at);
  return text.slice(text.lastIndexOf('\n', at) + 1, end < 0 ? text.length : end).trim();
}
