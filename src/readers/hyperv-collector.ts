// A Windows Hyper-V host's document, collected live: scripts/collect-hyperv.ps1 run by Windows PowerShell
// (`powershell.exe -NoProfile -NonInteractive`), time-limited, its output read as the document. Used by
// sriov-check on Windows without --hyperv-json, and by the exporter's background collector.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import { type ReadIssue, isIssue, readIssue } from '../fact.js';
import { runCommand } from '../host/run-command.js';
import { decodeDocumentBytes, type HypervDocument, parseHypervDocument } from '../parse/hyperv-document.js';

/** The script's exit code when the Hyper-V PowerShell module is not installed. */
const EXIT_NO_HYPERV = 3;
export const POWERSHELL = 'powershell.exe';
/** Get-ComputerInfo alone takes seconds on a busy host; a hung WMI provider must not hang the run. */
export const COLLECTOR_TIMEOUT_MS = 60_000;

export interface CollectorOptions {
  /** The script; the one shipped beside the program by default. */
  readonly script?: string;
  readonly timeoutMs?: number;
  /** Environment of powershell.exe (its PATH finds it). */
  readonly env?: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

const SCRIPT = 'scripts/collect-hyperv.ps1';

/** How the program was installed: the single executable (and where it is), or the npm package / the sources. */
export interface ProgramPlace {
  readonly sea: boolean;
  readonly execPath: string;
}

/**
 * The shipped script: in the npm package and the sources, scripts/ at the package's root; beside the single
 * executable (the .tar.gz), else /usr/share/sriov-exporter/scripts for the one in /usr/bin (the .deb and .rpm).
 */
export function collectorScript(place: ProgramPlace = { sea: isSea(), execPath: process.execPath }): string {
  if (!place.sea) return fileURLToPath(new URL(`../../${SCRIPT}`, import.meta.url));
  const dir = path.dirname(place.execPath);
  const beside = path.join(dir, SCRIPT);
  return fs.existsSync(beside) ? beside : path.join(dir, '..', 'share', 'sriov-exporter', SCRIPT);
}

export function collectorArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script];
}

/** The document, or a ReadIssue whose path is the command line and whose detail says what to do. */
export async function collectHypervDocument(options: CollectorOptions = {}): Promise<HypervDocument | ReadIssue> {
  const args = collectorArgs(options.script ?? collectorScript());
  const command = [POWERSHELL, ...args].join(' ');
  const output = await runCommand(POWERSHELL, args, {
    timeoutMs: options.timeoutMs ?? COLLECTOR_TIMEOUT_MS,
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (isIssue(output)) return explained(output);
  const parsed = parseHypervDocument(decodeDocumentBytes(Buffer.from(output, 'utf8')));
  return parsed.ok ? parsed.document : readIssue(command, 'EPARSE', parsed.error);
}

function explained(issue: ReadIssue): ReadIssue {
  if (issue.code === 'ENOENT') return { ...issue, detail: `${POWERSHELL} not found on PATH: run this on a Windows Hyper-V host, or pass a document with --hyperv-json` };
  if (issue.code === 'EEXIT' && issue.detail?.startsWith(`exit status ${EXIT_NO_HYPERV}`)) {
    return {
      ...issue,
      code: 'ENOHYPERV',
      detail: 'the Hyper-V PowerShell module is not installed: not a Hyper-V host, or the management tools are missing (Install-WindowsFeature Hyper-V-PowerShell)',
    };
  }
  return issue;
}
