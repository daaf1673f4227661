// The two programs as processes: what each does with process (stdout errors, exit code, the heap flag) around
// its CLI function. The npm entries (bin/sriov-check.ts, bin/sriov-exporter.ts) and the single executable
// (bin/single-executable.ts) all start the programs through these.

//
// Each program's CLI is imported when that program starts: sriov-check never compiles fastify and prom-client,
// the exporter never compiles the check CLI's plan and diff code (module compilation is most of a check run).

import * as v8 from 'node:v8';
import { internalErrorText } from '../user-error.js';

export async function checkProgram(args: readonly string[]): Promise<void> {
  // A closed pipe (`sriov-check | head`) is not an error worth a stack trace.
  process.stdout.on('error', () => undefined);
  const { runCheckCli } = await import('./check-main.js');
  process.exitCode = await runCheckCli(args, { stdout: process.stdout, stderr: process.stderr, env: process.env });
}

export async function exporterProgram(args: readonly string[]): Promise<void> {
  // A scrape of a large host leaves megabytes of short-lived garbage; V8's default growth lets the old
  // generation swell to several times the live heap before a full collection (at 1,024 VFs: RSS 140–190 MiB
  // for a 14 MiB live heap, scraped back to back). Growing it by 10% instead keeps RSS near 115 MiB at no
  // measured cost in scrape time (docs/performance.md); V8 reads it at each collection, so setting it here works.
  v8.setFlagsFromString('--heap-growing-percent=10');
  process.stdout.on('error', () => undefined);
  try {
    const { runExporterCli } = await import('./exporter-main.js');
    const code = await runExporterCli(args, { stdout: process.stdout, stderr: process.stderr, env: process.env }, process);
    // Explicit: an ethtool still running after close must not hold the exit (stdout/stderr pipes are synchronous on Linux).
    process.exit(code);
  } catch (error) {
    process.stderr.write(internalErrorText('sriov-exporter', error, process.env));
    process.exit(2);
  }
}
