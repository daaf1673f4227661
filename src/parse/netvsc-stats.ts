// `ethtool -S <netvsc netdev>` of a Hyper-V/Azure guest: how much went over the VF and how much over the synthetic
// (VMBus) path. Names from drivers/net/hyperv/netvsc_drv.c, in the order netvsc_get_strings() writes them:
//   tx_scattered … wake_queue (driver events), then vf_rx_packets, vf_rx_bytes, vf_tx_packets, vf_tx_bytes,
//   vf_tx_dropped (vf_stats[]: what passed through the joined VF, summed over CPUs), then per channel
//   tx_queue_%u_packets, tx_queue_%u_bytes, rx_queue_%u_packets, rx_queue_%u_bytes, rx_queue_%u_xdp_drop (the
//   VMBus channels: the synthetic path only), then per CPU cpu%u_rx_packets … cpu%u_vf_tx_bytes (kernels ≥ 5.0).
// The vf_* counters exist only through the ethtool ioctl, not in sysfs; they count since hv_netvsc bound the NIC.

import { isIssue, parseIssue, type ParseIssue, type Parsed } from '../fact.js';
import { parseEthtoolStats } from './ethtool-stats.js';

export interface PathCounters {
  readonly rxPackets: number;
  readonly rxBytes: number;
  readonly txPackets: number;
  readonly txBytes: number;
}

export interface NetvscStats {
  /** vf_rx_* / vf_tx_*: traffic over the VF. Undefined when the driver printed none (not hv_netvsc). */
  readonly vf?: PathCounters & { readonly txDropped: number };
  /** The per-channel counters added up: traffic over the synthetic path. Undefined without channel counters. */
  readonly synthetic?: PathCounters;
  /** VMBus channels seen. */
  readonly channels: number;
  readonly problems: readonly ParseIssue[];
}

const VF_NAMES = { rxPackets: 'vf_rx_packets', rxBytes: 'vf_rx_bytes', txPackets: 'vf_tx_packets', txBytes: 'vf_tx_bytes', txDropped: 'vf_tx_dropped' } as const;
const CHANNEL = /^(?<dir>tx|rx)_queue_(?<queue>\d+)_(?<field>packets|bytes)$/;

export function parseNetvscStats(text: string): Parsed<NetvscStats> {
  const parsed = parseEthtoolStats(text);
  if (isIssue(parsed)) return parsed;
  const { values } = parsed;
  const problems = [...parsed.problems];

  const present = Object.values(VF_NAMES).filter((name) => values.has(name));
  let vf: NetvscStats['vf'];
  if (present.length === Object.keys(VF_NAMES).length) {
    const get = (name: string) => values.get(name) as number;
    vf = { rxPackets: get(VF_NAMES.rxPackets), rxBytes: get(VF_NAMES.rxBytes), txPackets: get(VF_NAMES.txPackets), txBytes: get(VF_NAMES.txBytes), txDropped: get(VF_NAMES.txDropped) };
  } else if (present.length > 0) {
    problems.push(parseIssue('EPARSE', `only ${present.join(', ')} of the vf_* counters: left out`));
  }

  const sums = { rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0 };
  const channels = new Set<number>();
  for (const [name, value] of values) {
    const groups = CHANNEL.exec(name)?.groups;
    if (groups === undefined) continue;
    channels.add(Number(groups.queue));
    const key = `${groups.dir}${groups.field === 'packets' ? 'Packets' : 'Bytes'}` as keyof typeof sums;
    sums[key] += value;
  }
  return { ...(vf ? { vf } : {}), ...(channels.size > 0 ? { synthetic: sums } : {}), channels: channels.size, problems };
}
