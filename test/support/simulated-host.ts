// A simulated SR-IOV host whose VF counters move: the end-to-end test and `npm run demo` run the real exporter on
// it. It is two exporter fixture hosts in one machine, so that every dashboard panel has something to show:
//   - the Intel E810 of e810-iavf (inbox ice: counters from netlink; VF 3 of ens2f0 on iavf with the host netdev
//     ens2f0v3, every other VF on vfio-pci for VMs), with its recorded `ip` output commands/ip/e810.json;
//   - port 0 of the ConnectX-5 of connectx-ofed (MLNX_OFED: sriov/<N>/stats files, the only source of transmit
//     broadcast/multicast; VF 1 on mlx5_core with the host netdev ens1f0v1), from commands/ip/connectx.json.
// Port 1 of the ConnectX (no VFs, link down) is left out and its VF 3 is bound to vfio-pci, so that the host is
// fully ready: in the healthy state no check warns, and a fault shows as a clean pass → fail.
//
// tick(seconds) adds traffic to every active VF and rewrites, each file atomically (write, then rename):
//   ip.json            what the stand-in `ip` prints — the recorded output with the VF stats advanced;
//   ethtool/<vf>.txt   `ethtool -S` of the VF netdevs, per-queue and total counters advanced;
//   root/proc/net/dev  the VF netdevs' own counters (the exporter's netdev source: errors);
//   root/sys/…/sriov/<N>/stats  MLNX_OFED's per-VF stats files.
// Receive and transmit drops advance at different shares, so a swap of the two would show.
//
// Consumers hold some E810 VFs, as their programs leave it on a host (test/support/consumer-files.ts): libvirt VM
// web01 holds ens2f0 VF 0, KubeVirt VM tenant-a/web-vm VF 1 (QEMU in its virt-launcher pod), a DPDK testpmd VF 2,
// pod tenant-a/cnf-1 VF 4 (kubelet checkpoint); VF 3 has its netdev in the host.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as connectxOfed from '../fixtures/scenarios/connectx-ofed.js';
import * as e810Iavf from '../fixtures/scenarios/e810-iavf.js';
import {
  CHECKPOINT_PATH, COMMON_FDS, SYSTEMD, kubeletCheckpoint, libvirtFiles, libvirtQemuArgv, podCgroup, podLogFiles, processFiles, qemuFds,
} from './consumer-files.js';
import { ETHTOOL_RECORDINGS, FAKE_ETHTOOL, FAKE_IP, IP_RECORDINGS } from './exporter-host.js';
import { buildHost, vfAddress, type HostSpec, type PfSpec } from './host-builder.js';

/** Traffic of one VF, per second, before the slow wave that makes graphs worth looking at. */
export interface VfTraffic {
  readonly rxBytesPerSecond: number;
  readonly txBytesPerSecond: number;
  /** Average packet size, bytes. */
  readonly packetBytes: number;
  /** Shares of the packets arriving for / sent by the VF that are dropped. */
  readonly rxDropShare: number;
  readonly txDropShare: number;
}

export interface SimulatedVf {
  readonly pf: string;
  readonly pfAddress: string;
  readonly vf: number;
  readonly pciAddress: string;
  readonly driver: string;
  /** Host netdev, for VFs on a host driver. */
  readonly netdev?: string;
  /** Undefined: the VF is idle (no VM uses it, or its recorded counters cannot advance). */
  readonly traffic?: VfTraffic;
  /** Who holds it, as the consumer labels must say. */
  readonly consumer: { readonly kind: string; readonly name: string; readonly namespace: string };
}

/** The consumers of ens2f0's VFs (by index); every other VF is `host` with a netdev, `none` on vfio-pci. */
export const SIMULATED_CONSUMERS: Readonly<Record<number, SimulatedVf['consumer']>> = {
  0: { kind: 'vm', name: 'web01', namespace: '' },
  1: { kind: 'vm', name: 'web-vm', namespace: 'tenant-a' },
  2: { kind: 'dpdk', name: 'rte', namespace: '' },
  4: { kind: 'pod', name: 'cnf-1-7d9f8b6c5-x2x7q', namespace: 'tenant-a' },
};

