// The check catalog as markdown, generated from the check table (shared by scripts/build-check-docs.ts and
// the test that keeps docs/checks.md in sync with the code).

import { CHECKS } from '../../src/checks/check-table.js';
import { HYPERV_CHECKS, type HypervScope } from '../../src/hyperv/hyperv-checks.js';
import { LAYERS } from '../../src/checks/check-types.js';
import { CHECK_FLAGS } from '../../src/cli/check-options.js';
import { DIFF_FLAGS } from '../../src/cli/diff-main.js';
import { EXPORTER_FLAGS } from '../../src/cli/exporter-options.js';
import { REMEDIATIONS, SHARED_REMEDIES, type RemedyCode } from '../../src/checks/remediations.js';
import type { FlagRow } from '../../src/cli/flag-table.js';

export const BEGIN = '<!-- BEGIN GENERATED CHECK CATALOG: npm run docs -->';
export const END = '<!-- END GENERATED CHECK CATALOG -->';
export const REMEDIES_BEGIN = '<!-- BEGIN GENERATED REMEDIATIONS: npm run docs -->';
export const REMEDIES_END = '<!-- END GENERATED REMEDIATIONS -->';

const LAYER_TITLES: Record<string, string> = { nic: 'NIC', firmware: 'Firmware / BIOS', hypervisor: 'Hypervisor' };

/** A table cell: pipes escaped, and `<pf>`-style placeholders kept visible outside code spans. */
const cell = (text: string) =>
  text
    .split('`')
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, '&lt;').replace(/>/g, '&gt;') : part))
    .join('`')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

export function renderCheckCatalog(): string {
  const out: string[] = [];
  for (const layer of LAYERS) {
    const rows = CHECKS.filter((c) => c.layer === layer);
    if (rows.length === 0) continue;
    out.push(`### ${LAYER_TITLES[layer]} layer`, '');
    out.push('| id | scope | question | reads | fix | needs |', '|---|---|---|---|---|---|');
    for (const c of rows) {
      const needs = (c.requires ?? []).map((r) => `\`${r}\``).join(', ');
      const scope = c.scope === 'host' ? 'host' : `each ${c.appliesTo?.text ?? 'PF'}`;
      out.push(`| <a id="${c.id}"></a>\`${c.id}\` | ${scope} | ${cell(c.title)} | ${cell(c.reads)} | ${cell(c.fix)} | ${needs} |`);
    }
    out.push('');
  }
  const platforms = [
    { platform: 'windows', title: 'Windows Hyper-V host (`--hyperv-json`, or live on Windows)' },
    { platform: 'linux-guest', title: 'Linux guest on Hyper-V / Azure (Accelerated Networking)' },
  ] as const;
  for (const { platform, title } of platforms) {
    out.push(`### ${title}`, '', '| id | layer | scope | question | reads | fix |', '|---|---|---|---|---|---|');
    for (const c of HYPERV_CHECKS.filter((row) => row.platform === platform)) {
      // An id the Linux host has too is anchored in its Linux row.
      const anchor = 'sharedWithLinux' in c ? '' : `<a id="${c.id}"></a>`;
      out.push(`| ${anchor}\`${c.id}\` | ${c.layer} | ${HYPERV_SCOPE_TEXT[c.scope]} | ${cell(c.title)} | ${cell(c.reads)} | ${cell(c.fix)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

const HYPERV_SCOPE_TEXT: Record<HypervScope, string> = {
  host: 'host',
  adapter: 'each SR-IOV adapter',
  switch: 'each external switch',
  'vm-adapter': 'each adapter of the `--vm` VM',
  'guest-nic': 'each synthetic NIC',
};

/** A catalog text as docs show it: `{{name}}` as `<name>`, an optional `[[part]]` as `[part]`. */
export function remedyText(code: RemedyCode): string {
  return REMEDIATIONS[code].replace(/\{\{(\w+)\}\}/g, '<$1>').replace(/\[\[(.*?)\]\]/g, '[$1]');
}

/** The remediation catalog as markdown: the shared codes, then each check's own, in table order. */
export function renderRemediations(): string {
  const table = (codes: readonly RemedyCode[]) => ['| code | remediation |', '|---|---|', ...codes.map((code) => `| \`${code}\` | ${cell(remedyText(code))} |`), ''];
  const out = ['### Any check', '', ...table(SHARED_REMEDIES)];
  for (const c of CHECKS) {
    if (c.remedies.length > 0) out.push(`### [\`${c.id}\`](#${c.id})`, '', ...table(c.remedies));
  }
  return out.join('\n');
}

export function replaceGenerated(doc: string, generated: string): string {
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error('docs/checks.md lacks the generated-catalog markers');
  return `${doc.slice(0, start + BEGIN.length)}\n\n${generated}\n${doc.slice(end)}`;
}

/** Check ids named anywhere in a markdown text as `layer.area.name`. */
export function checkIdsIn(doc: string): string[] {
  return [...doc.matchAll(/`((?:nic|firmware|hypervisor)\.[a-z0-9-]+\.[a-z0-9-]+)`/g)].map((m) => m[1] as string);
}

export const FLAGS_BEGIN = '<!-- BEGIN GENERATED FLAGS: npm run docs -->';
export const FLAGS_END = '<!-- END GENERATED FLAGS -->';


/** The command lines whose flags README.md lists. */
export const DOCUMENTED_PROGRAMS: readonly { readonly name: string; readonly flags: readonly FlagRow[] }[] = [
  { name: 'sriov-check', flags: CHECK_FLAGS },
  { name: 'sriov-check diff', flags: DIFF_FLAGS },
  { name: 'sriov-exporter', flags: EXPORTER_FLAGS },
];

/** Both programs' flag tables as markdown (README's "Command-line flags"). */
export function renderFlagTables(programs: readonly { readonly name: string; readonly flags: readonly FlagRow[] }[]): string {
  const out: string[] = [];
  for (const program of programs) {
    out.push(`### ${program.name}`, '', '| flag | meaning |', '|---|---|');
    for (const f of program.flags) {
      const negatable = f.negatable ? '[no-]' : '';
      // A pipe inside a code span still splits a table row in GitHub markdown: escape it there too.
      const flag = `--${negatable}${f.name}${f.value ? ` ${f.value}` : ''}`.replace(/\|/g, '\\|');
      out.push(`| \`${flag}\` | ${cell(f.help)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export function replaceBetween(doc: string, begin: string, end: string, generated: string): string {
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`markers ${begin} … ${end} not found`);
  return `${doc.slice(0, start + begin.length)}\n\n${generated}\n${doc.slice(stop)}`;
}
