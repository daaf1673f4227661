// Attribution as a whole: every source read (each optional, each failing soft, each timed), then joined to
// the VFs by the pure combiner. One instance lives as long as its owner (the exporter's refresh timer, one
// sriov-check run) and keeps the caches of its readers: the holder scan and the parsed files.

import { combineConsumers } from '../../attribution/combine-consumers.js';
import type { AttributionEvidence, HolderEvidence } from '../../attribution/consumer-evidence.js';
import type { AttributionConflict, AttributionSource, AttributionVf, VfConsumer } from '../../attribution/consumer-types.js';
import type { AttributionFs } from './attribution-fs.js';
import { CniReader } from './cni-reader.js';
import { DeviceLinksReader } from './device-links-reader.js';
import { HolderScanner } from './holder-scanner.js';
import { DEFAULT_KUBELET_PATHS, type KubeletPaths, KubeletReader } from './kubelet-reader.js';
import { LibvirtReader } from './libvirt-reader.js';
import { processView } from './process-liveness.js';
import { ProxmoxReader } from './proxmox-reader.js';
import { type SourceStatus, SourceTally } from './source-tally.js';

export const ATTRIBUTION_SOURCES: readonly AttributionSource[] = ['procfs', 'libvirt', 'proxmox', 'checkpoint', 'cni'];

export interface VfConsumerReaderOptions {
  /** Sources switched off are not read (all on by default). */
  readonly disabled?: readonly AttributionSource[];
  /** Every process's fds are read again after this long; in between only new processes (default 15 s). */
  readonly rescanIntervalMs?: number;
  readonly kubelet?: KubeletPaths;
  /** Seconds on a steady clock, for the durations (performance.now by default). */
  readonly clock?: () => number;
}

export interface AttributionReading {
  /** One per VF given, in that order. */
  readonly consumers: readonly VfConsumer[];
  readonly conflicts: readonly AttributionConflict[];
  /** One per source, in ATTRIBUTION_SOURCES order; a disabled source is absent from the list. */
  readonly sources: readonly SourceStatus[];
}

export const DEFAULT_RESCAN_INTERVAL_MS = 15_000;

export class VfConsumerReader {
  private readonly holders: HolderScanner;
  private readonly libvirt = new LibvirtReader();
  private readonly proxmox = new ProxmoxReader();
  private readonly kubelet: KubeletReader;
  private readonly cni = new CniReader();
  private readonly links = new DeviceLinksReader();
  private readonly rescanIntervalMs: number;
  private lastFreshLinks: number | undefined;
  private readonly clock: () => number;
  private readonly enabled: ReadonlySet<AttributionSource>;

  constructor(options: VfConsumerReaderOptions = {}) {
    this.rescanIntervalMs = options.rescanIntervalMs ?? DEFAULT_RESCAN_INTERVAL_MS;
    this.holders = new HolderScanner({ rescanIntervalMs: this.rescanIntervalMs });
    this.kubelet = new KubeletReader(options.kubelet ?? DEFAULT_KUBELET_PATHS);
    this.clock = options.clock ?? (() => performance.now() / 1000);
    this.enabled = new Set(ATTRIBUTION_SOURCES.filter((s) => !options.disabled?.includes(s)));
  }

  /**
   * nowMs: wall-clock milliseconds since the epoch: when the last full holder scan is due, and whether a
   * Proxmox reservation for a starting VM has expired.
   */
  read(fs: AttributionFs, vfs: readonly AttributionVf[], nowMs: number): AttributionReading {
    const tallies = new Map(ATTRIBUTION_SOURCES.map((s) => [s, new SourceTally(s)]));
    const durations = new Map<AttributionSource, number>();
    const timed = <T>(source: AttributionSource, fallback: T, read: (tally: SourceTally) => T): T => {
      if (!this.enabled.has(source)) return fallback;
      const start = this.clock();
      const result = read(tallies.get(source) as SourceTally);
      durations.set(source, (durations.get(source) ?? 0) + this.clock() - start);
      return result;
    };

    const view = processView(fs);
    const holders = timed<HolderEvidence | undefined>('procfs', undefined, (tally) => (needsHolderScan(vfs) ? this.holders.scan(fs, nowMs, tally) : { holders: [], complete: true }));
    const fresh = this.lastFreshLinks === undefined || nowMs - this.lastFreshLinks >= this.rescanIntervalMs;
    if (fresh) this.lastFreshLinks = nowMs;
    const links = timed('procfs', undefined, (tally) => this.links.read(fs, holders, fresh, tally)) ?? { vfioDevices: new Map(), uverbs: new Map() };
    const libvirt = timed('libvirt', [], (tally) => this.libvirt.read(fs, view, tally));
    const proxmox = timed('proxmox', [], (tally) => this.proxmox.read(fs, view, nowMs, tally));
    const kube = timed('checkpoint', { allocations: [] }, (tally) => this.kubelet.read(fs, tally));
    const cni = timed('cni', [], (tally) => this.cni.read(fs, kube.pods, tally));

    const evidence: AttributionEvidence = {
      ...(holders ? { holders } : {}),
      libvirt,
      proxmox,
      allocations: kube.allocations,
      pods: kube.pods ?? new Map(),
      cni,
      links,
    };
    const combined = combineConsumers(vfs, evidence);
    const conflicts = new Map<string, number>();
    for (const c of combined.conflicts) conflicts.set(c.source, (conflicts.get(c.source) ?? 0) + 1);
    const sources = ATTRIBUTION_SOURCES.filter((s) => this.enabled.has(s)).map((s) =>
      (tallies.get(s) as SourceTally).status(conflicts.get(s) ?? 0, durations.get(s) ?? 0),
    );
    return { consumers: combined.consumers, conflicts: combined.conflicts, sources };
  }
}

/**
 * Reading every process's fds is skipped on a host where no VF could be held that way: none bound to a VFIO
 * driver, none driven by mlx5_core (whose VFs DPDK opens through verbs devices).
 */
function needsHolderScan(vfs: readonly AttributionVf[]): boolean {
  return vfs.some((vf) => vf.driverUnreadable || (vf.driver !== undefined && (vf.driver.includes('vfio') || vf.driver === 'mlx5_core')));
}
