// Requests for /metrics that arrive while a collection is running share it instead of starting their own:
// ten scrapers at once cost one run of `ip` and one pass over sysfs, not ten. A request joins the collection
// in flight when that one will end no later than the request's own deadline (its collectors are cut off at
// the deadline of the request that started it); otherwise it starts a new one, which later requests join.
// A finished collection is never served again: every collection after it reads the host afresh.

import type { Collection } from '../collectors/collect.js';

interface InFlight {
  /** When its collectors are cut off, on the monotonic clock. */
  readonly deadline: number;
  readonly collection: Promise<Collection>;
}

export class SharedCollection {
  private current?: InFlight;

  /**
   * @param start runs one collection with the given budget (ms)
   * @param clock a monotonic clock in ms (performance.now)
   */
  constructor(
    private readonly start: (budgetMs: number) => Promise<Collection>,
    private readonly clock: () => number,
  ) {}

  /** The collection a request with `budgetMs` left gets: the one in flight if it ends in time, else a new one. */
  join(budgetMs: number): Promise<Collection> {
    const deadline = this.clock() + budgetMs;
    const current = this.current;
    if (current !== undefined && current.deadline <= deadline) return current.collection;
    const entry: InFlight = {
      deadline,
      collection: this.start(budgetMs).finally(() => {
        if (this.current === entry) this.current = undefined;
      }),
    };
    this.current = entry;
    return entry.collection;
  }
}
