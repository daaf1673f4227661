// Who holds each VF, refreshed on a timer of its own (--attribution.refresh), never per scrape: the holder scan
// reads fd links of every process, which costs far more than a scrape (bench/attribution.ts). The first refresh
// runs when the server is ready, so the first scrape already names consumers; later ones every interval after
// the previous one ended. Scrapes read the last result. The reader keeps its caches (holders by pid and
// starttime, files by version) for the life of the runner; each refresh looks at the host through a new HostFs.
//
// A refresh runs on the main thread: its caches must outlive it, and a worker per refresh would lose them. It
// reads the topology a PF at a time, handing the thread back in between, so that a refresh on a large host does
// not hold /healthz and scrapes for the whole walk (measured: up to ~100 ms at 1,024 VFs when read at once).

import type { FastifyBaseLogger } from 'fastify';
import type { VfConsumer } from '../../attribution/consumer-types.js';
import { HostFs, type HostRoots } from '../../host/host-fs.js';
import { attributionVfs } from '../../readers/attribution/attribution-vfs.js';
import type { SourceStatus, ErrorReason } from '../../readers/attribution/source-tally.js';
import { VfConsumerReader } from '../../readers/attribution/vf-consumer-reader.js';
import { readTopologyPaced } from '../../readers/topology-reader.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AttributionSource } from '../../attribution/consumer-types.js';
import { errorText } from '../../user-error.js';

export interface AttributionResult {
  /** By VF PCI address. */
  readonly consumers: ReadonlyMap<string, VfConsumer>;
  /** The last refresh's view of each source. */
  readonly sources: readonly SourceStatus[];
  /** Errors and conflicts summed over every refresh since start (counters). */
  readonly errorTotals: ReadonlyMap<AttributionSource, Readonly<Record<ErrorReason, number>>>;
  readonly conflictTotals: ReadonlyMap<AttributionSource, number>;
  /** ms since the epoch. */
  readonly completedAt: number;
}

export interface AttributionRunnerOptions {
  readonly roots: HostRoots;
  readonly refreshMs: number;
  readonly log: FastifyBaseLogger;
  /** Wall clock, ms since the epoch. */
  readonly now: () => number;
}

/**
 * Every refresh reads only new processes' fds; all of them are read again RESCAN_EVERY refreshes apart (5 min at
 * the default 15 s). A full read of 1,000 processes × 100 fds costs seconds of CPU (bench/attribution.ts), where
 * a refresh that reads only new processes costs a tenth of it; what a full read adds is a VF hot-plugged into
 * a QEMU that was already running, which libvirt's status file (read at every refresh) names meanwhile.
 */
const RESCAN_EVERY = 20;

export function fullRescanMs(refreshMs: number): number {
  return refreshMs * RESCAN_EVERY;
}

export class AttributionRunner {
  private readonly reader: VfConsumerReader;
  private current?: AttributionResult;
  private timer?: NodeJS.Timeout;
  private started = false;
  private stopped = false;
  private readonly errorTotals = new Map<AttributionSource, Record<ErrorReason, number>>();
  private readonly conflictTotals = new Map<AttributionSource, number>();

  constructor(private readonly options: AttributionRunnerOptions) {
    this.reader = new VfConsumerReader({ rescanIntervalMs: fullRescanMs(options.refreshMs) });
  }

  get latest(): AttributionResult | undefined {
    return this.current;
  }

  /** The consumer of a VF at the last refresh (undefined before the first, or for a VF that appeared since). */
  consumerOf(address: string): VfConsumer | undefined {
    return this.current?.consumers.get(address);
  }

  /** Resolves once the first refresh is done (the server waits for it, so that its first scrape names consumers). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.refresh();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One refresh now (the timer calls it; tests call it to see a change without waiting). */
  async refresh(): Promise<void> {
    try {
      const host = new HostFs(this.options.roots);
      const vfs = attributionVfs(await readTopologyPaced(host, () => nextTurn()));
      const now = this.options.now();
      const reading = this.reader.read(host, vfs, now);
      for (const status of reading.sources) {
        const totals = this.errorTotals.get(status.source) ?? { permission: 0, parse: 0, missing: 0, stale: 0, io: 0 };
        for (const [reason, n] of Object.entries(status.errors) as [ErrorReason, number][]) totals[reason] += n;
        this.errorTotals.set(status.source, totals);
        this.conflictTotals.set(status.source, (this.conflictTotals.get(status.source) ?? 0) + status.conflicts);
      }
      this.current = {
        consumers: new Map(reading.consumers.map((c) => [c.address, c])),
        sources: reading.sources,
        errorTotals: new Map([...this.errorTotals].map(([s, e]) => [s, { ...e }])),
        conflictTotals: new Map(this.conflictTotals),
        completedAt: this.options.now(),
      };
    } catch (error) {
      // A bug of ours: the last result stays, and the next refresh tries again.
      this.options.log.error(`attribution refresh failed: ${errorText(error)}`);
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.refresh().then(() => this.schedule());
    }, this.options.refreshMs);
    this.timer.unref();
  }
}
