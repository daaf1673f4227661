// Exporter fixture hosts built into temporary directories, and the exporter configuration that points at them
// with the stand-in `ip` and `ethtool` printing the matching recorded outputs.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultRoots } from '../../src/host/host-fs.js';
import type { ExporterConfig } from '../../src/exporter/exporter-config.js';
import { DEFAULTS } from '../../src/exporter/exporter-config.js';
import { buildHost, type HostSpec } from './host-builder.js';
import { REPO } from './run-cli.js';

export const FAKE_IP = path.join(REPO, 'test/fixtures/bin/ip');
export const FAKE_ETHTOOL = path.join(REPO, 'test/fixtures/bin/ethtool');
export const IP_RECORDINGS = path.join(REPO, 'test/fixtures/commands/ip');
export const ETHTOOL_RECORDINGS = path.join(REPO, 'test/fixtures/commands/ethtool');

export interface TempHost {
  readonly root: string;
  /** Removes the tree. */
  remove(): void;
}

/** Builds a host spec into a new temporary directory. */
export function buildTempHost(spec: HostSpec, prefix = 'sriov-exporter-host-'): TempHost {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  buildHost(root, spec);
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

export interface FakeCommands {
  /** Printed by the stand-in ip. */
  readonly ipJson: string;
  /** Directory of <netdev>.txt files for the stand-in ethtool. */
  readonly ethtoolDir?: string;
  /** SRIOV_FAKE_MODE for both programs (hang, fail, garbage, truncated). */
  readonly mode?: string;
  /** SRIOV_FAKE_LOG: every call is appended here. */
  readonly log?: string;
}

export function fakeCommandEnv(fake: FakeCommands): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    SRIOV_FAKE_IP_JSON: fake.ipJson,
    SRIOV_FAKE_ETHTOOL_DIR: fake.ethtoolDir ?? ETHTOOL_RECORDINGS,
    ...(fake.mode ? { SRIOV_FAKE_MODE: fake.mode } : {}),
    ...(fake.log ? { SRIOV_FAKE_LOG: fake.log } : {}),
  };
}

/** The exporter's configuration for a host root, with every collector on and the stand-in programs. */
export function testConfig(root: string, fake: FakeCommands, overrides: Partial<ExporterConfig> = {}): ExporterConfig {
  return {
    version: '0.0.0-test',
    roots: defaultRoots(root),
    telemetryPath: DEFAULTS.telemetryPath,
    collectors: { inventory: true, vf_traffic: true, vf_queues: true, attribution: true, readiness: true, hyperv_guest: true, hyperv_host: true },
    pfFilter: {},
    ipPath: FAKE_IP,
    ethtoolPath: FAKE_ETHTOOL,
    queueCacheTtlMs: DEFAULTS.queueCacheTtlMs,
    queueConcurrency: DEFAULTS.queueConcurrency,
    // Each scrape waits for every ethtool reading it needs: with the default's bounded wait, which series a
    // scrape has would depend on the machine's speed. The bounded wait is tested in queue-cache.test.ts.
    queueWaitMs: Infinity,
    // Tests trigger runs themselves; the timer must never fire during one.
    readinessIntervalMs: 3_600_000,
    attributionRefreshMs: 3_600_000,
    attributionNames: { policy: 'name' },
    collectorTimeoutMs: 10_000,
    commandEnv: fakeCommandEnv(fake),
    ...overrides,
  };
}
