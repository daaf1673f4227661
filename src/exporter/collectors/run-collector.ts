// One collector, isolated: its own sink, a time limit, and whatever happens inside it ends as an outcome
// (success, duration, cause) — never as an exception that could fail the scrape or other collectors.
//
// The limit bounds waiting (for `ip`, `ethtool`, a shared read in flight). sysfs reads are synchronous and
// cannot be cut short; they are also bounded, by the size of the host.

import { performance } from 'node:perf_hooks';
import { errorText } from '../../user-error.js';
import type { CollectorName } from '../exposition/metric-catalog.js';
import { SampleSink, problemText } from '../exposition/sample-sink.js';
import type { Collector } from './collector.js';
import type { ScrapeReads } from './scrape-reads.js';

export interface CollectorOutcome {
  readonly name: CollectorName;
  readonly success: boolean;
  readonly durationSeconds: number;
  /** Samples to expose: what the collector produced, or nothing when it threw or ran out of time. */
  readonly sink: SampleSink;
  /** Why success is false: the exception, the timeout, or the problems it reported. */
  readonly causes: readonly string[];
}

const TIMED_OUT = Symbol('timed out');

export async function runCollector(collector: Collector, scrape: ScrapeReads, timeoutMs: number): Promise<CollectorOutcome> {
  const sink = new SampleSink(collector.name);
  // Reset when the collector really starts: collectors share one thread, and the ones started earlier in the
  // same tick run their synchronous reads first.
  let started = performance.now();
  const finish = (success: boolean, kept: SampleSink, causes: readonly string[]): CollectorOutcome => ({
    name: collector.name,
    success,
    durationSeconds: (performance.now() - started) / 1000,
    sink: kept,
    causes,
  });

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  // Started from a resolved promise so that a synchronous throw is a rejection like any other.
  const work = Promise.resolve().then(() => {
    started = performance.now();
    return collector.collect(scrape, sink);
  });
  try {
    const result = await Promise.race([work, deadline]);
    if (result === TIMED_OUT) {
      // It may still finish or fail later; nobody reads its sink any more, and a late failure is not news.
      work.catch(() => undefined);
      return finish(false, new SampleSink(collector.name), [`no result within ${timeoutMs} ms`]);
    }
    return finish(sink.problems.length === 0, sink, sink.problems.map(problemText));
  } catch (error) {
    const message = errorText(error);
    return finish(false, new SampleSink(collector.name), [`internal error: ${message}`]);
  } finally {
    clearTimeout(timer);
  }
}
