// Where a PF's VFs land in PCI routing-ID space (drivers/pci/iov.c pci_iov_virtfn_bus/devfn): routing ID =
// PF's + First VF Offset + VF Stride × index. On the PF's own bus only device 0's eight functions are
// reachable without ARI forwarding in the port above; beyond the bus, the bridge must cover the bus number.

import { addressOf, domainOf, routingId } from '../../parse/pci-routing.js';

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

export function placeVfs(pfAddress: string, offset: number, stride: number, count: number): VfPlacement | undefined {
  const pf = routingId(pfAddress);
  if (pf === undefined || count < 1) return undefined;
  const domain = domainOf(pfAddress);
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
  const first = addressOf(domain, firstRid);
  return { count, first, last: addressOf(domain, lastRid), pfBus, lastBus: lastRid >> 8, needsAri, needsBuses };
}
