// Intel VT-d registers as /sys/class/iommu/dmarN/intel-iommu/{cap,ecap} show them: "%llx", lowercase hex
// without 0x (Documentation/ABI/testing/sysfs-class-iommu-intel-iommu). Bits: drivers/iommu/intel/iommu.h.

/** ecap bit 3: Interrupt Remapping support (ecap_ir_support). */
export const ECAP_IR = 3;
/** ecap bit 4: Extended Interrupt Mode, i.e. x2APIC (ecap_eim_support). */
export const ECAP_EIM = 4;

/** `f020da\n` → `f020da`; undefined for anything that is not 1–16 hex digits. */
export function parseRegister(text: string): string | undefined {
  const trimmed = text.trim().toLowerCase();
  return /^[0-9a-f]{1,16}$/.test(trimmed) ? trimmed : undefined;
}

export function registerBit(hex: string, bit: number): boolean {
  return ((BigInt(`0x${hex}`) >> BigInt(bit)) & 1n) === 1n;
}
