// Which source's counter becomes a VF's series, per metric family. Pure: the counters each source gave for one
// VF in, one (family, source, value) per family out — never two series of one family for one VF, so a sum over
// `source` cannot count a packet twice.

import type { CounterDirection, CounterKind, VfCounters } from '../parse/vf-counters.js';

/** In priority order: the first source that has a counter wins that family. */
export const TRAFFIC_SOURCES = ['netlink', 'sysfs', 'netdev'] as const;
export type TrafficSource = (typeof TRAFFIC_SOURCES)[number];

export interface TrafficCounter {
  readonly family: string;
  readonly direction: CounterDirection;
  readonly kind: CounterKind;
}

/** Every family of the vf_traffic collector and the VfCounters slot it is read from. */
export const TRAFFIC_COUNTERS: readonly TrafficCounter[] = [
  { family: 'sriov_vf_receive_bytes_total', direction: 'receive', kind: 'bytes' },
  { family: 'sriov_vf_transmit_bytes_total', direction: 'transmit', kind: 'bytes' },
  { family: 'sriov_vf_receive_packets_total', direction: 'receive', kind: 'packets' },
  { family: 'sriov_vf_transmit_packets_total', direction: 'transmit', kind: 'packets' },
  { family: 'sriov_vf_receive_dropped_total', direction: 'receive', kind: 'dropped' },
  { family: 'sriov_vf_transmit_dropped_total', direction: 'transmit', kind: 'dropped' },
  { family: 'sriov_vf_receive_broadcast_packets_total', direction: 'receive', kind: 'broadcast' },
  { family: 'sriov_vf_receive_multicast_packets_total', direction: 'receive', kind: 'multicast' },
  { family: 'sriov_vf_transmit_broadcast_packets_total', direction: 'transmit', kind: 'broadcast' },
  { family: 'sriov_vf_transmit_multicast_packets_total', direction: 'transmit', kind: 'multicast' },
  { family: 'sriov_vf_receive_errors_total', direction: 'receive', kind: 'errors' },
  { family: 'sriov_vf_transmit_errors_total', direction: 'transmit', kind: 'errors' },
];

export type VfSources = Partial<Record<TrafficSource, VfCounters>>;

export interface ChosenCounter {
  readonly family: string;
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
