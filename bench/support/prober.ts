// Event-loop stalls seen from outside: a worker thread (its own event loop, so that the benchmark's parsing of
// scrape bodies does not delay it) sends a small request to each URL every INTERVAL_MS, one at a time per URL, and
// keeps each answer's latency. A request that arrives while the server's event loop is blocked waits until it is
// free again, so the longest latency is at least the longest stall less one interval.

import { Worker } from 'node:worker_threads';

export const PROBE_INTERVAL_MS = 10;

// Plain JavaScript: an eval'd worker is a CommonJS script and needs no loader.
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
let stopped = false;
parentPort.once('message', () => { stopped = true; });
const probe = async (url) => {
  const latencies = [];
  let errors = 0;
  while (!stopped) {
    const started = performance.now();
    try {
      const res = await fetch(url);
      await res.text();
      if (res.status === 200) latencies.push(performance.now() - started);
      else errors++;
    } catch {
      errors++;
    }
    await new Promise((resolve) => setTimeout(resolve, workerData.intervalMs));
  }
  return { latencies, errors };
};
Promise.all(workerData.urls.map(probe)).then((results) => parentPort.postMessage(results));
`;

export interface Probes {
  /** Latency of each answered probe, ms. */
  readonly latencies: readonly number[];
  /** Probes without a 200 answer. */
  readonly errors: number;
}

/** Starts probing `urls`; the returned function stops and resolves to each URL's probes, in order. */
export function startProber(urls: readonly string[]): () => Promise<Probes[]> {
  const worker = new Worker(PROBER, { eval: true, workerData: { urls, intervalMs: PROBE_INTERVAL_MS } });
  const done = new Promise<Probes[]>((resolve, reject) => {
    worker.once('message', (results: Probes[]) => resolve(results));
    worker.once('error', reject);
  });
  return async () => {
    worker.postMessage('stop');
    const results = await done;
    await worker.terminate();
    return results;
  };
}
