// A readiness run on a Windows Hyper-V host: get the collector document — scripts/collect-hyperv.ps1 through
// powershell.exe, as sriov-check runs it, or the file of --hyperv-json (written by a scheduled task), read again
// at every run — judge it with the Hyper-V checks, and keep it for the hyperv_host collector's inventory. The
// readiness runner calls it in the background, never a scrape. A run that fails throws: the runner keeps the
// previous result and reports the failure, and the previous document stays served with its collection time.

import { readFile } from 'node:fs/promises';
import { describeIssue, isIssue } from '../../fact.js';
import { decodeDocumentBytes, parseHypervDocument, type HypervDocument } from '../../parse/hyperv-document.js';
import { runHypervPreflight } from '../../preflight/run-hyperv-preflight.js';
import { collectHypervDocument, POWERSHELL } from '../../readers/hyperv-collector.js';
import { errorText } from '../../user-error.js';
import { readinessOutcome } from './readiness-outcome.js';
import type { ReadinessOutcome } from './readiness-run.js';

export interface HypervReadinessOptions {
  readonly version: string;
  /** --hyperv-json: read this file instead of running the collector. */
  readonly file?: string;
  /** Environment of powershell.exe (its PATH finds it). */
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  /** Aborted when the server closes: a collector still running is killed. */
  readonly signal: AbortSignal;
  readonly now: () => number;
}

/** The document of the last successful run. */
export interface CollectedDocument {
  readonly document: HypervDocument;
  /** When it was collected, or its file read (ms since the epoch). */
  readonly collectedAt: number;
}

export class HypervReadiness {
  private current?: CollectedDocument;

  constructor(private readonly options: HypervReadinessOptions) {}

  get latest(): CollectedDocument | undefined {
    return this.current;
  }

  /** One run: the document, then its judgement — the host, its SR-IOV adapters and its external switches. */
  async run(): Promise<ReadinessOutcome> {
    const { file, version, now } = this.options;
    const document = file === undefined ? await this.collect() : await readDocument(file);
    this.current = { document, collectedAt: now() };
    // No --vm: a VM that asks for no VF is a choice, not a fault of the host; every VM adapter is in the inventory.
    const report = runHypervPreflight(document, { tool: { name: 'sriov-exporter', version }, origin: file ?? POWERSHELL, live: file === undefined });
    return readinessOutcome(report);
  }

  private async collect(): Promise<HypervDocument> {
    const { env, timeoutMs, signal } = this.options;
    const collected = await collectHypervDocument({ signal, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(env ? { env } : {}) });
    if (isIssue(collected)) throw new Error(`could not collect the Hyper-V host's document: ${describeIssue(collected)}`);
    return collected;
  }
}

async function readDocument(file: string): Promise<HypervDocument> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new Error(`--hyperv-json ${file}: ${(error as NodeJS.ErrnoException).code ?? errorText(error)}`, { cause: error });
  }
  const parsed = parseHypervDocument(decodeDocumentBytes(bytes));
  if (!parsed.ok) throw new Error(`--hyperv-json ${file}: ${parsed.error}`);
  return parsed.document;
}
