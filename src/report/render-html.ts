// The readiness page (`--output html`, and the exporter's GET /): verdict first, then the PFs, the checks to act
// on with their fixes, the VFs, and — in the exporter — collector health. One self-contained document: inline
// CSS, no scripts, no fonts or images from elsewhere (hosts are often air-gapped). Plain headings, lists and
// tables, so that it reads in lynx or w3m and on a phone; every status is a word, colour only repeats it.
// Every string from the host or a tenant (names, summaries, fixes) is escaped.

import type { Status } from '../checks/check-types.js';
import { plural } from '../checks/outcome.js';
import { escapeHtml as esc } from './markup-escape.js';
import type { Verdict } from './report.js';
import { actionable, type CheckRow, type PfRow, type ReportView, type VfRow } from './report-view.js';

export interface CollectorHealth {
  readonly name: string;
  readonly state: 'ok' | 'failed' | 'disabled' | 'not scraped yet';
  /** Why it failed. */
  readonly detail?: string;
  readonly durationSeconds?: number;
  readonly help: string;
}

export interface PageInput {
  /** Absent while the checks have not run yet (the exporter before its first readiness run). */
  readonly view?: ReportView;
  /** Why there is no view. */
  readonly pending?: string;
  /** When the checks ran. */
  readonly checkedAt?: Date;
  /** The exporter's collectors, for its page. */
  readonly collectors?: readonly CollectorHealth[];
  /** A line under the heading (the exporter says what it is). */
  readonly intro?: string;
  /** Links to show under the heading (the exporter's endpoints). */
  readonly links?: readonly { readonly href: string; readonly label: string }[];
}

const VERDICT_WORD: Record<Verdict, string> = { ready: 'READY', degraded: 'DEGRADED', 'not-ready': 'NOT READY' };

const CSS = [
  ':root{color-scheme:light dark}',
  'body{font-family:system-ui,sans-serif;line-height:1.45;margin:0 auto;max-width:72rem;padding:0 1rem 2rem}',
  'h1{font-size:1.4rem;margin:1rem 0 .25rem}h2{font-size:1.15rem;margin-top:1.75rem;border-bottom:1px solid #8884}',
  '.verdict{font-size:1.2rem;padding:.6rem .8rem;border-radius:.4rem;border:2px solid}',
  '.v-ready{border-color:#1a7f37;background:#1a7f3722}.v-degraded{border-color:#9a6700;background:#9a670022}.v-not-ready{border-color:#cf222e;background:#cf222e22}',
  '.s-fail{color:#cf222e}.s-warn{color:#9a6700}.s-unknown{color:#8250df}.s-pass{color:#1a7f37}.s-skip{color:#6e7781}',
  '.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.92rem}th,td{border:1px solid #8886;padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}',
  'td.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.9em;overflow-wrap:anywhere}td code{white-space:nowrap}',
  // On a narrow screen each row of a wide table becomes a card of "label: value" lines (labels from data-label).
  '@media (max-width:40rem){table.cards thead{display:none}table.cards tr{display:block;border:1px solid #8886;margin-bottom:.5rem}' +
    'table.cards td,table.cards th{display:block;border:none;text-align:left;padding:.1rem .5rem}table.cards td::before{content:attr(data-label) ": ";font-weight:600}}',
  'ol.problems{padding-left:1.4rem}ol.problems li{margin-bottom:.8rem}.fix{margin:.2rem 0 0}',
  '.muted{color:#6e7781}',
].join('\n');

