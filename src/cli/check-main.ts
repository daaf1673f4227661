// sriov-check: read a host (or a saved snapshot), run the checks, print the report, return the exit code.
// Returns instead of exiting so that tests can run it in-process; only bin/sriov-check.ts touches process.
// What only some runs need (diff, snapshot files and their schema validator, --plan and its YAML parser, a
// Windows Hyper-V document) is imported where it is used: compiling modules is most of a check run's time.

import * as fs from 'node:fs';
import { HostFs } from '../host/host-fs.js';
import { runPreflight } from '../preflight/run-preflight.js';
import type { Report, Verdict } from '../report/report.js';
import { describeIssue, isIssue } from '../fact.js';
import type { HypervDocument } from '../parse/hyperv-document.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { EXIT_CANNOT_RUN, EXIT_NOT_READY, EXIT_READY, type CliIo } from './cli-io.js';
import { checkHelp, parseCheckArgs, type CheckCliOptions } from './check-options.js';
import { renderCheckOutput } from './check-output.js';
import type { PlanOutcome, PlanResult } from '../plan/plan-result.js';
import { writeOutputFile } from './output-file.js';
import { assertReadableFile } from './readable-file.js';
import { checkedRoots } from './root-paths.js';
import { UsageError } from './usage-error.js';
import { readVersion } from './version.js';
import { UserError, internalErrorText } from '../user-error.js';


export async function runCheckCli(argv: readonly string[], io: CliIo): Promise<number> {
  if (argv[0] === 'diff') return (await import('./diff-main.js')).runDiffCli(argv.slice(1), io);
  const version = readVersion();
  try {
    const options = parseCheckArgs(argv);
    if (options.help) {
      io.stdout.write(checkHelp(version));
      return EXIT_READY;
    }
    if (options.version) {
      io.stdout.write(`sriov-check ${version}\n`);
      return EXIT_READY;
    }
    const windows = isWindowsHost(options, io);
    // A plan's policies and workloads are a Linux node's (SriovNetworkNodePolicy, VFs by PCI address).
    if (windows && options.plan !== undefined) throw new UsageError('--plan judges a Linux host: a Windows Hyper-V host has no SR-IOV network policies to fit');
    const report = windows ? await judgeWindowsHost(options, io, version) : await judgeLinux(options, version);
    const plan = options.plan !== undefined ? { result: await judgePlanFile(options.plan, report), file: options.plan } : undefined;
    const color = options.outputFile === undefined && useColor(options, io);
    const text = await renderCheckOutput(report, options, { color, now: new Date(), ...(plan ? { plan } : {}) });
    if (options.outputFile !== undefined) writeOutputFile(options.outputFile, text);
    else io.stdout.write(text);
    return plan ? planExitCode(plan.result.outcome, options.strict) : exitCode(report.verdict, options.strict);
  } catch (error) {
    io.stderr.write(error instanceof UserError ? `sriov-check: ${error.message}\n` : internalErrorText('sriov-check', error, io.env));
    return EXIT_CANNOT_RUN;
  }
}

/** A Windows Hyper-V host: a document given, or sriov-check running on Windows without a snapshot to replay. */
function isWindowsHost(options: CheckCliOptions, io: CliIo): boolean {
  if (options.hypervJson !== undefined) return true;
  if (options.vm !== undefined && (io.platform ?? process.platform) !== 'win32') {
    throw new UsageError('--vm names a VM of a Windows Hyper-V host: give its document with --hyperv-json');
  }
  return (io.platform ?? process.platform) === 'win32' && options.snapshot === undefined;
}

async function judgeLinux(options: CheckCliOptions, version: string): Promise<Report> {
  // Snapshot files (and their schema validator) only when one is read or written.
  const files = options.snapshot !== undefined || options.saveSnapshot !== undefined ? await import('../snapshot/snapshot-file.js') : undefined;
  const snapshot = options.snapshot !== undefined && files ? files.readSnapshotFile(options.snapshot) : await readHost(options, version);
  if (options.saveSnapshot !== undefined && files) files.writeSnapshotFile(options.saveSnapshot, snapshot);
  return runPreflight(snapshot, { pfs: options.pfs, ...(options.vfs !== undefined ? { vfs: options.vfs } : {}) });
}

async function judgeWindowsHost(options: CheckCliOptions, io: CliIo, version: string): Promise<Report> {
  const [{ decodeDocumentBytes, parseHypervDocument }, { runHypervPreflight }, { collectHypervDocument, POWERSHELL }] = await Promise.all([
    import('../parse/hyperv-document.js'),
    import('../preflight/run-hyperv-preflight.js'),
    import('../readers/hyperv-collector.js'),
  ]);
  const file = options.hypervJson;
  let document: HypervDocument;
  let origin: string;
  if (file !== undefined) {
    if (file !== '-') assertReadableFile(file, '--hyperv-json');
    const parsed = parseHypervDocument(decodeDocumentBytes(fs.readFileSync(file === '-' ? 0 : file)));
    if (!parsed.ok) throw new UserError(`--hyperv-json ${file}: ${parsed.error}`);
    document = parsed.document;
    origin = file;
  } else {
    const collected = await collectHypervDocument({ env: { ...io.env } });
    if (isIssue(collected)) throw new UserError(`could not collect the Hyper-V host's document: ${describeIssue(collected)}`);
    document = collected;
    origin = POWERSHELL;
  }
  return runHypervPreflight(document, {
    tool: { name: 'sriov-check', version },
    origin,
    live: file === undefined,
    ...(options.vfs !== undefined ? { vfs: options.vfs } : {}),
    ...(options.vm !== undefined ? { vm: options.vm } : {}),
  });
}

/** With --plan the question is the plan's: 1 when it does not fit (or needs changes, with --strict). */
export function planExitCode(outcome: PlanOutcome, strict: boolean): number {
  if (outcome === 'does-not-fit') return EXIT_NOT_READY;
  if (outcome === 'fits-after-changes' && strict) return EXIT_NOT_READY;
  return EXIT_READY;
}

export function exitCode(verdict: Verdict, strict: boolean): number {
  if (verdict === 'not-ready') return EXIT_NOT_READY;
  if (verdict === 'degraded' && strict) return EXIT_NOT_READY;
  return EXIT_READY;
}

async function readHost(options: CheckCliOptions, version: string): Promise<HostSnapshot> {
  const host = new HostFs(checkedRoots(options));
  if (options.kernelLog !== undefined && options.kernelLog !== '-') assertReadableFile(options.kernelLog, '--kernel-log');
  return takeSnapshot(host, {
    toolName: 'sriov-check',
    toolVersion: version,
    enrichSystem: true,
    consumers: true,
    ...(options.kernelLog !== undefined ? { kernelLog: options.kernelLog } : {}),
  });
}

async function judgePlanFile(file: string, report: Report): Promise<PlanResult> {
  assertReadableFile(file, '--plan');
  const text = fs.readFileSync(file, 'utf8');
  const [{ judgePlan }, { parsePlan }, { viewReport }] = await Promise.all([import('../plan/judge-plan.js'), import('../plan/parse-plan.js'), import('../report/report-view.js')]);
  return judgePlan(parsePlan(file, text), viewReport(report), file);
}

function useColor(options: CheckCliOptions, io: CliIo): boolean {
  // NO_COLOR (no-color.org: set and not empty) wins over everything, --color=always included.
  if (io.env.NO_COLOR) return false;
  if (options.color !== 'auto') return options.color === 'always';
  return Boolean(io.stdout.isTTY) && io.env.TERM !== 'dumb';
}
