// `sriov-check diff OLD NEW`: compare two readings of a host, each a JSON report (--output json, GET /readiness)
// or a snapshot (--save-snapshot). Exit 0 when nothing regressed, 1 when something did, 2 when a file is
// missing or neither kind.

import * as fs from 'node:fs';
import { diffReports, renderDiffJson, renderDiffText, type DiffSide } from '../report/report-diff.js';
import { isJsonReport, listsVfs, viewFromJsonReport } from '../report/report-from-json.js';
import { viewReport } from '../report/report-view.js';
import { parseSnapshot } from '../snapshot/snapshot-file.js';
import { SNAPSHOT_FORMAT } from '../snapshot/snapshot-types.js';
import { UserError, internalErrorText } from '../user-error.js';
import { runPreflight } from '../preflight/run-preflight.js';
import { EXIT_CANNOT_RUN, EXIT_NOT_READY, EXIT_READY, type CliIo } from './cli-io.js';
import { parseFlags, type FlagRow } from './flag-table.js';
import { UsageError } from './usage-error.js';

export const DIFF_FLAGS: readonly FlagRow[] = [
  { name: 'output', type: 'string', value: 'text|json', help: 'Format of the comparison (default text).' },
  { name: 'help', type: 'boolean', short: 'h', help: 'Show this help.' },
];

const HELP = [
  'Usage: sriov-check diff OLD NEW [--output text|json]',
  '',
  'Compares two readings of a host — JSON reports (sriov-check --output json, the exporter\'s /readiness) or',
  'snapshots (--save-snapshot) — and lists checks whose status changed, PFs and VFs that appeared or vanished,',
  'VF counts, drivers and IOMMU groups. Exit codes: 0 nothing regressed, 1 something regressed, 2 could not compare.',
  '',
].join('\n');

export async function runDiffCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const flags = parseFlags(DIFF_FLAGS, argv, true);
    if (flags.values.help === true) {
      io.stdout.write(HELP);
      return EXIT_READY;
    }
    const output = flags.text('output') ?? 'text';
    if (output !== 'text' && output !== 'json') throw new UsageError(`diff --output ${output}: expected text or json`);
    if (flags.positionals.length !== 2) throw new UsageError(`diff needs two files, OLD and NEW (got ${flags.positionals.length})`);
    const [oldFile, newFile] = flags.positionals as [string, string];
    const diff = diffReports(readSide(oldFile), readSide(newFile));
    io.stdout.write(output === 'json' ? renderDiffJson(diff, oldFile, newFile) : renderDiffText(diff, oldFile, newFile));
    return diff.regressed ? EXIT_NOT_READY : EXIT_READY;
  } catch (error) {
    io.stderr.write(error instanceof UserError ? `sriov-check: ${error.message}\n` : internalErrorText('sriov-check', error, io.env));
    return EXIT_CANNOT_RUN;
  }
}

/** A JSON report as it is; a snapshot judged as sriov-check would judge it now (every PF). */
function readSide(file: string): DiffSide {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`diff ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UsageError(`diff ${file}: not JSON (expected a sriov-check JSON report or snapshot)`);
  }
  if (typeof doc === 'object' && doc !== null && (doc as { format?: unknown }).format === SNAPSHOT_FORMAT) {
    return { view: viewReport(runPreflight(parseSnapshot(text, file))), full: true };
  }
  if (isJsonReport(doc)) return { view: viewFromJsonReport(doc, file), full: listsVfs(doc) };
  throw new UsageError(`diff ${file}: neither a sriov-check JSON report nor a snapshot`);
}
