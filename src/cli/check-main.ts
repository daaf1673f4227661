// sriov-check: read a host (or a saved snapshot), run the checks, print the report, return the exit code.
// Returns instead of exiting so that tests can run it in-process; only bin/sriov-check.ts touches process.
// What only some runs need (diff, snapshot files and their schema validator, --plan and its YAML parser) is
// imported where it is used: compiling modules is most of a check run's time.

import * as fs from 'node:fs';
import { HostFs } from '../host/host-fs.js';
import { runPreflight } from '../preflight/run-preflight.js';
import type { Report, Verdict } from '../report/report.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';
import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { EXIT_CANNOT_RUN, EXIT_NOT_READY, EXIT_READY, type CliIo } from './cli-io.js';
import { checkHelp, parseCheckArgs, type CheckCliOptions } from './check-options.js';
import { renderCheckOutput } from './check-output.js';
import type { PlanOutcome, PlanResult } from '../plan/plan-result.js';
import { writeOutputFile } from './output-file.js';
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
    const snapshot = options.snapshot !== undefined ? (await import('../snapshot/snapshot-file.js')).readSnapshotFile(options.snapshot) : await readHost(options, version);
    if (options.saveSnapshot !== undefined) (await import('../snapshot/snapshot-file.js')).writeSnapshotFile(options.saveSnapshot, snapshot);
    const report = runPreflight(snapshot, { pfs: options.pfs, ...(options.vfs !== undefined ? { vfs: options.vfs } : {}) });
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

/** A file named on the command line that cannot be read is a mistake in the command. */
function assertReadableFile(file: string, flag: string): void {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new UsageError(`${flag} ${file}: a directory, not a file`);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
}

function useColor(options: CheckCliOptions, io: CliIo): boolean {
  // NO_COLOR (no-color.org: set and not empty) wins over everything, --color=always included.
  if (io.env.NO_COLOR) return false;
  if (options.color !== 'auto') return options.color === 'always';
  return Boolean(io.stdout.isTTY) && io.env.TERM !== 'dumb';
}
