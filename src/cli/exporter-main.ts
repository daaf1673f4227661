// sriov-exporter: parse flags, check the roots, build the server, listen until SIGTERM/SIGINT, close.
// Returns the exit code; only bin/sriov-exporter.ts touches process.exit.

import type { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../exporter/http/build-server.js';
import { probeHealth } from '../exporter/http/healthcheck.js';
import type { WebConfig } from '../exporter/http/web-config.js';
import type { ExporterConfig } from '../exporter/exporter-config.js';
import { defaultRoots } from '../host/host-fs.js';
import type { CliIo } from './cli-io.js';
import { exporterHelp, parseExporterArgs, type ExporterCliOptions } from './exporter-options.js';
import { assertReadableFile } from './readable-file.js';
import { checkedRoots } from './root-paths.js';
import { PID1_DIR, runningExporterArgs } from './running-exporter.js';
import { UserError } from '../user-error.js';
import { readVersion } from './version.js';

export const EXIT_OK = 0;
export const EXIT_CANNOT_RUN = 2;
/** --healthcheck: the exporter did not answer. */
export const EXIT_UNHEALTHY = 1;

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * `signals` is where SIGTERM/SIGINT arrive (the process; an emitter in tests). `pid1Dir`: the process whose
 * command line `--healthcheck` without flags follows (/proc/1; another process's directory in tests).
 */
export async function runExporterCli(argv: readonly string[], io: CliIo, signals: EventEmitter, pid1Dir = PID1_DIR): Promise<number> {
  const version = readVersion();
  let options: ExporterCliOptions;
  let config: ExporterConfig;
  let webConfig: WebConfig | undefined;
  try {
    options = parseExporterArgs(argv);
    if (options.help) {
      io.stdout.write(exporterHelp(version));
      return EXIT_OK;
    }
    if (options.version) {
      io.stdout.write(`sriov-exporter ${version}\n`);
      return EXIT_OK;
    }
    if (options.healthcheck) {
      const probe = healthcheckTarget(argv, options, pid1Dir);
      const web = probe.webConfigFile !== undefined ? await loadWebConfig(probe.webConfigFile) : undefined;
      const problem = await probeHealth(probe.listen, web);
      io.stdout.write(problem === undefined ? 'sriov-exporter: healthy\n' : `sriov-exporter: unhealthy: ${problem}\n`);
      return problem === undefined ? EXIT_OK : EXIT_UNHEALTHY;
    }
    webConfig = options.webConfigFile !== undefined ? await loadWebConfig(options.webConfigFile) : undefined;
    // A Windows Hyper-V host has no sysfs to check: its facts come from the collector document.
    const windows = options.settings.hypervJson !== undefined || (io.platform ?? process.platform) === 'win32';
    if (options.settings.hypervJson !== undefined) assertReadableFile(options.settings.hypervJson, '--hyperv-json');
    config = windows
      ? { version, roots: defaultRoots(options.rootfs, options.sysfs, options.procfs), ...options.settings, platform: 'windows-hyperv', commandEnv: { ...io.env } }
      : { version, roots: checkedRoots(options), ...options.settings };
  } catch (error) {
    if (error instanceof UserError) {
      io.stderr.write(`sriov-exporter: ${error.message}\n`);
      return EXIT_CANNOT_RUN;
    }
    throw error;
  }

  const app = buildServer(config, { logger: { level: options.logLevel, stream: io.stderr }, ...(webConfig ? { webConfig } : {}) });
  if (webConfig && webConfig.ignored.length > 0) app.log.warn({ settings: webConfig.ignored }, 'web config settings accepted but not applied by sriov-exporter');
  try {
    await listen(app, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr.write(`sriov-exporter: cannot listen on ${options.listen.host || '*'}:${options.listen.port}: ${code ?? (error as Error).message}\n`);
    await app.close();
    return EXIT_CANNOT_RUN;
  }
  app.log.info({ version, collectors: config.collectors, rootfs: config.roots.rootfs, tls: webConfig?.tls !== undefined, basicAuth: (webConfig?.basicAuthUsers.size ?? 0) > 0 }, 'sriov-exporter started');

  const signal = await new Promise<string>((resolve) => {
    for (const name of SHUTDOWN_SIGNALS) signals.once(name, () => resolve(name));
  });
  for (const name of SHUTDOWN_SIGNALS) signals.removeAllListeners(name);
  app.log.info(`${signal} received, shutting down`);
  await app.close();
  return EXIT_OK;
}

/**
 * What --healthcheck probes: the flags given; without --web.listen-address and --web.config.file, those of the
 * exporter that is PID 1 (a container), else the defaults.
 */
function healthcheckTarget(argv: readonly string[], options: ExporterCliOptions, pid1Dir: string): Pick<ExporterCliOptions, 'listen' | 'webConfigFile'> {
  if (argv.some((arg) => /^--web\.(listen-address|config\.file)(=|$)/.test(arg))) return options;
  const running = runningExporterArgs(pid1Dir);
  return running === undefined ? options : parseExporterArgs(running);
}

/** Every interface: IPv6 and IPv4 through `::`, or IPv4 alone where the host has no IPv6. fastify logs the address. */
async function listen(app: FastifyInstance, options: ExporterCliOptions): Promise<void> {
  const { host, port } = options.listen;
  if (host !== '') {
    await app.listen({ host, port });
    return;
  }
  try {
    await app.listen({ host: '::', port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
    await app.listen({ host: '0.0.0.0', port });
  }
}

/** The web config file, its parser (a YAML library) loaded only when there is one to read. */
async function loadWebConfig(file: string): Promise<WebConfig> {
  return (await import('../exporter/http/web-config.js')).loadWebConfig(file);
}