/** Text with `code spans` (as fixes are written) as <code>; everything escaped. */
function rich(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

const statusWord = (status: Status) => `<strong class="s-${status}">${status.toUpperCase()}</strong>`;
const verdictText = (verdict: Verdict) => `<strong class="s-${verdict === 'ready' ? 'pass' : verdict === 'degraded' ? 'warn' : 'fail'}">${VERDICT_WORD[verdict]}</strong>`;
const num = (value: number | undefined) => (value === undefined ? 'unknown' : String(value));
/** numa_node is -1 when the firmware gives no proximity: unknown, not a node. */
const numa = (value: number | undefined) => (value === undefined || value < 0 ? 'unknown' : String(value));

/** A table whose rows become cards on a phone: a header row, then rows of [html, numeric?] cells under the same labels. */
function cardTable(labels: readonly string[], rows: readonly (readonly (readonly [string, boolean?])[])[]): string[] {
  const head = `<thead><tr>${labels.map((l) => `<th scope="col">${esc(l)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((cells) => {
    const [first, ...rest] = cells;
    const th = `<th scope="row">${first?.[0] ?? ''}</th>`;
    return `<tr>${th}${rest.map(([html, numeric], i) => `<td${numeric ? ' class="n"' : ''} data-label="${esc(labels[i + 1] ?? '')}">${html}</td>`).join('')}</tr>`;
  });
  return ['<div class="scroll"><table class="cards">', head, '<tbody>', ...body, '</tbody></table></div>'];
}

function counts(checks: readonly CheckRow[]): string {
  const n = (status: Status) => checks.filter((c) => c.status === status).length;
  return [`${n('fail')} failed`, plural(n('warn'), 'warning'), `${n('unknown')} unknown`, `${n('pass')} passed`, `${n('skip')} skipped`].join(', ');
}

function linkText(pf: PfRow): string {
  if (pf.linkUp === undefined) return 'unknown';
  if (!pf.linkUp) return 'down';
  return pf.speedMbps !== undefined ? `up, ${pf.speedMbps >= 1000 ? `${pf.speedMbps / 1000} Gb/s` : `${pf.speedMbps} Mb/s`}` : 'up';
}

function pfSection(view: ReportView): string[] {
  const out = ['<section id="pfs">', `<h2>Physical functions (${view.pfs.length})</h2>`];
  if (view.pfs.length === 0) return [...out, '<p>No SR-IOV capable physical function was found.</p>', '</section>'];
  if (!view.consumersKnown) out.push('<p class="muted">Free VFs are unknown: who holds each VF was not read.</p>');
  const rows = view.pfs.map((pf) => [
    [`${esc(pf.subject)}${pf.selected ? '' : ' <span class="muted">(not selected)</span>'}`],
    [`<code>${esc(pf.pciAddress)}</code>`],
    [esc(pf.model ?? `${pf.vendorId ?? '????'}:${pf.deviceId ?? '????'}`)],
    [esc(pf.driver ?? 'none')],
    [num(pf.vfsEnabled), true],
    [num(pf.vfsSupported), true],
    [num(pf.vfsFree), true],
    [esc(linkText(pf))],
    [numa(pf.numaNode), true],
    [verdictText(pf.verdict)],
  ] as const);
  out.push(...cardTable(['PF', 'PCI address', 'model', 'driver', 'VFs enabled', 'VFs supported', 'VFs free', 'link', 'NUMA node', 'verdict'], rows));
  return [...out, '</section>'];
}

function problemsSection(view: ReportView): string[] {
  const problems = actionable(view.checks);
  const out = ['<section id="checks">', `<h2>Checks to act on (${problems.length})</h2>`];
  if (problems.length === 0) out.push('<p>None: every check passed or did not apply.</p>');
  else {
    out.push('<ol class="problems">');
    for (const c of problems) {
      const subject = c.subject === 'host' ? 'host' : esc(c.subject);
      out.push(
        `<li id="${esc(`check-${c.id}-${c.subject}`)}">${statusWord(c.status)} <code>${esc(c.id)}</code> on ${subject} — ${esc(c.title)}` +
          `<p class="fix">${rich(c.summary)}</p>${c.remediation ? `<p class="fix"><strong>Fix:</strong> ${rich(c.remediation)}</p>` : ''}</li>`,
      );
    }
    out.push('</ol>');
  }
  out.push(
    '<details><summary>All checks</summary><div class="scroll"><table>',
    '<thead><tr><th scope="col">status</th><th scope="col">check</th><th scope="col">subject</th><th scope="col">summary</th></tr></thead><tbody>',
    ...view.checks.map((c) => `<tr><td>${statusWord(c.status)}</td><td><code>${esc(c.id)}</code></td><td>${esc(c.subject)}</td><td>${rich(c.summary)}</td></tr>`),
    '</tbody></table></div></details>',
    '</section>',
  );
  return out;
}

function holder(vf: VfRow, known: boolean): string {
  if (!vf.consumer) return known ? 'unknown' : 'unknown (not read)';
  const { kind, name, namespace } = vf.consumer;
  if (kind === 'none') return 'free';
  const who = [namespace, name].filter(Boolean).join('/');
  return who ? `${kind} ${who}` : kind;
}

function vfSection(view: ReportView): string[] {
  const out = ['<section id="vfs">', `<h2>Virtual functions (${view.vfs.length})</h2>`];
  if (view.vfs.length === 0) return [...out, '<p>No VFs are enabled.</p>', '</section>'];
  const rows = view.vfs.map((vf) => [
    [esc(`${vf.pf} VF ${vf.index}`)],
    [`<code>${esc(vf.pciAddress)}</code>`],
    [esc(vf.driver ?? 'none')],
    [esc(vf.netdev ?? '—')],
    [esc(vf.iommuGroup ?? 'none'), true],
    [numa(vf.numaNode), true],
    [esc(holder(vf, view.consumersKnown))],
  ] as const);
  out.push(...cardTable(['VF', 'PCI address', 'driver', 'host netdev', 'IOMMU group', 'NUMA node', 'held by'], rows), '</section>');
  return out;
}

function collectorSection(collectors: readonly CollectorHealth[]): string[] {
  return [
    '<section id="collectors">',
    '<h2>Collectors (last scrape)</h2>',
    '<div class="scroll"><table>',
    '<thead><tr><th scope="col">collector</th><th scope="col">status</th><th scope="col">duration</th><th scope="col">what it collects</th></tr></thead><tbody>',
    ...collectors.map((c) => {
      const state = c.state === 'failed' ? `<strong class="s-fail">FAILED</strong>${c.detail ? `: ${esc(c.detail)}` : ''}` : c.state === 'ok' ? '<strong class="s-pass">OK</strong>' : esc(c.state);
      const duration = c.durationSeconds !== undefined ? `${(c.durationSeconds * 1000).toFixed(1)} ms` : '';
      return `<tr><td><code>${esc(c.name)}</code></td><td>${state}</td><td class="n">${duration}</td><td>${esc(c.help)}</td></tr>`;
    }),
    '</tbody></table></div>',
    '</section>',
  ];
}

export function renderHtml(input: PageInput): string {
  const view = input.view;
  const title = view ? `SR-IOV readiness: ${VERDICT_WORD[view.verdict]} — ${view.host}` : 'SR-IOV readiness';
  const body: string[] = [`<h1>SR-IOV readiness${view ? ` of ${esc(view.host)}` : ''}</h1>`];
  if (input.intro) body.push(`<p>${esc(input.intro)}</p>`);
  if (view) {
    body.push(
      `<p id="verdict" class="verdict v-${view.verdict}">Verdict: ${verdictText(view.verdict)} — ${counts(view.checks)}</p>`,
      `<p class="muted">${esc(view.tool.name)} ${esc(view.tool.version)}, kernel ${esc(view.kernelRelease ?? 'unknown')}, IOMMU ${view.iommu}` +
        `${view.vfsRequired !== undefined ? `, ${view.vfsRequired} VFs required per PF` : ''}${input.checkedAt ? `, checked ${esc(input.checkedAt.toISOString())}` : ''}</p>`,
    );
  } else {
    body.push(`<p id="verdict" class="verdict">Verdict: <strong>NOT KNOWN YET</strong> — ${esc(input.pending ?? 'the checks have not run')}</p>`);
  }
  if (input.links && input.links.length > 0) body.push(`<ul>${input.links.map((l) => `<li><a href="${esc(l.href)}">${esc(l.href)}</a> — ${esc(l.label)}</li>`).join('')}</ul>`);
  if (view) body.push(...pfSection(view), ...problemsSection(view), ...vfSection(view));
  if (input.collectors) body.push(...collectorSection(input.collectors));
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
