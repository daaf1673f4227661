// Readings that are too costly to take at every scrape (a process per VF netdev), kept for a short time.
// One entry per key: the last good reading, when it was taken (so its age can be exposed), and how the
// last attempt went.
//
// - A key whose last attempt is younger than the TTL is served as is; an older one is read again.
// - Two scrapes that need the same key at the same time share one read in flight.
// - A failed read keeps the previous reading (its age keeps growing, which marks it stale) until it is
//   older than MAX_AGE_FACTOR × TTL (at least MIN_MAX_AGE_MS); then it is no longer served.
// - Entries of keys no longer asked for are dropped.
// - A caller may wait for the reads it started only so long (`waitMs`): what is not read by then is served by a
//   later call, once the read in flight has completed.
// - A key that keeps failing is tried less often: after its second failure in a row the pause before the next
//   attempt doubles with each failure, from max(TTL, 1 s) up to BACKOFF_MAX_FACTOR times that.

import { type ReadIssue, isIssue, readIssue } from '../../fact.js';
import { errorText } from '../../user-error.js';

export interface CacheTarget<T> {
  readonly key: string;
  /** The reading, or why there is none now (the previous one is then kept). */
  readonly read: () => Promise<T | ReadIssue>;
}

export interface Reading<T> {
  readonly value: T;
  /** When the read completed (ms, from the cache's clock). */
  readonly readAt: number;
}

export interface CachedStatus<T> {
  readonly reading?: Reading<T>;
  /** Why the last attempt failed; undefined when it succeeded. */
  readonly error?: ReadIssue;
}

interface Entry<T> {
  reading?: Reading<T>;
  error?: ReadIssue;
  attemptedAt: number;
  /** Failed attempts in a row. */
  failures: number;
}

const MAX_AGE_FACTOR = 10;
const MIN_MAX_AGE_MS = 60_000;
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_FACTOR = 16;

/** How long after an attempt the next one is due, given the failures in a row so far. */
export function retryAfterMs(ttlMs: number, failures: number): number {
  if (failures < 2) return ttlMs;
  return Math.max(ttlMs, BACKOFF_MIN_MS) * Math.min(2 ** (failures - 1), BACKOFF_MAX_FACTOR);
}

export class ReadingCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: { readonly ttlMs: number; readonly now: () => number }) {}

  /**
   * The status of every target, after reading again those whose last attempt is older than the TTL — waiting
   * for those reads at most `waitMs`; a target still being read then has the status it had before (none, if
   * it was never read).
   */
  async collect(targets: readonly CacheTarget<T>[], waitMs = Infinity): Promise<Map<string, CachedStatus<T>>> {
    const wanted = new Set(targets.map((t) => t.key));
    for (const key of this.entries.keys()) if (!wanted.has(key) && !this.inFlight.has(key)) this.entries.delete(key);

    const now = this.options.now();
    const reads = Promise.all(targets.filter((t) => this.isDue(t.key, now)).map((t) => this.refresh(t)));
    await waitAtMost(reads, waitMs);

    const oldest = this.options.now() - Math.max(this.options.ttlMs * MAX_AGE_FACTOR, MIN_MAX_AGE_MS);
    const result = new Map<string, CachedStatus<T>>();
    for (const { key } of targets) {
      const entry = this.entries.get(key);
      if (entry === undefined) continue;
      const reading = entry.reading && entry.reading.readAt >= oldest ? entry.reading : undefined;
      result.set(key, { ...(reading ? { reading } : {}), ...(entry.error !== undefined ? { error: entry.error } : {}) });
    }
    return result;
  }

  private isDue(key: string, now: number): boolean {
    if (this.inFlight.has(key)) return true; // join it rather than serve what it is about to replace
    const entry = this.entries.get(key);
    return entry === undefined || now - entry.attemptedAt >= retryAfterMs(this.options.ttlMs, entry.failures);
  }

  private refresh(target: CacheTarget<T>): Promise<void> {
    const running = this.inFlight.get(target.key);
    if (running) return running;
    const attemptedAt = this.options.now();
    const attempt = target
      .read()
      // A read that throws is a bug in it, but still only a failed read.
      .catch((error: unknown) => readIssue(target.key, 'EINTERNAL', errorText(error)))
      .then((result) => {
        const entry: Entry<T> = this.entries.get(target.key) ?? { attemptedAt, failures: 0 };
        entry.attemptedAt = attemptedAt;
        if (isIssue(result)) {
          entry.error = result as ReadIssue;
          entry.failures++;
        } else {
          entry.reading = { value: result as T, readAt: this.options.now() };
          delete entry.error;
          entry.failures = 0;
        }
        this.entries.set(target.key, entry);
      })
      .finally(() => this.inFlight.delete(target.key));
    this.inFlight.set(target.key, attempt);
    return attempt;
  }
}

/** Resolves when `work` settles or after `ms`, whichever is first (never rejects: `work` handles its own errors). */
async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  if (ms === Infinity) {
    await work;
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
