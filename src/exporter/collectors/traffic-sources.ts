// Which source's counter becomes a VF's series, per metric family. Pure: the counters each source gave for one
// VF in, one (family, source, value) per family out — never two series of one family for one VF, so a sum over
// `source` cannot count a packet twice.

import type { CounterDirection, CounterKind, VfCounters } from '../../parse/vf-counters.js';
import { METRICS, type MetricFamily } from '../exposition/metric-catalog.js';

/**
 * In priority order: the first source that has a counter wins that family. The PF's own reports first (netlink,
 * an out-of-tree driver's sysfs), then the switch's view through a switchdev representor, then the VF driver's
 * view through the VF's own netdev.
 */
export const TRAFFIC_SOURCES = ['netlink', 'sysfs', 'representor', 'netdev'] as const;
export type TrafficSource = (typeof TRAFFIC_SOURCES)[number];

type TrafficFamily = (typeof METRICS)['vfReceiveBytes'];

export interface TrafficCounter {
  readonly family: TrafficFamily;
  readonly direction: CounterDirection;
  readonly kind: CounterKind;
}

/** Every family of the vf_traffic collector and the VfCounters slot it is read from. */
export const TRAFFIC_COUNTERS: readonly TrafficCounter[] = [
  { family: METRICS.vfReceiveBytes, direction: 'receive', kind: 'bytes' },
  { family: METRICS.vfTransmitBytes, direction: 'transmit', kind: 'bytes' },
  { family: METRICS.vfReceivePackets, direction: 'receive', kind: 'packets' },
  { family: METRICS.vfTransmitPackets, direction: 'transmit', kind: 'packets' },
  { family: METRICS.vfReceiveDropped, direction: 'receive', kind: 'dropped' },
  { family: METRICS.vfTransmitDropped, direction: 'transmit', kind: 'dropped' },
  { family: METRICS.vfReceiveBroadcast, direction: 'receive', kind: 'broadcast' },
  { family: METRICS.vfReceiveMulticast, direction: 'receive', kind: 'multicast' },
  { family: METRICS.vfTransmitBroadcast, direction: 'transmit', kind: 'broadcast' },
  { family: METRICS.vfTransmitMulticast, direction: 'transmit', kind: 'multicast' },
  { family: METRICS.vfReceiveErrors, direction: 'receive', kind: 'errors' },
  { family: METRICS.vfTransmitErrors, direction: 'transmit', kind: 'errors' },
];

export type VfSources = Partial<Record<TrafficSource, VfCounters>>;

export interface ChosenCounter {
  readonly family: MetricFamily;
  readonly source: TrafficSource;
  readonly value: number;
}

export function chooseCounters(sources: VfSources): ChosenCounter[] {
  const chosen: ChosenCounter[] = [];
  for (const counter of TRAFFIC_COUNTERS) {
    for (const source of TRAFFIC_SOURCES) {
      const value = sources[source]?.[counter.direction][counter.kind];
      if (value === undefined) continue;
      chosen.push({ family: counter.family, source, value });
      break;
    }
  }
  return chosen;
}
