// A representor's counters as its VF's: mlx5 counts as the switch port (swapped), ice as the VF (not), and only
// the fields each driver fills.

import t from 'tap';
import { representorSlots, vfCountersFromRepresentor } from '../../src/parse/representor-counters.js';
import type { VfCounters } from '../../src/parse/vf-counters.js';

/** A /proc/net/dev line as parseProcNetDev gives it: every column a value, 0 where the driver fills nothing. */
const line: VfCounters = {
  receive: { bytes: 1000, packets: 10, errors: 0, dropped: 2, multicast: 3 },
  transmit: { bytes: 5000, packets: 50, errors: 4, dropped: 0 },
};

t.test('mlx5: what the representor received, the VF transmitted; bytes and packets only', async (t) => {
  t.strictSame(vfCountersFromRepresentor('mlx5_core', line), {
    receive: { bytes: 5000, packets: 50 },
    transmit: { bytes: 1000, packets: 10 },
  });
});

t.test('ice: the VF\'s own view, with multicast, transmit errors and drops', async (t) => {
  t.strictSame(vfCountersFromRepresentor('ice', line), {
    receive: { bytes: 1000, packets: 10, multicast: 3, dropped: 2 },
    transmit: { bytes: 5000, packets: 50, errors: 4, dropped: 0 },
  });
});

t.test('a driver whose representors are not known, or none: nothing rather than a guess', async (t) => {
  t.equal(vfCountersFromRepresentor('nfp', line), undefined);
  t.equal(vfCountersFromRepresentor(undefined, line), undefined);
});

t.test('the slots any known driver gives, on the VF\'s side', async (t) => {
  const slots = representorSlots().map(([direction, kind]) => `${direction} ${kind}`).sort();
  t.strictSame(slots, [
    'receive bytes',
    'receive dropped',
    'receive multicast',
    'receive packets',
    'transmit bytes',
    'transmit dropped',
    'transmit errors',
    'transmit packets',
  ]);
});