const LAUNCHER = { namespace: 'tenant-a', name: 'virt-launcher-web-vm-4k7xq', uid: '7d2e9a41-6b3c-4f5e-9a8b-1c2d3e4f5a6b' };
const CNF = { namespace: 'tenant-a', name: 'cnf-1-7d9f8b6c5-x2x7q', uid: '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b' };

/** What the consumers of SIMULATED_CONSUMERS leave on the host: processes with their fds, libvirt and kubelet files. */
function consumerFiles(pf: PfSpec): HostSpec['files'] {
  const address = (i: number) => vfAddress(pf.address, pf.sriov?.offset ?? 0, pf.sriov?.stride ?? 1, i);
  const group = (i: number) => Number(pf.vfs?.[i]?.iommuGroup);
  const web01 = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';
  const webVm = '11111111-2222-4333-8444-555555555555';
  return {
    '/var/run': { symlink: '/run' },
    ...processFiles(SYSTEMD),
    ...processFiles({ pid: 4242, comm: 'qemu-system-x86', argv: libvirtQemuArgv({ guest: 'web01', uuid: web01, devices: [{ address: address(0), alias: 'hostdev0' }] }), fds: qemuFds([group(0)]) }),
    ...libvirtFiles({ name: 'web01', uuid: web01, pid: 4242, devices: [{ address: address(0), alias: 'hostdev0', form: 'hostdev' }] }),
    ...processFiles({
      pid: 7100,
      comm: 'qemu-kvm',
      argv: libvirtQemuArgv({ guest: 'tenant-a_web-vm', uuid: webVm, devices: [{ address: address(1), alias: 'ua-sriov-sriov-net' }] }),
      fds: qemuFds([group(1)]),
      cgroup: podCgroup(LAUNCHER.uid, '4f1e2d3c4b5a69788796a5b4c3d2e1f04f1e2d3c4b5a69788796a5b4c3d2e1f0'),
    }),
    ...processFiles({ pid: 9100, comm: 'dpdk-testpmd', argv: ['dpdk-testpmd', '-a', address(2), '--', '-i'], fds: { ...COMMON_FDS, '5': '/run/dpdk/rte/config', '8': `/dev/vfio/${group(2)}` } }),
    [CHECKPOINT_PATH]: kubeletCheckpoint([
      { podUid: LAUNCHER.uid, container: 'compute', resource: 'intel.com/sriov_vfio', devices: { '0': [address(1)] } },
      { podUid: CNF.uid, container: 'cnf', resource: 'intel.com/sriov_vfio', devices: { '0': [address(4)] } },
    ]),
    ...podLogFiles(LAUNCHER, ['compute']),
    ...podLogFiles(CNF, ['cnf']),
  };
}

export interface SimulatedPf {
  readonly pf: string;
  readonly pciAddress: string;
}

// Below 1% (the drop alerts' threshold) in the healthy state, and different for the two directions.
const RX_DROPS = 0.0008;
const TX_DROPS = 0.0003;
// Share of a dropBurst(): the guest stops refilling its receive ring in time.
const BURST_DROPS = 0.25;
// Broadcast and multicast shares of received packets; transmit ones for the MLNX_OFED files.
const BROADCAST = 0.002;
const MULTICAST = 0.01;
// Period of the wave on top of each VF's rate, seconds.
const WAVE_PERIOD = 300;

const mbit = (n: number) => (n * 1_000_000) / 8;

function traffic(rxMbit: number, txMbit: number, packetBytes: number): VfTraffic {
  return { rxBytesPerSecond: mbit(rxMbit), txBytesPerSecond: mbit(txMbit), packetBytes, rxDropShare: RX_DROPS, txDropShare: TX_DROPS };
}

/**
 * Which VFs carry traffic; transmit and receive differ at least twofold, so that a swap would show.
 * ens2f1 VF 3's recorded counters sit beyond 2^53 and at 2^64 − 1: a double cannot count on from there.
 */
