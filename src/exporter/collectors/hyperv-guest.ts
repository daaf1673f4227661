// hyperv_guest: in a Linux guest on Hyper-V/Azure, per synthetic NIC (hv_netvsc): whether the host gave it a VF,
// whether the VF is joined and up, and the traffic over the VF against the synthetic VMBus path, from hv_netvsc's
// own `ethtool -S` (vf_* against the per-channel counters), so that a silent fallback to the synthetic path shows.
// Anywhere else it emits nothing: the one read is /sys/bus/vmbus/devices, which a host does not have.

import { isIssue } from '../../fact.js';
import type { Commands } from '../../host/commands.js';
import { readNetvscStats } from '../../readers/ethtool-reader.js';
import { readHypervGuest, type GuestNetdev, type HypervGuestView } from '../../readers/hyperv-guest-reader.js';
import { METRICS } from '../exposition/metric-catalog.js';
import type { Collector } from './collector.js';

export function hypervGuestCollector(commands: Commands): Collector<'hyperv_guest'> {
  return {
    name: 'hyperv_guest',
    async collect(scrape, out) {
      const guest = readHypervGuest(scrape.host);
      if (isIssue(guest.vmbus)) out.problem(guest.vmbus);
      if (guest.vmbus !== true) return;
      for (const issue of guest.issues) out.problem(issue);
      const present = out.emitter(METRICS.guestVfPresent);
      const joined = out.emitter(METRICS.guestVfJoined);
      const vf = {
        rxPackets: out.emitter(METRICS.guestVfReceivePackets),
        rxBytes: out.emitter(METRICS.guestVfReceiveBytes),
        txPackets: out.emitter(METRICS.guestVfTransmitPackets),
        txBytes: out.emitter(METRICS.guestVfTransmitBytes),
      };
      const synthetic = {
        rxPackets: out.emitter(METRICS.guestSyntheticReceivePackets),
        rxBytes: out.emitter(METRICS.guestSyntheticReceiveBytes),
        txPackets: out.emitter(METRICS.guestSyntheticTransmitPackets),
        txBytes: out.emitter(METRICS.guestSyntheticTransmitBytes),
      };
      for (const nic of guest.nics) {
        const netdev = nic.netdev;
        if (netdev === undefined) continue;
        const labels = { netdev: netdev.name };
        const lower = joinedVf(guest, netdev);
        present(labels, vfOf(guest, netdev) ? 1 : 0);
        joined(labels, lower !== undefined && lower.operstate === 'up' ? 1 : 0);
        const stats = await readNetvscStats(commands, netdev.name);
        if (isIssue(stats)) {
          out.problem(stats);
          continue;
        }
        for (const key of ['rxPackets', 'rxBytes', 'txPackets', 'txBytes'] as const) {
          if (stats.vf) vf[key](labels, stats.vf[key]);
          if (stats.synthetic) synthetic[key](labels, stats.synthetic[key]);
        }
      }
    },
  };
}

/** The VF netdev joined below the synthetic NIC (its `master` is the NIC). */
function joinedVf(guest: HypervGuestView, nic: GuestNetdev): GuestNetdev | undefined {
  return guest.vfs.flatMap((vf) => vf.netdevs).find((n) => n.master === nic.name);
}

/** A VF the host gave this NIC: one joined to it, one with its MAC, or — the NIC's only candidate — a VF without a netdev. */
function vfOf(guest: HypervGuestView, nic: GuestNetdev): boolean {
  if (joinedVf(guest, nic) !== undefined) return true;
  const all = guest.vfs.flatMap((vf) => vf.netdevs);
  if (typeof nic.address === 'string' && all.some((n) => n.address === nic.address)) return true;
  return guest.nics.length === 1 && guest.vfs.some((vf) => vf.netdevs.length === 0);
}
