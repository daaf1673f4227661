// docs/metrics.md is the metric contract rules and dashboards are written against: every family the code
// registers is documented with its type and labels, every documented family exists, and the traffic table's
// source columns say what the parsers can really give.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { METRIC_FAMILIES } from '../../src/exporter/exposition/metric-catalog.js';
import { COLLECTORS } from '../../src/exporter/collectors/collector-table.js';
import { TRAFFIC_COUNTERS, TRAFFIC_SOURCES, type TrafficSource } from '../../src/exporter/collectors/traffic-sources.js';
import { VF_STATS_SLOTS } from '../../src/parse/ip-link-json.js';
import { PROC_NET_DEV_SLOTS } from '../../src/parse/proc-net-dev.js';
import { SYSFS_VF_STAT_SLOTS } from '../../src/parse/vf-sysfs-stats.js';
import type { CounterSlot } from '../../src/parse/vf-counters.js';
import { representorSlots } from '../../src/parse/representor-counters.js';
import { REPO } from '../support/run-cli.js';

const doc = fs.readFileSync(path.join(REPO, 'docs/metrics.md'), 'utf8');

interface DocRow {
  readonly name: string;
  readonly type: string;
  readonly labels: readonly string[];
  readonly cells: Readonly<Record<string, string>>;
}

/** Rows of every markdown table whose first column holds one metric name in backticks. */
function documentedFamilies(markdown: string): DocRow[] {
  const rows: DocRow[] = [];
  let header: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      header = undefined;
      continue;
    }
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (header === undefined) {
      header = cells;
      continue;
    }
    const name = /^`(sriov_[a-z0-9_]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name === undefined) continue;
    const cell = (column: string) => cells[header?.indexOf(column) ?? -1] ?? '';
    const labels = cell('labels').replace(/`/g, '').split(',').map((l) => l.trim()).filter((l) => l !== '');
    rows.push({ name, type: cell('type'), labels, cells: Object.fromEntries((header ?? []).map((h, i) => [h, cells[i] ?? ''])) });
  }
  return rows;
}

const documented = documentedFamilies(doc);

t.test('every family in the code is documented with its type and labels', async (t) => {
  for (const family of METRIC_FAMILIES) {
    const row = documented.find((r) => r.name === family.name);
    t.ok(row, `${family.name} is in docs/metrics.md`);
    if (!row) continue;
    t.equal(row.type, family.type, `${family.name}: type`);
    t.strictSame(row.labels, family.labels, `${family.name}: labels, in order`);
  }
});

t.test('every documented family exists, once', async (t) => {
  const names = new Set(METRIC_FAMILIES.map((f) => f.name));
  const seen = new Set<string>();
  for (const row of documented) {
    t.ok(names.has(row.name), `${row.name} (documented) is registered by the code`);
    t.notOk(seen.has(row.name), `${row.name} is documented once`);
    seen.add(row.name);
  }
  t.ok(documented.length >= METRIC_FAMILIES.length, 'the tables were read');
});

t.test('each collector has its section, named as in the collector table', async (t) => {
  for (const collector of COLLECTORS) t.match(doc, new RegExp(`^## .*\\(collector \`${collector.name}\`\\)$`, 'm'), collector.name);
});

t.test('the traffic table says which source can give which counter, as the parsers do', async (t) => {
  const slots: Record<TrafficSource, Readonly<Record<string, CounterSlot>>> = {
    netlink: VF_STATS_SLOTS,
    sysfs: SYSFS_VF_STAT_SLOTS,
    representor: Object.fromEntries(representorSlots().map((slot) => [slot.join(' '), slot])),
    netdev: PROC_NET_DEV_SLOTS,
  };
  t.strictSame(TRAFFIC_COUNTERS.map((c) => c.family.name).sort(), METRIC_FAMILIES.filter((f) => f.owner === 'vf_traffic').map((f) => f.name).sort(), 'every vf_traffic family has a counter slot');
  for (const counter of TRAFFIC_COUNTERS) {
    const row = documented.find((r) => r.name === counter.family.name);
    if (!row) continue;
    for (const source of TRAFFIC_SOURCES) {
      const has = Object.values(slots[source]).some(([direction, kind]) => direction === counter.direction && kind === counter.kind);
      t.equal(row.cells[source] === '✓', has, `${counter.family.name}: ${source} ${has ? 'has' : 'lacks'} it`);
    }
  }
});

t.test('HELP texts need no escaping', async (t) => {
  for (const family of METRIC_FAMILIES) t.notMatch(family.help, /[\\\n"]/, family.name);
});
