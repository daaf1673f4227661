// Text renderer: one line per check, the fix under every non-pass line, a table of PFs, and a closing
// verdict with the next steps in the order to take them. Colour only when asked (a TTY without NO_COLOR).

import { styleText } from 'node:util';
import { LAYERS, type Finding, type Status } from '../checks/check-types.js';
import { plural } from '../checks/outcome.js';
import { isFree, type ConsumerSummary } from '../attribution/consumer-types.js';
import type { SystemInfo } from '../readers/system-reader.js';
import { kernelLogLine } from './kernel-log-sources.js';
import { countedFindings, reportVfs, type Report, type Verdict } from './report.js';

export interface TextOptions {
  readonly color: boolean;
  /** Only non-pass findings. */
  readonly quiet: boolean;
  /** Every VF on a line of its own, rather than a summary per PF. */
  readonly verbose?: boolean;
}

/** Held VFs named per PF in the summary line before `…`. */
const HELD_SHOWN = 4;

type Style = Parameters<typeof styleText>[0];

const STATUS_STYLE: Record<Status, Style> = { pass: 'green', warn: 'yellow', fail: 'red', skip: 'gray', unknown: 'magenta' };
const VERDICT_STYLE: Record<Verdict, Style> = { ready: 'green', degraded: 'yellow', 'not-ready': 'red' };
const LAYER_TITLE: Record<string, string> = { nic: 'NIC', firmware: 'Firmware / BIOS', hypervisor: 'Hypervisor' };

export function renderText(report: Report, options: TextOptions): string {
  // We decide about colour (TTY, NO_COLOR, --color); styleText must not second-guess it against process.stdout.
  const paint = (style: Style, text: string) => (options.color ? styleText(style, text, { validateStream: false }) : text);
  const lines: string[] = [];
  lines.push(...headerLines(report));

  const shown = report.findings.filter((f) => !options.quiet || f.status !== 'pass');
  const subjectWidth = Math.max(4, ...shown.map((f) => f.subject.length));
  const idWidth = Math.max(...shown.map((f) => f.id.length), 10);
  for (const layer of LAYERS) {
    const rows = shown.filter((f) => f.layer === layer);
    if (rows.length === 0) continue;
    lines.push('', paint('bold', LAYER_TITLE[layer] ?? layer));
    for (const f of rows) {
      const status = paint(STATUS_STYLE[f.status], f.status.toUpperCase().padEnd(7));
      lines.push(`  ${status} ${f.id.padEnd(idWidth)}  ${f.subject.padEnd(subjectWidth)}  ${f.summary}`);
      if (f.remediation && f.status !== 'pass' && f.status !== 'skip') {
        lines.push(`  ${' '.repeat(8)}${paint('dim', `fix: ${f.remediation}`)}`);
      }
    }
  }

  if (report.pfs.length > 0) {
    lines.push('', paint('bold', 'PFs'));
    for (const pf of report.pfs) {
      const vfs = `VFs ${pf.vfsEnabled ?? '?'}/${pf.vfsSupported ?? '?'}`;
      const model = pf.model ?? `${pf.vendorId ?? '????'}:${pf.deviceId ?? '????'}`;
      const mark = pf.selected ? '' : ' (not selected)';
      lines.push(`  ${pf.subject.padEnd(subjectWidth)}  ${pf.pciAddress ?? '-'}  ${model}  driver ${pf.driver ?? 'none'}  ${vfs}  ${paint(VERDICT_STYLE[pf.verdict], pf.verdict)}${mark}`);
    }
  }

  lines.push(...vfLines(report, options.verbose === true, paint('bold', 'VFs')));

  lines.push('', `${paint('bold', 'Verdict:')} ${paint(VERDICT_STYLE[report.verdict], report.verdict.toUpperCase())} — ${counts(report.findings)}`);
  const steps = nextSteps(report);
  if (steps.length > 0) {
    lines.push('Next steps:');
    steps.forEach((step, i) => lines.push(`  ${i + 1}. ${step}`));
  } else if (report.verdict === 'ready') {
    lines.push(report.platform === 'linux-guest' ? 'Next steps: none — the accelerated path works.' : 'Next steps: none — VFs can be assigned to VMs.');
  }
  return `${lines.join('\n')}\n`;
}

