// Per-queue counters of VF netdevs from `ethtool -S`, kept for a short time so that 1,000 VFs do not mean
// 1,000 processes at every scrape. One entry per VF netdev: the last good reading (with when it was read, so
// the exporter can say how old it is) and the outcome of the last attempt.
//
// - A reading younger than the TTL is served as is; an older one is read again, at most `concurrency`
//   processes at once across all scrapes.
// - Two scrapes that need the same netdev at the same time share one read in flight.
// - A failed read keeps the previous reading (its age keeps growing and says it is stale) until it is
//   older than MAX_AGE_FACTOR × TTL (at least MIN_MAX_AGE_MS); then the VF's queue series disappear.
// - Entries of netdevs that are no longer asked for are dropped.

import type { CommandResult } from '../host/run-command.js';
import { extractQueueCounters, parseEthtoolStats, type QueueCounters } from '../parse/ethtool-stats.js';
import { ConcurrencyLimit } from './concurrency-limit.js';

export interface QueueTarget {
  /** Identity of the entry: a VF re-created or rebound gets a new one. */
  readonly key: string;
  readonly netdev: string;
  /** Driver of the VF: decides which `ethtool -S` names are queue counters. */
  readonly driver: string;
}

export interface QueueReading {
  /** When the output was read (ms, from the cache's clock). */
  readonly readAt: number;
  readonly queues: readonly QueueCounters[];
}

export interface QueueStatus {
  readonly reading?: QueueReading;
  /** Why the last attempt failed; undefined when it succeeded. */
  readonly error?: string;
}

interface Entry {
  reading?: QueueReading;
  error?: string;
  attemptedAt: number;
}

export interface QueueStatsCacheOptions {
  readonly ttlMs: number;
  readonly concurrency: number;
  /** Runs `ethtool -S <netdev>`. */
  readonly readStats: (netdev: string) => Promise<CommandResult>;
  readonly now: () => number;
}

const MAX_AGE_FACTOR = 10;
const MIN_MAX_AGE_MS = 60_000;

export class QueueStatsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly limit: ConcurrencyLimit;

  constructor(private readonly options: QueueStatsCacheOptions) {
    this.limit = new ConcurrencyLimit(options.concurrency);
  }

  /** Status of every target, reading again those whose last attempt is older than the TTL. */
  async collect(targets: readonly QueueTarget[]): Promise<Map<string, QueueStatus>> {
    const wanted = new Set(targets.map((t) => t.key));
    for (const key of this.entries.keys()) if (!wanted.has(key) && !this.inFlight.has(key)) this.entries.delete(key);

    const now = this.options.now();
    await Promise.all(
      targets.filter((t) => this.isDue(t.key, now)).map((t) => this.refresh(t)),
    );

    const oldest = this.options.now() - Math.max(this.options.ttlMs * MAX_AGE_FACTOR, MIN_MAX_AGE_MS);
    const result = new Map<string, QueueStatus>();
    for (const target of targets) {
      const entry = this.entries.get(target.key);
      if (entry === undefined) continue;
      const reading = entry.reading && entry.reading.readAt >= oldest ? entry.reading : undefined;
      result.set(target.key, { ...(reading ? { reading } : {}), ...(entry.error !== undefined ? { error: entry.error } : {}) });
    }
    return result;
  }

  private isDue(key: string, now: number): boolean {
    if (this.inFlight.has(key)) return true; // join it rather than serve what it is replacing
    const entry = this.entries.get(key);
    return entry === undefined || now - entry.attemptedAt >= this.options.ttlMs;
  }

  private refresh(target: QueueTarget): Promise<void> {
    const running = this.inFlight.get(target.key);
    if (running) return running;
    const attempt = this.limit
      .run(async () => {
        const attemptedAt = this.options.now();
        const result = await this.options.readStats(target.netdev);
        this.record(target, attemptedAt, result);
      })
      .finally(() => this.inFlight.delete(target.key));
    this.inFlight.set(target.key, attempt);
    return attempt;
  }

  private record(target: QueueTarget, attemptedAt: number, result: CommandResult): void {
    const entry: Entry = this.entries.get(target.key) ?? { attemptedAt };
    entry.attemptedAt = attemptedAt;
    if (!result.ok) {
      entry.error = result.error;
    } else {
      const parsed = parseEthtoolStats(result.stdout);
      if (parsed.ok) {
        entry.reading = { readAt: this.options.now(), queues: extractQueueCounters(parsed.values, target.driver) };
        delete entry.error;
      } else {
        entry.error = `ethtool -S ${target.netdev}: ${parsed.error}`;
      }
    }
    this.entries.set(target.key, entry);
  }
}
