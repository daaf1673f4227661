// The spellings of a PCI address in other programs' files, brought to the kernel's `dddd:bb:dd.f`
// (lowercase, as /sys/bus/pci/devices names them) so that every source joins on the same key. A written-out
// address (`0000:3B:02.1`, `3b:02.1`) goes through parse/sysfs-values.ts normalizePciAddress.

/**
 * libvirt's `<address domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/>`: each attribute hex with 0x or
 * decimal without (libvirt's parser accepts both: `bus='11'` is bus 0x0b).
 */
export function pciAddressFromParts(parts: { domain?: string; bus?: string; slot?: string; function?: string }): string | undefined {
  const domain = parts.domain === undefined ? 0 : numberOf(parts.domain);
  const bus = numberOf(parts.bus);
  const slot = numberOf(parts.slot);
  const fn = numberOf(parts.function);
  if (domain === undefined || bus === undefined || slot === undefined || fn === undefined) return undefined;
  if (domain > 0xffff_ffff || bus > 0xff || slot > 0x1f || fn > 7) return undefined;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return `${hex(domain, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${fn}`;
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  if (/^0x[0-9a-f]{1,8}$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d{1,10}$/.test(t)) return Number(t);
  return undefined;
}