function headerLines(report: Report): string[] {
  const tool = `${report.tool.name} ${report.tool.version}`;
  const snap = report.snapshot;
  if (snap === undefined) {
    const doc = report.hyperv;
    const from = doc === undefined ? 'unknown source' : doc.live ? 'this host, collected live' : doc.origin === '-' ? 'standard input' : doc.origin;
    const made = doc?.psVersion !== undefined ? `, written by PowerShell ${doc.psVersion}` : '';
    return [`${tool} — Windows Hyper-V host, document from ${from}${made}`, ...(doc?.notes ?? []).map((n) => `note: ${n}`)];
  }
  const release = typeof snap.kernel.release === 'string' ? snap.kernel.release : 'unknown kernel';
  const what = report.platform === 'linux-guest' ? 'Hyper-V/Azure guest' : 'host';
  const where = snap.source.live ? `this ${what}` : `${what} at ${snap.source.rootfs}`;
  return [`${tool} — ${where}, kernel ${release}`, `system: ${systemLine(snap.system)}`, `kernel log: ${kernelLogLine(snap.kernelLog.sources)}`];
}

/** Who holds the VFs: one line per PF (free count, then the holders), or with --verbose one line per VF. */
function vfLines(report: Report, verbose: boolean, title: string): string[] {
  const vfs = reportVfs(report);
  if (vfs.length === 0 || report.snapshot?.consumers === undefined) return [];
  const holder = (c: ConsumerSummary | undefined) => (c === undefined ? 'unknown' : `${c.kind}${c.consumer ? ` ${c.namespace ? `${c.namespace}/` : ''}${c.consumer}` : ''}`);
  const lines = ['', title];
  if (verbose) {
    const width = Math.max(...vfs.map((v) => `${v.pf} vf${v.vf.index}`.length));
    for (const v of vfs) lines.push(`  ${`${v.pf} vf${v.vf.index}`.padEnd(width)}  ${v.vf.address}  ${(v.vf.driver ?? 'no driver').padEnd(9)}  ${holder(v.consumer)}`);
    return lines;
  }
  for (const pf of [...new Set(vfs.map((v) => v.pf))]) {
    const own = vfs.filter((v) => v.pf === pf);
    const free = own.filter((v) => v.consumer !== undefined && isFree(v.consumer.kind)).length;
    const held = own.filter((v) => v.consumer !== undefined && !isFree(v.consumer.kind) && v.consumer.kind !== 'unknown');
    const unknown = own.length - free - held.length;
    const named = held.slice(0, HELD_SHOWN).map((v) => `vf${v.vf.index} ${holder(v.consumer)}`);
    const more = held.length > HELD_SHOWN ? `, … (--verbose lists all)` : '';
    const heldText = held.length > 0 ? `; held: ${named.join(', ')}${more}` : '';
    lines.push(`  ${pf}: ${plural(own.length, 'VF')}, ${free} free${unknown > 0 ? `, ${unknown} unknown` : ''}${heldText}`);
  }
  return lines;
}

function systemLine(s: SystemInfo): string {
  if (!s.consulted) return `not consulted (${s.note ?? 'not the live host'})`;
  const parts = [[s.manufacturer, s.model].filter(Boolean).join(' '), s.biosVersion ? `BIOS ${s.biosVendor ?? ''} ${s.biosVersion}${s.biosReleaseDate ? ` (${s.biosReleaseDate})` : ''}` : ''];
  if (s.virtual) parts.push(`virtual machine${s.virtualHost ? ` on ${s.virtualHost}` : ''}`);
  const text = parts.filter((p) => p.trim()).join(', ');
  return text || (s.note ?? 'no details');
}

function counts(findings: readonly Finding[]): string {
  const n = (status: Status) => findings.filter((f) => f.status === status).length;
  const parts = [`${n('fail')} failed`, plural(n('warn'), 'warning'), `${n('unknown')} unknown`, `${n('pass')} passed`];
  if (n('skip')) parts.push(`${n('skip')} skipped`);
  return parts.join(', ');
}

/** Failures first (the first one is the cause to fix first), then unknowns, then warnings. */
function nextSteps(report: Report): string[] {
  const relevant = countedFindings(report.findings, report.pfs);
  const order: Status[] = ['fail', 'unknown', 'warn'];
  const steps: string[] = [];
  const seen = new Set<string>();
  for (const status of order) {
    for (const f of relevant.filter((x) => x.status === status && x.remediation)) {
      const key = `${f.id}|${f.remediation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      steps.push(`[${f.id}${f.subject === 'host' ? '' : ` ${f.subject}`}] ${f.remediation}`);
    }
  }
  return steps;
}
