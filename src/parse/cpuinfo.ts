// /proc/cpuinfo: what the CPU says about virtualization. Only the first processor's block is parsed (every
// CPU of a host reports the same features; a 256-CPU host's file is 300 KB and the first block is 2).
//
// x86 prints `vendor_id`, `model name` and `flags` (arch/x86/kernel/cpu/proc.c); arm64 prints
// `Features` and `CPU implementer` and has no virtualization flag (KVM needs the kernel booted at EL2).

export type CpuArch = 'x86' | 'arm' | 'other';

export interface CpuInfo {
  readonly arch: CpuArch;
  /** GenuineIntel, AuthenticAMD, HygonGenuine; on Arm the implementer code (0x41 = Arm Ltd). */
  readonly vendorId?: string;
  readonly modelName?: string;
  /** The flags sriov-check looks at, in the order the kernel lists them. */
  readonly flags: readonly string[];
}

/**
 * vmx/svm: hardware virtualization (VT-x / AMD-V); hypervisor: CPUID leaf 1 ECX bit 31, set when running
 * as a guest; x2apic: needed for interrupt remapping in x2APIC mode; ept/npt: second-level translation;
 * sev*: AMD memory encryption (libvirt's secure-guest check).
 */
export const CPU_FLAGS_OF_INTEREST: ReadonlySet<string> = new Set(['vmx', 'svm', 'hypervisor', 'x2apic', 'ept', 'npt', 'sev', 'sev_es', 'sev_snp']);

export function parseCpuinfo(text: string): CpuInfo | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (fields.size > 0) break; // end of the first processor's block
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim();
    if (!fields.has(key)) fields.set(key, line.slice(colon + 1).trim());
  }
  const flagsText = fields.get('flags');
  const implementer = fields.get('CPU implementer');
  let arch: CpuArch;
  if (flagsText !== undefined) arch = 'x86';
  else if (implementer !== undefined) arch = 'arm';
  else if (fields.has('processor')) arch = 'other';
  else return undefined;
  const flags = (flagsText ?? fields.get('Features') ?? fields.get('features') ?? '').split(/\s+/).filter((f) => CPU_FLAGS_OF_INTEREST.has(f));
  const vendorId = fields.get('vendor_id') ?? implementer;
  const modelName = fields.get('model name') ?? fields.get('cpu model') ?? fields.get('cpu');
  return {
    arch,
    ...(vendorId ? { vendorId } : {}),
    ...(modelName ? { modelName } : {}),
    flags,
  };
}

export type CpuVendor = 'intel' | 'amd' | 'arm' | 'other';

/** Which IOMMU the platform would have: Intel VT-d, AMD-Vi (Hygon is AMD's design), Arm SMMU. */
export function cpuVendor(cpu: CpuInfo): CpuVendor {
  if (cpu.arch === 'arm') return 'arm';
  if (cpu.vendorId === 'GenuineIntel') return 'intel';
  if (cpu.vendorId === 'AuthenticAMD' || cpu.vendorId === 'HygonGenuine') return 'amd';
  return 'other';
}
