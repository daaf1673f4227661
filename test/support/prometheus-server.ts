// A real Prometheus for the end-to-end test: its configuration (also written by `npm run demo`), the server started
// on loopback with a temporary data directory, and the parts of its HTTP API the test reads.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import { REPO } from './run-cli.js';
import { GiveUp, spawnServer, waitFor, type ServerProcess } from './server-process.js';

export const PROMETHEUS_BIN = '/usr/bin/prometheus';
export const RULE_FILES = ['rules/sriov-exporter.rules.yml', 'rules/sriov-exporter.alerts.yml'].map((file) => path.join(REPO, file));
/** The job name the alerts select (SriovExporterDown) and the dashboards offer. */
export const JOB = 'sriov-exporter';

export interface PrometheusConfigOptions {
  /** host:port of the exporter (or of each exporter, all in the one job). */
  readonly target: string | readonly string[];
  /** Scrape and rule evaluation interval, e.g. "1s" or "15s". */
  readonly interval: string;
  readonly ruleFiles?: readonly string[];
}

/** prometheus.yml: one job scraping the exporter, our rule files loaded. */
export function prometheusConfig(options: PrometheusConfigOptions): string {
  const config = {
    global: { scrape_interval: options.interval, evaluation_interval: options.interval },
    rule_files: options.ruleFiles ?? RULE_FILES,
    scrape_configs: [{ job_name: JOB, static_configs: [{ targets: typeof options.target === 'string' ? [options.target] : options.target }] }],
  };
  return yamlStringify(config);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  readonly url: string;
  readonly process: ServerProcess;
  readonly api: PrometheusApi;
}

export interface PrometheusOptions {
  readonly configFile: string;
  readonly dataDir: string;
  readonly budgetMs: number;
  /** host:port; default a free loopback port. */
  readonly listenAddress?: string;
}

/**
 * Starts Prometheus and waits until it says it is ready. Without a listen address it takes a free loopback port;
 * such a port can be taken before Prometheus binds it: then Prometheus exits at once, and another port is tried.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const deadline = Date.now() + options.budgetMs;
  for (let attempt = 1; ; attempt++) {
    const address = options.listenAddress ?? `127.0.0.1:${await freePort()}`;
    const url = `http://${address}`;
    const server = spawnServer(
      PROMETHEUS_BIN,
      [`--config.file=${options.configFile}`, `--storage.tsdb.path=${options.dataDir}`, `--web.listen-address=${address}`, '--log.level=info'],
      { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    );
    try {
      await waitFor(`Prometheus ready on ${url}`, Math.max(1000, deadline - Date.now()), async () => {
        if (!server.running()) throw new GiveUp(`prometheus exited:\n${server.output()}`);
        const res = await fetch(`${url}/-/ready`);
        return res.ok ? true : undefined;
      });
      return { url, process: server, api: new PrometheusApi(url) };
    } catch (error) {
      await server.stop();
      if (options.listenAddress !== undefined || attempt >= 3 || !/address already in use/.test(server.output())) throw error;
    }
  }
}

export interface Sample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Alert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly state: 'pending' | 'firing' | 'inactive';
  readonly value: string;
}

export interface Target {
  readonly labels: Readonly<Record<string, string>>;
  readonly scrapeUrl: string;
  readonly health: 'up' | 'down' | 'unknown';
  readonly lastError: string;
}

/** The HTTP API (https://prometheus.io/docs/prometheus/latest/querying/api/); an error answer throws with its message. */
export class PrometheusApi {
  constructor(readonly url: string) {}

  private async get<T>(pathname: string, params: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`${this.url}${pathname}?${new URLSearchParams(params)}`);
    const body = (await res.json()) as { status: string; data: T; error?: string; errorType?: string };
    if (body.status !== 'success') throw new Error(`${pathname} ${JSON.stringify(params)}: ${body.errorType ?? res.status}: ${body.error ?? ''}`);
    return body.data;
  }

  /** An instant query, at `time` (Unix seconds) or now; vectors and scalars become samples. */
  async query(expr: string, time?: number): Promise<Sample[]> {
    const data = await this.get<{ resultType: string; result: unknown }>('/api/v1/query', { query: expr, ...(time !== undefined ? { time: String(time) } : {}) });
    if (data.resultType === 'scalar') return [{ metric: {}, value: Number((data.result as [number, string])[1]) }];
    if (data.resultType !== 'vector') throw new Error(`${expr}: expected a vector, got ${data.resultType}`);
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  }

  async alerts(): Promise<Alert[]> {
    return (await this.get<{ alerts: Alert[] }>('/api/v1/alerts')).alerts;
  }

  async targets(): Promise<Target[]> {
    return (await this.get<{ activeTargets: Target[] }>('/api/v1/targets', { state: 'active' })).activeTargets;
  }

  /** Values of a label among the series matching a selector (what Grafana's label_values() lists). */
  async labelValues(label: string, match: string): Promise<string[]> {
    return this.get<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match });
  }
}

/** Writes prometheus.yml into `dir` and returns its path. */
export function writePrometheusConfig(dir: string, options: PrometheusConfigOptions): string {
  const file = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(file, prometheusConfig(options));
  return file;
}
