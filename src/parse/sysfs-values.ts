// Parsers for the value formats of sysfs attributes (drivers/pci/pci-sysfs.c, drivers/pci/iov.c,
// net/core/net-sysfs.c). Pure: text in, value or undefined (= content we do not recognise) out.

/** `0x8086\n` → `8086`; `0x020000\n` → `020000` (vendor, device, class, subsystem_* are "0x%04x"/"0x%06x"). */
export function parsePrefixedHex(text: string, digits: number): string | undefined {
  const match = /^0x([0-9a-fA-F]+)$/.exec(text.trim());
  if (!match || (match[1] as string).length > digits) return undefined;
  return (match[1] as string).toLowerCase().padStart(digits, '0');
}

/** `1889\n` → `1889` (sriov_vf_device is "%x": lowercase hex without 0x). */
export function parseBareHex(text: string, digits: number): string | undefined {
  const match = /^(?:0x)?([0-9a-fA-F]+)$/.exec(text.trim());
  if (!match || (match[1] as string).length > digits) return undefined;
  return (match[1] as string).toLowerCase().padStart(digits, '0');
}

/** Unsigned decimal ("%u", "%d" ≥ 0). Any u32 is valid, e.g. sriov_vf_total_msix 4294967033. */
export function parseUnsigned(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,20}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Signed decimal (numa_node is -1 when the firmware gives no proximity). */
export function parseSigned(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^-?\d{1,20}$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** `0`/`1` attributes (sriov_drivers_autoprobe, ari_enabled, carrier). */
export function parseBit(text: string): boolean | undefined {
  const trimmed = text.trim();
  if (trimmed === '1') return true;
  if (trimmed === '0') return false;
  return undefined;
}

/** `Y`/`N` module parameters (/sys/module/<m>/parameters/<p>); also accepts 1/0. */
export function parseYesNo(text: string): boolean | undefined {
  const trimmed = text.trim();
  if (trimmed === 'Y' || trimmed === 'y' || trimmed === '1') return true;
  if (trimmed === 'N' || trimmed === 'n' || trimmed === '0') return false;
  return undefined;
}

export interface LinkSpeed {
  /** Transfer rate in GT/s, e.g. 16 for "16.0 GT/s PCIe". */
  readonly gts: number;
  readonly text: string;
}

/**
 * current_link_speed / max_link_speed: "16.0 GT/s PCIe", older kernels "8 GT/s", "2.5 GT/s".
 * VFs and devices without a link report "Unknown" — that is a real answer, not garbage: null.
 */
export function parseLinkSpeed(text: string): LinkSpeed | null | undefined {
  const trimmed = text.trim();
  if (trimmed === 'Unknown' || trimmed === 'Unknown speed') return null;
  const match = /^(\d+(?:\.\d+)?) GT\/s(?: PCIe)?$/.exec(trimmed);
  if (!match) return undefined;
  return { gts: Number(match[1]), text: trimmed };
}

/** current_link_width: decimal lanes; 0 or 255 mean no link. */
export function parseLinkWidth(text: string): number | null | undefined {
  const value = parseUnsigned(text);
  if (value === undefined) return undefined;
  return value === 0 || value === 255 ? null : value;
}

/** uevent: KEY=VALUE lines (DRIVER=ice, PCI_CLASS=20000, PCI_ID=8086:159B, PCI_SLOT_NAME=…, MODALIAS=…). */
export function parseUevent(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) values.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  return values;
}

/** PCI address `0000:3b:00.0` (domain:bus:device.function); lspci-style `3b:00.0` gets domain 0000. */
export function normalizePciAddress(text: string): string | undefined {
  const match = /^(?:([0-9a-fA-F]{4,8}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/.exec(text.trim());
  if (!match) return undefined;
  const domain = (match[1] ?? '0000').toLowerCase().padStart(4, '0');
  return `${domain}:${(match[2] as string).toLowerCase()}:${(match[3] as string).toLowerCase()}.${match[4]}`;
}

export function isPciAddress(name: string): boolean {
  return /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(name);
}

/** MAC address as the kernel prints it: six lowercase hex pairs; other link types keep their own length. */
export function parseMac(text: string): string | undefined {
  const trimmed = text.trim().toLowerCase();
  return /^[0-9a-f]{2}(:[0-9a-f]{2})+$/.test(trimmed) ? trimmed : undefined;
}
