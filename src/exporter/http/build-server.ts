// buildServer: the exporter as a fastify instance that is not listening (tests use inject(); only the CLI
// listens). Everything it keeps — caches, the readiness runner, the process-metrics registry — belongs to
// this instance; two servers in one process share nothing.

import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { hostCommands, type EthtoolWrapper } from '../../host/commands.js';
import { HostFs } from '../../host/host-fs.js';
import { errorText } from '../../user-error.js';
import { collect, openScrape, type CollectDeps, type CollectorStatus } from '../collectors/collect.js';
import type { Collector } from '../collectors/collector.js';
import { COLLECTORS } from '../collectors/collector-table.js';
import { attributionCollector, consumerLookup } from '../collectors/attribution.js';
import { hypervGuestCollector } from '../collectors/hyperv-guest.js';
import { hypervHostCollector } from '../collectors/hyperv-host.js';
import { inventoryCollector } from '../collectors/inventory.js';
import { readinessCollector } from '../collectors/readiness.js';
import { vfQueuesCollector } from '../collectors/vf-queues.js';
import { vfTrafficCollector } from '../collectors/vf-traffic.js';
import { negotiateContentType } from '../exposition/content-type.js';
import type { CollectorName } from '../exposition/metric-catalog.js';
import { ProcessMetrics } from '../exposition/process-metrics.js';
import { commandTimeoutMs, type ExporterConfig } from '../exporter-config.js';
import { AttributionRunner } from '../attribution/attribution-runner.js';
import { HypervReadiness } from '../readiness/hyperv-readiness.js';
import { ReadinessRunner } from '../readiness/readiness-runner.js';
import { SCRAPE_TIMEOUT_HEADER, scrapeBudgetMs } from './scrape-budget.js';
import { SharedCollection } from './shared-collection.js';
import type { WebConfig } from './web-config.js';
import { applyWebConfig, httpsOptions } from './web-security.js';

export interface BuildOptions {
  /** fastify's pino options (`{ level, stream }`), or false for none. */
  readonly logger?: FastifyServerOptions['logger'];
  /** Replaces collectors of the table by name (tests: a collector that hangs or throws). */
  readonly collectors?: Partial<Record<CollectorName, Collector>>;
  /** Wall clock in ms (tests: a fake one to age cached readings). */
  readonly now?: () => number;
  /** The process-metrics registry; tests that build many servers share one. */
  readonly processMetrics?: ProcessMetrics;
  /** Wraps every ethtool run (tests count calls and their overlap). */
  readonly wrapEthtool?: EthtoolWrapper;
  /** --web.config.file: TLS (an https server), basic authentication, response headers. */
  readonly webConfig?: WebConfig;
  /** Where the readiness checks run: a worker thread per run (default), or this thread (tests). */
  readonly readinessThread?: 'worker' | 'main';
}

/** What tests and the CLI reach on the instance. */
export interface ExporterHandle {
  readonly readiness: ReadinessRunner;
  readonly attribution: AttributionRunner;
}

declare module 'fastify' {
  interface FastifyInstance {
    sriovExporter: ExporterHandle;
  }
}

export const RESERVED_PATHS: readonly string[] = ['/', '/healthz', '/readiness'];