const TRAFFIC: Readonly<Record<string, Readonly<Record<number, VfTraffic>>>> = {
  ens2f0: {
    0: traffic(800, 300, 900),
    1: traffic(120, 40, 600),
    2: traffic(2400, 900, 1400),
    3: traffic(40, 100, 300),
    4: traffic(300, 100, 1000),
    5: traffic(60, 180, 500),
  },
  ens2f1: { 0: traffic(1500, 500, 1200), 1: traffic(10, 30, 200), 2: traffic(250, 80, 800) },
  ens1f0np0: { 0: traffic(5000, 2000, 1500), 1: traffic(350, 900, 1100) },
};

/** The composed host: E810 (both ports) and ConnectX-5 port 0, every VF bound, VF counts persisted. */
export function simulatedHostSpec(): HostSpec {
  const e810 = e810Iavf.spec;
  const cx = connectxOfed.spec;
  // The two fixtures number IOMMU groups from 30 and from 50; the ConnectX's move up by 100.
  const shift = (group: number | null | undefined) => (typeof group === 'number' ? group + 100 : group);
  const cxPort0 = (cx.pfs ?? [])[0] as PfSpec;
  const port0: PfSpec = {
    ...cxPort0,
    iommuGroup: shift(cxPort0.iommuGroup),
    // Port 1 is not part of this host: no next function behind port 0.
    ari: { nextFunction: 0 },
    vfs: (cxPort0.vfs ?? []).map((vf) => ({ ...vf, iommuGroup: shift(vf.iommuGroup), driver: vf.driver ?? 'vfio-pci' })),
  };
  const ofedStats = Object.fromEntries(Object.entries(cx.files ?? {}).filter(([file]) => file.includes(`/${cxPort0.address}/sriov/`)));
  const udevRules = '/etc/udev/rules.d/70-sriov.rules';
  return {
    ...e810,
    loadedModules: [...new Set([...e810.loadedModules, ...cx.loadedModules])],
    bridges: [...(e810.bridges ?? []), ...(cx.bridges ?? []).map((b) => ({ ...b, iommuGroup: shift(b.iommuGroup) }))],
    pfs: [...(e810.pfs ?? []), port0],
    files: {
      ...e810.files,
      ...consumerFiles((e810.pfs ?? [])[0] as PfSpec),
      ...ofedStats,
      [udevRules]: `${String(e810.files?.[udevRules] ?? '')}ACTION=="add", SUBSYSTEM=="net", KERNEL=="${cxPort0.netdev?.name}", ATTR{device/sriov_numvfs}="${cxPort0.sriov?.numVfs}"\n`,
    },
  };
}

// ── numbers beyond 2^53 in the recorded JSON ──
// JSON.parse would round them, and writing the rounded value back would change what the exporter reads (2^64 − 1
// would become 2^64, which is no u64). They are kept as their digits and written back verbatim.
const BIG = 'simulated-host-bigint:';

function parseKeepingBigIntegers(text: string): unknown {
  return JSON.parse(text.replace(/(?<=[:,[]\s*)\d{16,}(?=\s*[,}\]])/g, (digits) => (Number.isSafeInteger(Number(digits)) ? digits : `"${BIG}${digits}"`)));
}

function stringifyKeepingBigIntegers(value: unknown): string {
  return JSON.stringify(value).replace(new RegExp(`"${BIG}(\\d+)"`, 'g'), '$1');
}

