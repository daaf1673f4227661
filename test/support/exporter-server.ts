// An exporter over a fixture host, for tests: the host built into a temporary directory, the stand-in
// programs printing its recorded outputs, logs captured, everything removed when the test ends.

import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, type BuildOptions } from '../../src/exporter/http/build-server.js';
import type { ExporterConfig } from '../../src/exporter/exporter-config.js';
import { ProcessMetrics } from '../../src/exporter/exposition/process-metrics.js';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { buildTempHost, IP_RECORDINGS, testConfig, type FakeCommands } from './exporter-host.js';
import type { HostSpec } from './host-builder.js';

/** One registry of process metrics for every server of a test file (each would start its own GC observer). */
const PROCESS_METRICS = new ProcessMetrics();

/** A fixed wall clock: timestamps and ages in the exposition do not change between runs. */
export const FIXED_NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

export interface TestExporter {
  readonly app: FastifyInstance;
  readonly root: string;
  /** Log lines (JSON) written so far. */
  readonly logs: string[];
  /** GET /metrics; `accept` sets the Accept header. */
  scrape(accept?: string): Promise<{ status: number; body: string; contentType: string }>;
}

export interface TestExporterOptions {
  readonly fake?: Partial<FakeCommands>;
  readonly config?: Partial<ExporterConfig>;
  readonly build?: Omit<BuildOptions, 'logger' | 'processMetrics'>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A host to build: the name of a fixture host with a recorded ip output (test/fixtures/scenarios/), or a spec with its ip output. */
export type TestHost = string | { readonly spec: HostSpec; readonly ipJson: string };

/** Starts an exporter on a host built for the test, its first readiness run completed. */
export async function startExporter(t: Teardown, which: TestHost, options: TestExporterOptions = {}): Promise<TestExporter> {
  const fixture = typeof which === 'string' ? EXPORTER_SCENARIOS.find((h) => h.name === which) : undefined;
  if (typeof which === 'string' && !fixture) throw new Error(`no exporter fixture host ${which}`);
  const spec = fixture?.spec ?? (which as { spec: HostSpec }).spec;
  const ipJson = fixture ? path.join(IP_RECORDINGS, fixture.ipJson) : (which as { ipJson: string }).ipJson;
  const host = buildTempHost(spec);
  t.teardown(() => host.remove());
  const fake: FakeCommands = { ipJson, ...options.fake };
  const logs: string[] = [];
  const app = buildServer(testConfig(host.root, fake, options.config), {
    now: () => FIXED_NOW,
    // A worker thread loads the checks from the TypeScript sources again (seconds per run under tap); the
    // worker itself is tested in test/exporter/readiness.test.ts and through the built program.
    readinessThread: 'main',
    ...options.build,
    logger: { level: 'debug', stream: { write: (line: string) => logs.push(line) } },
    processMetrics: PROCESS_METRICS,
  });
  t.teardown(() => app.close());
  await app.ready();
  await app.sriovExporter.readiness.settled();
  return {
    app,
    root: host.root,
    logs,
    async scrape(accept) {
      const res = await app.inject({ method: 'GET', url: '/metrics', headers: accept ? { accept } : {} });
      return { status: res.statusCode, body: res.body, contentType: String(res.headers['content-type']) };
    },
  };
}

export interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** The samples of a Prometheus text exposition (label values here never hold escaped quotes). */
export function parseExposition(body: string): Series[] {
  const series: Series[] = [];
  for (const line of body.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) labels[pair[1] as string] = pair[2] as string;
    series.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return series;
}

/** The series of one family whose labels include all of `match`. */
export function find(series: readonly Series[], name: string, match: Readonly<Record<string, string>> = {}): Series[] {
  return series.filter((s) => s.name === name && Object.entries(match).every(([k, v]) => s.labels[k] === v));
}

/** A collector's sriov_exporter_collector_success value (undefined when it has none). */
export function collectorSuccess(series: readonly Series[], collector: string): number | undefined {
  return find(series, 'sriov_exporter_collector_success', { collector })[0]?.value;
}