export function buildServer(config: ExporterConfig, options: BuildOptions = {}): FastifyInstance {
  // Scrapes every few seconds would fill the log with request lines: none are logged, and errors are logged
  // by the onError hook below (disabling request logging silences fastify's own error lines too).
  const tls = options.webConfig?.tls;
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    ...(tls ? { https: httpsOptions(tls) } : {}),
  }) as unknown as FastifyInstance; // the https variant has the same API; only its server type differs
  if (options.webConfig) applyWebConfig(app, options.webConfig);
  const now = options.now ?? Date.now;
  const log = app.log;
  const platform = config.platform ?? 'linux';
  // Aborted on close: an ethtool or powershell.exe still queued or running then ends with the server.
  const shutdown = new AbortController();

  // On a Windows Hyper-V host a readiness run collects the document and judges it with the Hyper-V checks.
  const hyperv =
    platform === 'windows-hyperv'
      ? new HypervReadiness({
          version: config.version,
          ...(config.hypervJson !== undefined ? { file: config.hypervJson } : {}),
          ...(config.commandEnv ? { env: config.commandEnv } : {}),
          ...(config.hypervTimeoutMs !== undefined ? { timeoutMs: config.hypervTimeoutMs } : {}),
          signal: shutdown.signal,
          now,
        })
      : undefined;
  const readiness = new ReadinessRunner({
    roots: config.roots,
    intervalMs: config.readinessIntervalMs,
    version: config.version,
    pfFilter: config.pfFilter,
    ...(config.kernelLog !== undefined ? { kernelLog: config.kernelLog } : {}),
    log: log.child({ component: 'readiness' }),
    now,
    ...(options.readinessThread ? { thread: options.readinessThread } : {}),
    ...(hyperv ? { run: () => hyperv.run() } : {}),
  });
  const attribution = new AttributionRunner({
    roots: config.roots,
    refreshMs: config.attributionRefreshMs,
    log: log.child({ component: 'attribution' }),
    now,
  });
  // Switched on, and made for this platform.
  const enabled = Object.fromEntries(COLLECTORS.map((c) => [c.name, (config.collectors[c.name] ?? c.defaultEnabled) && c.platforms.includes(platform)])) as Record<CollectorName, boolean>;
  const attributionOn = enabled.attribution;
  const commands = hostCommands({
    ipPath: config.ipPath,
    ethtoolPath: config.ethtoolPath,
    timeoutMs: commandTimeoutMs(config.collectorTimeoutMs),
    ...(config.commandEnv ? { env: config.commandEnv } : {}),
    signal: shutdown.signal,
    ...(options.wrapEthtool ? { wrapEthtool: options.wrapEthtool } : {}),
  });
  const queues = vfQueuesCollector({ commands, ttlMs: config.queueCacheTtlMs, concurrency: config.queueConcurrency, waitMs: config.queueWaitMs, now });
  // Each collector made with what it needs, and nothing of another's.
  const made: Record<CollectorName, Collector> = {
    inventory: attributionOn ? inventoryCollector(consumerLookup(attribution, config.attributionNames)) : inventoryCollector(),
    vf_traffic: vfTrafficCollector(),
    vf_queues: queues,
    attribution: attributionCollector(attribution, config.attributionNames),
    readiness: readinessCollector(readiness),
    hyperv_guest: hypervGuestCollector(commands),
    // Only on a Windows Hyper-V host (the table's platforms), where `hyperv` is made.
    hyperv_host: hyperv ? hypervHostCollector(hyperv, readiness) : { name: 'hyperv_host', collect: () => undefined },
    ...options.collectors,
  };
  const statuses = new Map<CollectorName, CollectorStatus>();
  const deps: CollectDeps = {
    config,
    commands,
    openHost: () => new HostFs(config.roots),
    collectors: COLLECTORS.filter((c) => enabled[c.name]).map((c) => made[c.name]),
    processMetrics: options.processMetrics ?? new ProcessMetrics(),
    log,
    now,
    statuses,
  };
  // The Windows runs also feed hyperv_host's inventory.
  const readinessOn = enabled.readiness || enabled.hyperv_host;

  app.decorate('sriovExporter', { readiness, attribution });
  app.addHook('onReady', async () => {
    if (readinessOn) readiness.start();
    // One ethtool run per VF netdev is too slow for a first scrape on a large host: they start now, in the
    // background, and scrapes serve what is read so far. Not awaited: the server is ready without them.
    if (enabled.vf_queues) {
      const started = now();
      queues.warm(openScrape(deps, config.collectorTimeoutMs)).then(
        (netdevs) => log.debug({ netdevs, durationMs: Math.round(now() - started) }, 'vf_queues warm-up completed'),
        (error: unknown) => log.warn(`vf_queues warm-up: ${errorText(error)}`),
      );
    }
    // Awaited: the first scrape already names who holds each VF.
    if (attributionOn) await attribution.start();
  });
  app.addHook('onError', async (request, _reply, error) => {
    request.log.error({ err: error, url: request.url }, `request failed: ${error.message}`);
  });
  app.addHook('onClose', async () => {
    shutdown.abort();
    attribution.stop();
    readiness.stop();
    await readiness.settled();
  });

  const collections = new SharedCollection((budgetMs) => collect(deps, budgetMs), () => performance.now());
  app.get(config.telemetryPath, async (request, reply) => {
    const contentType = negotiateContentType(request.headers.accept);
    const collection = await collections.join(scrapeBudgetMs(request.headers[SCRAPE_TIMEOUT_HEADER], config.collectorTimeoutMs));
    const { pieces, bytes } = await collection.exposition(contentType);
    // Written piece by piece: the pieces are shared by every request that joined this collection.
    return reply.type(contentType).header('content-length', bytes).send(Readable.from(pieces));
  });

  /** Why no readiness run can be shown: the page and GET /readiness say the same. */
  const readinessPending = () =>
    !readinessOn
      ? 'the readiness collector is disabled (--no-collector.readiness)'
      : readiness.lastFailure
        ? `the readiness checks failed: ${readiness.lastFailure.message}`
        : 'the first run of the readiness checks has not completed yet';

  app.get('/', async (_request, reply) => {
    // Loaded on the first visit: the page's renderer brings the whole check catalog (~10 MiB), which a
    // server that is only scraped never needs.
    const { renderLandingPage } = await import('./landing-page.js');
    const latest = readiness.latest;
    const html = renderLandingPage({
      version: config.version,
      telemetryPath: config.telemetryPath,
      collectors: COLLECTORS,
      enabled,
      statuses,
      ...(latest ? { readiness: { view: latest.view, completedAt: latest.completedAt } } : {}),
      pending: readinessPending(),
    });
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/healthz', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok\n'));

  app.get('/readiness', async (_request, reply) => {
    const latest = readiness.latest;
    if (latest) return reply.type('application/json; charset=utf-8').send(latest.json);
    const error = readinessPending();
    return reply.code(503).type('application/json; charset=utf-8').send(`${JSON.stringify({ error })}\n`);
  });

  return app;
}
