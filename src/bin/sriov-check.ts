#!/usr/bin/env node
// Entry point of sriov-check: the only place that touches process for it.
import { runCheckCli } from '../cli/check-main.js';

// A closed pipe (`sriov-check | head`) is not an error worth a stack trace.
process.stdout.on('error', () => undefined);
process.exitCode = await runCheckCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
