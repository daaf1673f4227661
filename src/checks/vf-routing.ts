// Where a PF's VFs land in PCI routing-ID space (drivers/pci/iov.c pci_iov_virtfn_bus/devfn): routing ID =
// PF's + First VF Offset + VF Stride × index. On the PF's own bus only device 0's eight functions are
// reachable without ARI forwarding in the port above; beyond the bus, the bridge must cover the bus number.

export interface VfPlacement {
  readonly count: number;
  readonly first: string;
  readonly last: string;
  /** Bus of the PF and of the last VF (decimal). */
  readonly pfBus: number;
  readonly lastBus: number;
  /** Some VF sits on the PF's bus at a device number other than 0: needs ARI forwarding. */
  readonly needsAri: boolean;
  /** Some VF sits on a bus after the PF's: the bridge above must cover lastBus. */
  readonly needsBuses: boolean;
}

export function routingId(address: string): number | undefined {
  const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/.exec(address);
  if (!m) return undefined;
  return (parseInt(m[2] as string, 16) << 8) | (parseInt(m[3] as string, 16) << 3) | Number(m[4]);
}

export function addressOf(domain: string, rid: number): string {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  return `${domain}:${hex((rid >> 8) & 0xff)}:${hex((rid & 0xff) >> 3)}.${rid & 7}`;
}

export function placeVfs(pfAddress: string, offset: number, stride: number, count: number): VfPlacement | undefined {
  const pf = routingId(pfAddress);
  if (pf === undefined || count < 1) return undefined;
  const domain = pfAddress.slice(0, 4);
  const pfBus = pf >> 8;
  let needsAri = false;
  let needsBuses = false;
  for (let i = 0; i < count; i++) {
    const rid = pf + offset + stride * i;
    const bus = rid >> 8;
    if (bus === pfBus && (rid & 0xff) >> 3 !== 0) needsAri = true;
    if (bus > pfBus) needsBuses = true;
  }
  const firstRid = pf + offset;
  const lastRid = pf + offset + stride * (count - 1);
  return { count, first: addressOf(domain, firstRid), last: addressOf(domain, lastRid), pfBus, lastBus: lastRid >> 8, needsAri, needsBuses };
}