/** Writes a file so that a reader sees the old content or the new, never a part. */
function writeAtomically(file: string, content: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

// ── the recorded ip output ──

interface IpVfStats {
  rx: { bytes: number | string; packets: number | string; multicast?: number | string; broadcast?: number | string; dropped?: number | string };
  tx: { tx_bytes: number | string; tx_packets: number | string; dropped?: number | string };
}
interface IpLink {
  ifindex: number;
  ifname: string;
  stats64?: { rx: Record<string, number | string>; tx: Record<string, number | string> };
  vfinfo_list?: { vf: number; stats?: IpVfStats }[];
}

function readIpRecording(file: string): IpLink[] {
  return parseKeepingBigIntegers(fs.readFileSync(path.join(IP_RECORDINGS, file), 'utf8')) as IpLink[];
}

/** Every link of e810.json and the ConnectX port 0 with its VF netdev from connectx.json, in ifindex order as ip prints. */
function composedIpLinks(): IpLink[] {
  const cxLinks = readIpRecording(connectxOfed.ipJson).filter((l) => l.ifname === 'ens1f0np0' || l.ifname === 'ens1f0v1');
  const links = [...readIpRecording(e810Iavf.ipJson), ...cxLinks].sort((a, b) => a.ifindex - b.ifindex);
  const indexes = links.map((l) => l.ifindex);
  if (new Set(indexes).size !== indexes.length) throw new Error(`simulated host: duplicate ifindex in ${indexes.join(',')}`);
  return links;
}

// ── counters ──

/** Accumulated traffic of one VF since the start, fractional: what is written is the recorded value plus its floor. */
interface Accumulated {
  rxBytes: number;
  rxPackets: number;
  rxDropped: number;
  rxBroadcast: number;
  rxMulticast: number;
  txBytes: number;
  txPackets: number;
  txDropped: number;
  txBroadcast: number;
  txMulticast: number;
  rxErrors: number;
}

const zero = (): Accumulated => ({
  rxBytes: 0, rxPackets: 0, rxDropped: 0, rxBroadcast: 0, rxMulticast: 0, txBytes: 0, txPackets: 0, txDropped: 0, txBroadcast: 0, txMulticast: 0, rxErrors: 0,
});

function advanced(recorded: number | string | undefined, added: number): number | string | undefined {
  if (typeof recorded !== 'number') return recorded; // absent, or kept verbatim beyond 2^53
  return recorded + Math.floor(added);
}

export interface SimulatedHost {
  readonly dir: string;
  /** --path.rootfs */
  readonly root: string;
  readonly pfs: readonly SimulatedPf[];
  readonly vfs: readonly SimulatedVf[];
  /** Environment for the exporter: what the stand-in ip and ethtool print. */
  readonly env: Readonly<Record<string, string>>;
  /** Flags that point the exporter at this host and the stand-in programs. */
  readonly exporterArgs: readonly string[];
  /** Adds `seconds` of traffic to every active VF and rewrites the files. */
  tick(seconds?: number): void;
  /** Calls tick() every `intervalMs` until stopTicking(). */
  startTicking(intervalMs?: number): void;
  stopTicking(): void;
  /** From now on a quarter of the packets arriving for the VF are dropped (SriovVfReceiveDropsHigh). */
  dropBurst(pf: string, vf: number): SimulatedVf;
  /** The host comes up without its IOMMU (intel_iommu=on lost from the command line): firmware.iommu.kernel-enabled fails. */
  failCheck(): void;
  /** Stops ticking and deletes every file. */
  remove(): void;
}

export function createSimulatedHost(prefix = 'sriov-simulated-host-'): SimulatedHost {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const root = path.join(dir, 'root');
  const ethtoolDir = path.join(dir, 'ethtool');
  const ipJson = path.join(dir, 'ip.json');
  const spec = simulatedHostSpec();
  buildHost(root, spec);
  fs.mkdirSync(ethtoolDir);

  const pfs: SimulatedPf[] = [];
  const vfs: SimulatedVf[] = [];
  for (const pf of spec.pfs ?? []) {
    if (!pf.netdev || !pf.sriov) continue;
    pfs.push({ pf: pf.netdev.name, pciAddress: pf.address });
    for (let i = 0; i < pf.sriov.numVfs; i++) {
      const vf = { ...pf.vfDefaults, ...pf.vfs?.[i] };
      const netdev = vf.netdev?.name;
      const t = TRAFFIC[pf.netdev.name]?.[i];
      vfs.push({
        pf: pf.netdev.name,
        pfAddress: pf.address,
        vf: i,
        pciAddress: vfAddress(pf.address, pf.sriov.offset, pf.sriov.stride, i),
        driver: vf.driver ?? '',
        ...(netdev ? { netdev } : {}),
        ...(t ? { traffic: t } : {}),
        consumer: (pf === spec.pfs?.[0] ? SIMULATED_CONSUMERS[i] : undefined) ?? { kind: netdev ? 'host' : vf.driver?.includes('vfio') ? 'none' : 'unknown', name: '', namespace: '' },
      });
    }
  }
  for (const v of vfs.filter((v) => v.netdev)) {
    for (const ext of ['txt', 'info']) fs.copyFileSync(path.join(ETHTOOL_RECORDINGS, `${v.netdev}.${ext}`), path.join(ethtoolDir, `${v.netdev}.${ext}`));
  }

  const links = composedIpLinks();
  const recorded = new Map(vfs.map((v) => [key(v.pf, v.vf), links.find((l) => l.ifname === v.pf)?.vfinfo_list?.find((e) => e.vf === v.vf)?.stats]));
  for (const v of vfs) {
    const stats = recorded.get(key(v.pf, v.vf));
    if (v.traffic && (!stats || !Number.isSafeInteger(stats.rx.bytes) || !Number.isSafeInteger(stats.tx.tx_bytes))) {
      throw new Error(`simulated host: ${v.pf} VF ${v.vf} has traffic but no recorded counters that can advance`);
    }
  }
  // The recorded files, as they were: every tick writes recorded + accumulated.
  const ipBase = stringifyKeepingBigIntegers(links);
  const ethtoolBase = new Map(vfs.filter((v) => v.netdev).map((v) => [v.netdev as string, fs.readFileSync(path.join(ethtoolDir, `${v.netdev}.txt`), 'utf8')]));
  const procNetDev = path.join(root, 'proc/net/dev');
  const procNetDevBase = fs.readFileSync(procNetDev, 'utf8');
  const ofedFile = (v: SimulatedVf) => path.join(root, `sys/bus/pci/devices/${v.pfAddress}/sriov/${v.vf}/stats`);
  const ofedBase = new Map(vfs.filter((v) => fs.existsSync(ofedFile(v))).map((v) => [key(v.pf, v.vf), fs.readFileSync(ofedFile(v), 'utf8')]));

  const totals = new Map(vfs.map((v) => [key(v.pf, v.vf), zero()]));
  const bursts = new Set<string>();
  let elapsed = 0;
  let timer: NodeJS.Timeout | undefined;

  function addTraffic(seconds: number): void {
    vfs.forEach((v, index) => {
      if (!v.traffic) return;
      const a = totals.get(key(v.pf, v.vf)) as Accumulated;
      // A slow wave per VF, phase-shifted by its position, between 0.6 and 1.4 of the nominal rate.
      const wave = 1 + 0.4 * Math.sin((2 * Math.PI * (elapsed + seconds / 2)) / WAVE_PERIOD + index);
      const rxShare = bursts.has(key(v.pf, v.vf)) ? BURST_DROPS : v.traffic.rxDropShare;
      const rxOffered = (v.traffic.rxBytesPerSecond * wave * seconds) / v.traffic.packetBytes;
      const txOffered = (v.traffic.txBytesPerSecond * wave * seconds) / v.traffic.packetBytes;
      a.rxPackets += rxOffered * (1 - rxShare);
      a.rxBytes += rxOffered * (1 - rxShare) * v.traffic.packetBytes;
      a.rxDropped += rxOffered * rxShare;
      a.rxBroadcast += rxOffered * BROADCAST;
      a.rxMulticast += rxOffered * MULTICAST;
      a.txPackets += txOffered * (1 - v.traffic.txDropShare);
      a.txBytes += txOffered * (1 - v.traffic.txDropShare) * v.traffic.packetBytes;
      a.txDropped += txOffered * v.traffic.txDropShare;
      a.txBroadcast += txOffered * BROADCAST;
      a.txMulticast += txOffered * MULTICAST;
      // A host driver sees the odd malformed frame.
      a.rxErrors += rxOffered * 0.00005;
    });
    elapsed += seconds;
  }

  function writeIp(): void {
    const out = parseKeepingBigIntegers(ipBase) as IpLink[];
    for (const link of out) {
      for (const entry of link.vfinfo_list ?? []) {
        const a = totals.get(key(link.ifname, entry.vf));
        if (!a || !entry.stats) continue;
        const { rx, tx } = entry.stats;
        entry.stats = {
          rx: { ...rx, bytes: advanced(rx.bytes, a.rxBytes) as number, packets: advanced(rx.packets, a.rxPackets) as number, multicast: advanced(rx.multicast, a.rxMulticast), broadcast: advanced(rx.broadcast, a.rxBroadcast), dropped: advanced(rx.dropped, a.rxDropped) },
          tx: { ...tx, tx_bytes: advanced(tx.tx_bytes, a.txBytes) as number, tx_packets: advanced(tx.tx_packets, a.txPackets) as number, dropped: advanced(tx.dropped, a.txDropped) },
        };
      }
      // The VF netdev's own link stats, as ip prints them too.
      const v = vfs.find((candidate) => candidate.netdev === link.ifname);
      const a = v && totals.get(key(v.pf, v.vf));
      if (a && link.stats64) {
        const { rx, tx } = link.stats64;
        link.stats64 = {
          rx: { ...rx, bytes: advanced(rx.bytes, a.rxBytes) as number, packets: advanced(rx.packets, a.rxPackets) as number, errors: advanced(rx.errors, a.rxErrors) as number },
          tx: { ...tx, bytes: advanced(tx.bytes, a.txBytes) as number, packets: advanced(tx.packets, a.txPackets) as number },
        };
      }
    }
    writeAtomically(ipJson, `${stringifyKeepingBigIntegers(out)}\n`);
  }

  function writeEthtool(v: SimulatedVf, a: Accumulated): void {
    const base = ethtoolBase.get(v.netdev as string) as string;
    // Queue numbers present in the recording, per direction: traffic is spread evenly over them.
    const queueOf = (name: string) => /^(rx|tx)(?:-(\d+)\.|(\d+)_)(packets|bytes)$/.exec(name);
    const queues = { rx: new Set<string>(), tx: new Set<string>() };
    for (const line of base.split('\n')) {
      const m = queueOf(line.split(':')[0]?.trim() ?? '');
      if (m) queues[m[1] as 'rx' | 'tx'].add(m[2] ?? m[3] ?? '');
    }
    const totalsByName: Readonly<Record<string, number>> = { rx_bytes: a.rxBytes, rx_packets: a.rxPackets, rx_unicast: a.rxPackets, tx_bytes: a.txBytes, tx_packets: a.txPackets, tx_unicast: a.txPackets };
    const text = base.replace(/^(\s+)([^:\n]+): (\d+)$/gm, (line, indent: string, name: string, value: string) => {
      const m = queueOf(name);
      if (m) {
        const direction = m[1] as 'rx' | 'tx';
        const added = m[4] === 'bytes' ? (direction === 'rx' ? a.rxBytes : a.txBytes) : direction === 'rx' ? a.rxPackets : a.txPackets;
        return `${indent}${name}: ${Number(value) + Math.floor(added / queues[direction].size)}`;
      }
      const total = totalsByName[name];
      return total === undefined ? line : `${indent}${name}: ${Number(value) + Math.floor(total)}`;
    });
    writeAtomically(path.join(ethtoolDir, `${v.netdev}.txt`), text);
  }

  function writeProcNetDev(): void {
    const text = procNetDevBase.replace(/^(\s*)([^\s:|]+):((?:\s+\d+){16})$/gm, (line, indent: string, name: string, numbers: string) => {
      const v = vfs.find((candidate) => candidate.netdev === name);
      const a = v && totals.get(key(v.pf, v.vf));
      if (!a) return line;
      // Columns: rx bytes packets errs drop fifo frame compressed multicast | tx bytes packets errs drop fifo colls carrier compressed.
      const fields = numbers.trim().split(/\s+/).map(Number);
      const add: Record<number, number> = { 0: a.rxBytes, 1: a.rxPackets, 2: a.rxErrors, 7: a.rxMulticast, 8: a.txBytes, 9: a.txPackets };
      const out = fields.map((f, i) => String(f + Math.floor(add[i] ?? 0)).padStart(i === 0 || i === 8 ? 8 : 7));
      return `${indent}${name}: ${out.join(' ')}`;
    });
    writeAtomically(procNetDev, text);
  }

  function writeOfed(v: SimulatedVf, a: Accumulated): void {
    const base = ofedBase.get(key(v.pf, v.vf));
    if (base === undefined) return;
    const added: Readonly<Record<string, number>> = {
      rx_packets: a.rxPackets, rx_bytes: a.rxBytes, rx_dropped: a.rxDropped, rx_broadcast: a.rxBroadcast, rx_multicast: a.rxMulticast,
      tx_packets: a.txPackets, tx_bytes: a.txBytes, tx_dropped: a.txDropped, tx_broadcast: a.txBroadcast, tx_multicast: a.txMulticast,
    };
    // MLNX_OFED's "%-14s: %llu" lines.
    const text = base.replace(/^(\S+)(\s*): (\d+)$/gm, (_line, name: string, padding: string, value: string) => `${name}${padding}: ${Number(value) + Math.floor(added[name] ?? 0)}`);
    writeAtomically(ofedFile(v), text);
  }

  function writeAll(): void {
    writeIp();
    writeProcNetDev();
    for (const v of vfs) {
      const a = totals.get(key(v.pf, v.vf)) as Accumulated;
      if (v.netdev) writeEthtool(v, a);
      writeOfed(v, a);
    }
  }

  writeAll();

  const host: SimulatedHost = {
    dir,
    root,
    pfs,
    vfs,
    env: { SRIOV_FAKE_IP_JSON: ipJson, SRIOV_FAKE_ETHTOOL_DIR: ethtoolDir },
    exporterArgs: ['--path.rootfs', root, '--collector.ip-path', FAKE_IP, '--collector.ethtool-path', FAKE_ETHTOOL],
    tick(seconds = 1) {
      addTraffic(seconds);
      writeAll();
    },
    startTicking(intervalMs = 1000) {
      if (timer) return;
      // Simulated time follows the wall clock: rates come out as configured whatever the timer's jitter.
      let last = Date.now();
      timer = setInterval(() => {
        const now = Date.now();
        host.tick((now - last) / 1000);
        last = now;
      }, intervalMs);
    },
    stopTicking() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    dropBurst(pf, vf) {
      const target = vfs.find((v) => v.pf === pf && v.vf === vf);
      if (!target?.traffic) throw new Error(`simulated host: ${pf} VF ${vf} carries no traffic to drop`);
      bursts.add(key(pf, vf));
      return target;
    },
    failCheck() {
      // What a boot without `intel_iommu=on` leaves: no IOMMU units, no groups, no group links on the devices.
      const cmdline = path.join(root, 'proc/cmdline');
      writeAtomically(cmdline, fs.readFileSync(cmdline, 'utf8').replace(/ ?\bintel_iommu=on\b/, ''));
      for (const sub of ['sys/class/iommu', 'sys/kernel/iommu_groups']) {
        for (const entry of fs.readdirSync(path.join(root, sub))) fs.rmSync(path.join(root, sub, entry), { recursive: true, force: true });
      }
      for (const device of fs.readdirSync(path.join(root, 'sys/bus/pci/devices'))) {
        fs.rmSync(path.join(root, 'sys/bus/pci/devices', device, 'iommu_group'), { force: true });
      }
    },
    remove() {
      host.stopTicking();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return host;
}

function key(pf: string, vf: number): string {
  return `${pf}/${vf}`;
}
