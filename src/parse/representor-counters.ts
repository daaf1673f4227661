// What a VF representor's own counters (its line in /proc/net/dev) say about the VF it stands for. The
// representor model is a virtual pipe between representor and VF, like a veth pair
// (Documentation/networking/representors.rst), so what the representor receives, the VF transmitted — and
// mlx5 reports its representors that way (en_rep.c: "flip tx/rx as we are reporting the counters for the
// switch vport"). ice does not: ice_repr_get_stats64 copies the VF VSI's own counters, rx being what the VF
// received. Each driver also fills only some fields and leaves the rest 0, which must not pass for a count.
// A driver not listed here gives nothing: guessing its direction could swap a VF's rx and tx.

import type { CounterDirection, CounterKind, CounterSlot, VfCounters } from './vf-counters.js';

interface RepresentorDriver {
  /** `port`: the switch port's view (rx = the VF's tx); `function`: the VF's own view. */
  readonly view: 'port' | 'function';
  /** The representor's own fields the driver fills, in its own terms. */
  readonly fields: readonly CounterSlot[];
}

const BYTES_AND_PACKETS: readonly CounterSlot[] = [
  ['receive', 'bytes'],
  ['receive', 'packets'],
  ['transmit', 'bytes'],
  ['transmit', 'packets'],
];

/** By the PF's driver, which drives its representors. */
export const REPRESENTOR_DRIVERS: Readonly<Record<string, RepresentorDriver>> = {
  // mlx5e_rep_get_stats: the vport counters, flipped; nothing else (rx_missed_errors is the representor's own ring).
  mlx5_core: { view: 'port', fields: BYTES_AND_PACKETS },
  // ice_repr_get_stats64: the VF VSI's eth_stats; multicast is received multicast, tx_errors and both discards.
  ice: {
    view: 'function',
    fields: [...BYTES_AND_PACKETS, ['receive', 'multicast'], ['transmit', 'errors'], ['receive', 'dropped'], ['transmit', 'dropped']],
  },
};

const opposite = (direction: CounterDirection): CounterDirection => (direction === 'receive' ? 'transmit' : 'receive');

/** The VF's counters from its representor's, or undefined when the driver's representors are not known here. */
export function vfCountersFromRepresentor(driver: string | undefined, representor: VfCounters): VfCounters | undefined {
  const known = driver === undefined ? undefined : REPRESENTOR_DRIVERS[driver];
  if (known === undefined) return undefined;
  const vf: Record<CounterDirection, Partial<Record<CounterKind, number>>> = { receive: {}, transmit: {} };
  for (const [direction, kind] of known.fields) {
    const value = representor[direction][kind];
    if (value === undefined) continue;
    vf[known.view === 'port' ? opposite(direction) : direction][kind] = value;
  }
  return vf;
}

/** Every (direction, kind) of a VF some known driver's representor can give. */
export function representorSlots(): CounterSlot[] {
  const slots = new Map<string, CounterSlot>();
  for (const driver of Object.values(REPRESENTOR_DRIVERS)) {
    for (const [direction, kind] of driver.fields) {
      const vfSide = driver.view === 'port' ? opposite(direction) : direction;
      slots.set(`${vfSide} ${kind}`, [vfSide, kind]);
    }
  }
  return [...slots.values()];
}

