// The sysfs `resource` file of a PCI device (drivers/pci/pci-sysfs.c resource_show): one line per resource,
// "0x%016llx 0x%016llx 0x%016llx" = start, end, flags. An endpoint shows PCI_BRIDGE_RESOURCES lines: BARs
// 0–5, the ROM (6) and, with CONFIG_PCI_IOV, the six VF BAR windows 7–12 (PCI_IOV_RESOURCES). A window the
// firmware could not place is reset to zeros — and sriov_enable() then refuses with "not enough MMIO
// resources for SR-IOV" (drivers/pci/iov.c counts only windows that have a parent).

export const IOV_RESOURCE_FIRST = 7;
export const IOV_RESOURCE_COUNT = 6;

export interface PciResource {
  readonly start: string;
  readonly end: string;
  readonly flags: string;
}

export function parsePciResources(text: string): PciResource[] | undefined {
  const rows: PciResource[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^0x([0-9a-f]{1,16}) 0x([0-9a-f]{1,16}) 0x([0-9a-f]{1,16})$/i.exec(line.trim());
    if (!match) return undefined;
    rows.push({ start: bare(match[1] as string), end: bare(match[2] as string), flags: bare(match[3] as string) });
  }
  return rows.length > 0 ? rows : undefined;
}

/** The VF BAR windows (resources 7–12); undefined when the file has no such lines (kernel without IOV). */
export function iovResources(rows: readonly PciResource[]): PciResource[] | undefined {
  if (rows.length < IOV_RESOURCE_FIRST + IOV_RESOURCE_COUNT) return undefined;
  return rows.slice(IOV_RESOURCE_FIRST, IOV_RESOURCE_FIRST + IOV_RESOURCE_COUNT);
}

export function isAssigned(resource: PciResource): boolean {
  return resource.flags !== '0' && (resource.start !== '0' || resource.end !== '0');
}

function bare(hex: string): string {
  return hex.toLowerCase().replace(/^0+(?=.)/, '');
}
