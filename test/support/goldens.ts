// Golden files: the committed, reviewed outputs of every fixture host — sriov-check's text and JSON reports
// (test/golden/) and the exporter's /metrics (test/exporter/golden/). Tests only read them; the one writer is
// `npm run goldens` (scripts/update-goldens.ts), run outside tap, whose diff a reviewer then reads. No variable
// changes that: with UPDATE_GOLDEN or CI set, a test run still compares and fails on a difference.
//
// SRIOV_GOLDEN_DIR points the tests at another copy of the directory (the test that proves a run cannot
// rewrite a golden uses it); the default is the committed one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMITTED_SCENARIOS, EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { readVersion } from '../../src/cli/version.js';
import { startExporter } from './exporter-server.js';
import { FIXTURE_HOSTS, REPO, runCheck, type CliResult } from './run-cli.js';

export const REPORT_GOLDEN_DIR = path.join(REPO, 'test/golden');
export const EXPORTER_GOLDEN_DIR = path.join(REPO, 'test/exporter/golden');

/** The directory a test reads a golden from: `dir`, unless SRIOV_GOLDEN_DIR names another. */
export function goldenDir(dir: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.SRIOV_GOLDEN_DIR || dir;
}

// ── sriov-check reports ──

export interface ReportCase {
  readonly name: string;
  /** A fixture host's tree; none for a Windows Hyper-V host (its document is in args). */
  readonly host?: string;
  readonly args: readonly string[];
}

/** The Windows Hyper-V hosts' documents (test/fixtures/hyperv/), each judged with the VM they hold. */
const HYPERV_DOCUMENTS = path.join(REPO, 'test/fixtures/hyperv');

export const REPORT_CASES: readonly ReportCase[] = [
  ...COMMITTED_SCENARIOS.map((s) => ({ name: s.name, host: s.name, args: [] })),
  // The same host judged for what one deployment needs.
  { name: 'x710-iavf--pf-ens1f0--vfs-8', host: 'x710-iavf', args: ['--pf', 'ens1f0', '--vfs', '8'] },
  { name: 'x710-iavf--vfs-80', host: 'x710-iavf', args: ['--pf', '0000:3b:00.0', '--vfs', '80'] },
  // With pcie_acs_override on, the E810 behind ports with ACS alone: the override is harmless there, and it is ready.
  { name: 'acs-override-combined--pf-ens2f0np0', host: 'acs-override-combined', args: ['--pf', 'ens2f0np0'] },
  ...fs
    .readdirSync(HYPERV_DOCUMENTS)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: `hyperv-${f.slice(0, -'.json'.length)}`, args: ['--hyperv-json', path.join(HYPERV_DOCUMENTS, f), '--vm', 'web01'] })),
];

export type ReportOutput = 'text' | 'json';

export const reportFile = (c: ReportCase, output: ReportOutput) => `${c.name}.${output === 'json' ? 'json' : 'txt'}`;

/** The golden file of a case in the committed directory (or SRIOV_GOLDEN_DIR's). */
export const reportPath = (c: ReportCase, output: ReportOutput) => path.join(goldenDir(REPORT_GOLDEN_DIR), reportFile(c, output));

/** The command-line arguments of a case, for one output format (any build of sriov-check takes them). */
export function reportArgs(c: ReportCase, output: ReportOutput): string[] {
  const root = c.host !== undefined ? ['--path.rootfs', path.join(FIXTURE_HOSTS, c.host)] : [];
  return [...root, '--output', output, '--color', 'never', ...c.args];
}

/** Machine-specific parts of a report: where the fixtures live and the tool version. */
export function normalizeReport(text: string, version = readVersion()): string {
  return text.split(FIXTURE_HOSTS).join('<fixtures>').split(HYPERV_DOCUMENTS).join('<hyperv-documents>').split(version).join('<version>');
}

/** The report as the golden file holds it, with the run's exit code and stderr. */
export async function renderReport(c: ReportCase, output: ReportOutput): Promise<CliResult & { readonly golden: string }> {
  const result = await runCheck(reportArgs(c, output));
  return { ...result, golden: normalizeReport(result.stdout) };
}

// ── exporter expositions ──

/** Families that depend on the process and the machine, not on the host read. */
const VOLATILE_FAMILY = /^(process_|nodejs_)/;

/** The exposition without what varies between runs: collector durations, the Node.js version, process metrics. */
export function normalizeExposition(body: string): string {
  const kept: string[] = [];
  for (const block of body.split('\n\n')) {
    const name = /^# HELP (\S+)/.exec(block)?.[1] ?? '';
    if (VOLATILE_FAMILY.test(name)) continue;
    kept.push(
      block
        .replace(/^((?:sriov_exporter_collector|sriov_attribution)_duration_seconds\{[^}]*\}) \S+$/gm, '$1 <duration>')
        .replace(/nodejs_version="[^"]*"/g, 'nodejs_version="<node>"'),
    );
  }
  return `${kept.join('\n\n').trimEnd()}\n`;
}

export const EXPORTER_GOLDEN_HOSTS = EXPORTER_SCENARIOS.map((h) => h.name);
export const expositionFile = (host: string) => `${host}.prom`;

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** One scrape of the exporter on a fixture host: status, content type, raw body, and the body as the golden holds it. */
export async function scrapeFixture(t: Teardown, host: string) {
  const exporter = await startExporter(t, host);
  const { status, body, contentType } = await exporter.scrape();
  return { exporter, status, body, contentType, golden: normalizeExposition(body) };
}
