// What `ip -j -s -d link show` and `ethtool -S` would print on a host built from a HostSpec (the synthetic
// hosts of synthetic-host.ts), in the layout iproute2 and the iavf driver use — for the stand-in programs in
// tests and benchmarks. Counter values are made up but distinct per VF, and rx drops differ from tx drops.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { vfAddress, type HostSpec } from './host-builder.js';

interface Counters {
  readonly rxBytes: number;
  readonly rxPackets: number;
  readonly txBytes: number;
  readonly txPackets: number;
}

const countersOf = (pf: number, vf: number): Counters => ({
  rxPackets: 1000 + pf * 100 + vf,
  rxBytes: (1000 + pf * 100 + vf) * 128,
  txPackets: 500 + pf * 10 + vf,
  txBytes: (500 + pf * 10 + vf) * 256,
});

/** The JSON array `ip -j -s -d link show` prints: loopback, each PF with its vfinfo_list, each VF netdev. */
export function ipLinkJson(spec: HostSpec): string {
  const links: object[] = [{ ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], mtu: 65536, operstate: 'UNKNOWN', link_type: 'loopback', address: '00:00:00:00:00:00' }];
  const vfNetdevs: object[] = [];
  (spec.pfs ?? []).forEach((pf, p) => {
    if (!pf.netdev || !pf.sriov) return;
    const vfinfo = Array.from({ length: pf.sriov.numVfs }, (_, i) => {
      const c = countersOf(p, i);
      const netdev = pf.vfs?.[i]?.netdev;
      if (netdev) {
        vfNetdevs.push({
          ifindex: netdev.ifindex ?? 1000 + i,
          ifname: netdev.name,
          flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
          mtu: 1500,
          operstate: 'UP',
          link_type: 'ether',
          address: netdev.mac,
          num_tx_queues: netdev.queues ?? 1,
          num_rx_queues: netdev.queues ?? 1,
          parentbus: 'pci',
          parentdev: vfAddress(pf.address, pf.sriov?.offset ?? 0, pf.sriov?.stride ?? 1, i),
        });
      }
      return {
        vf: i,
        link_type: 'ether',
        address: netdev?.mac ?? '00:00:00:00:00:00',
        broadcast: 'ff:ff:ff:ff:ff:ff',
        vlan_list: [{}],
        rate: { max_tx: 0, min_tx: 0 },
        spoofchk: true,
        link_state: 'auto',
        trust: false,
        stats: {
          rx: { bytes: c.rxBytes, packets: c.rxPackets, multicast: i, broadcast: 2 * i, dropped: 3 * i },
          tx: { tx_bytes: c.txBytes, tx_packets: c.txPackets, dropped: i },
        },
      };
    });
    links.push({
      ifindex: pf.netdev.ifindex ?? 10 + p,
      ifname: pf.netdev.name,
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1500,
      operstate: 'UP',
      link_type: 'ether',
      address: pf.netdev.mac,
      parentbus: 'pci',
      parentdev: pf.address,
      vfinfo_list: vfinfo,
    });
  });
  return `${JSON.stringify([...links, ...vfNetdevs])}\n`;
}

/** `ethtool -S` of an iavf VF netdev with `queues` queue pairs (new iavf: tx-N and rx-N interleaved). */
export function iavfStats(pf: number, vf: number, queues: number): string {
  const c = countersOf(pf, vf);
  const lines = ['NIC statistics:', `     rx_bytes: ${c.rxBytes}`, `     rx_unicast: ${c.rxPackets}`, `     tx_bytes: ${c.txBytes}`, `     tx_unicast: ${c.txPackets}`];
  for (let q = 0; q < queues; q++) {
    lines.push(`     tx-${q}.packets: ${Math.floor(c.txPackets / queues)}`, `     tx-${q}.bytes: ${Math.floor(c.txBytes / queues)}`);
    lines.push(`     rx-${q}.packets: ${Math.floor(c.rxPackets / queues)}`, `     rx-${q}.bytes: ${Math.floor(c.rxBytes / queues)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `ip.json` and `ethtool/<netdev>.txt` for every VF netdev of the spec into `dir`. */
export function writeSyntheticCommands(spec: HostSpec, dir: string): { readonly ipJson: string; readonly ethtoolDir: string } {
  const ethtoolDir = path.join(dir, 'ethtool');
  fs.mkdirSync(ethtoolDir, { recursive: true });
  const ipJson = path.join(dir, 'ip.json');
  fs.writeFileSync(ipJson, ipLinkJson(spec));
  (spec.pfs ?? []).forEach((pf, p) => {
    pf.vfs?.forEach((vf, i) => {
      if (vf.netdev) fs.writeFileSync(path.join(ethtoolDir, `${vf.netdev.name}.txt`), iavfStats(p, i, vf.netdev.queues ?? 1));
    });
  });
  return { ipJson, ethtoolDir };
}
