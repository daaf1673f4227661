// PCI routing IDs (bus << 8 | device << 3 | function) and the addresses they stand for, within one domain.
// The kernel places VF N of a PF at the PF's routing ID + First VF Offset + VF Stride × N
// (drivers/pci/iov.c pci_iov_virtfn_bus/devfn).

const ADDRESS = /^([0-9a-f]{4,8}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/;

/** The routing ID of a `dddd:bb:dd.f` address (4 to 8 domain digits); undefined for anything else. */
export function routingId(address: string): number | undefined {
  const m = ADDRESS.exec(address);
  if (!m) return undefined;
  return (parseInt(m[2] as string, 16) << 8) | (parseInt(m[3] as string, 16) << 3) | Number(m[4]);
}

/** The domain part of a PCI address (before the first ':'). */
export function domainOf(address: string): string {
  return address.slice(0, address.indexOf(':'));
}

/** The address of a routing ID in a domain. */
export function addressOf(domain: string, rid: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `${domain}:${hex((rid >> 8) & 0xff)}:${hex((rid & 0xff) >> 3)}.${rid & 7}`;
}
