// The check catalog as markdown, generated from the check table (shared by scripts/build-check-docs.ts and
// the test that keeps docs/checks.md in sync with the code).

import { CHECKS } from '../../src/checks/check-table.js';
import { LAYERS } from '../../src/checks/check-types.js';

export const BEGIN = '<!-- BEGIN GENERATED CHECK CATALOG: npm run docs -->';
export const END = '<!-- END GENERATED CHECK CATALOG -->';

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
      out.push(`| <a id="${c.id}"></a>\`${c.id}\` | ${c.scope === 'host' ? 'host' : 'each PF'} | ${cell(c.title)} | ${cell(c.reads)} | ${cell(c.fix)} | ${needs} |`);
    }
    out.push('');
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
