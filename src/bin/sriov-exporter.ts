#!/usr/bin/env node
// Entry point of sriov-exporter: the only place that touches process for it.
import { runExporterCli } from '../cli/exporter-main.js';

process.stdout.on('error', () => undefined);
try {
  const code = await runExporterCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }, process);
  // Explicit: an ethtool still running after close must not hold the exit (stdout/stderr pipes are synchronous on Linux).
  process.exit(code);
} catch (error) {
  // A bug: one line for the person, the stack only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sriov-exporter: internal error: ${message} (please report it; SRIOV_DEBUG=1 shows the stack)\n`);
  if (process.env.SRIOV_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exit(2);
}
