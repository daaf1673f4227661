// Whether the exporter's own text formatter (src/exporter/exposition/text-format.ts) earns its place: one
// scrape's samples at 1,024 VFs (16 PFs × 64 VFs, 4 queue pairs each: every family of the metric catalog, with
// the label values a real host has), turned into the exposition text twice — through the sample sinks and our
// formatter, and through prom-client Gauges and Counters and Registry.metrics(), as an exporter built on
// prom-client alone would do at every scrape. Both outputs are compared first: they must be the same bytes.
// The two are timed alternately in this one process, so that load from elsewhere falls on both alike.
// Measures and prints; asserts nothing.
//
//   npm run bench:exposition                      (BENCH_ROUNDS=N rounds of each, default 40)

import { Counter, Gauge, Registry, type RegistryContentType } from 'prom-client';
import { OPENMETRICS_TEXT, PROMETHEUS_TEXT, type ContentType } from '../src/exporter/exposition/content-type.js';
import { renderExposition } from '../src/exporter/exposition/exposition.js';
import { METRIC_FAMILIES, VF_LABELS, type FamilyOwner, type MetricFamily } from '../src/exporter/exposition/metric-catalog.js';
import { SampleSink, vfLabels } from '../src/exporter/exposition/sample-sink.js';
import { VFS_PER_PF } from './support/bench-host.js';
import { machineLine } from './support/scrape-table.js';
import { fixed, quantile } from './support/stats.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
const PFS = 16;
const QUEUES = 4;

interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Label values as a host gives them: netdev names, PCI addresses, MACs, queue numbers. */
function labelValue(label: string, pf: number, vf: number, queue: number): string {
  const bus = (0x3b + pf).toString(16);
  switch (label) {
    case 'pf':
    case 'subject':
      return `ens${pf + 1}f0`;
    case 'vf':
      return `${vf}`;
    case 'pci_address':
      return `0000:${bus}:${(2 + (vf >> 3)).toString(16).padStart(2, '0')}.${vf & 7}`;
    case 'mac':
      return `52:54:00:${pf.toString(16).padStart(2, '0')}:${(vf >> 8).toString(16).padStart(2, '0')}:${(vf & 255).toString(16).padStart(2, '0')}`;
    case 'queue':
      return `${queue}`;
    case 'direction':
      return queue % 2 === 0 ? 'rx' : 'tx';
    case 'source':
      return 'netlink';
    case 'driver':
      return 'iavf';
    case 'netdev':
      return `ens${pf + 1}f0v${vf}`;
    case 'vendor':
      return 'Intel Corporation';
    case 'model':
      return 'Ethernet Controller E810-XXV for SFP';
    default:
      return `${label}-${vf}`;
  }
}

/** One scrape's samples of a family: per VF (and per queue), per PF, or a few host-wide ones. */
function samplesOf(family: MetricFamily): Sample[] {
  const perVf = family.labels[0] === 'pf' && family.labels[1] === 'vf';
  const perPf = family.labels[0] === 'pf' && !perVf;
  const queues = family.labels.includes('queue') ? QUEUES : family.labels.includes('direction') ? 2 : 1;
  const samples: Sample[] = [];
  const pfs = perVf || perPf ? PFS : 1;
  const vfs = perVf ? VFS_PER_PF : 1;
  for (let pf = 0; pf < pfs; pf++) {
    for (let vf = 0; vf < vfs; vf++) {
      for (let queue = 0; queue < queues; queue++) {
        const labels = Object.fromEntries(family.labels.map((l) => [l, labelValue(l, pf, vf, queue)]));
        samples.push({ labels, value: family.type === 'counter' ? 1_234_567_890 + vf * 1000 + queue : 1 });
      }
    }
  }
  return samples;
}

const FAMILIES = METRIC_FAMILIES.map((family) => ({ family, samples: samplesOf(family) }));
const SAMPLES = FAMILIES.reduce((n, f) => n + f.samples.length, 0);

/** Ours: the sample sinks' emitters, then the formatter. */
function ours(contentType: ContentType): string {
  const sinks = new Map<FamilyOwner, SampleSink>();
  for (const { family, samples } of FAMILIES) {
    let sink = sinks.get(family.owner);
    if (sink === undefined) sinks.set(family.owner, (sink = new SampleSink(family.owner)));
    if (family.labels[1] === 'vf') {
      const emit = sink.vfEmitter(family as MetricFamily<readonly ['pf', 'vf', 'pci_address', ...string[]]>);
      for (const { labels, value } of samples) {
        const { pf, vf, pci_address: address, ...rest } = labels as Record<string, string>;
        emit(vfLabels(pf as string, vf as string, address as string), rest, value);
      }
    } else {
      const emit = sink.emitter(family);
      for (const { labels, value } of samples) emit(labels, value);
    }
  }
  return renderExposition([...sinks.values()], [], contentType);
}

/** prom-client's: a Gauge or Counter per family, set or incremented per sample. */
function promClientRegistry(contentType: ContentType): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(contentType as RegistryContentType);
  for (const { family, samples } of FAMILIES) {
    const config = { name: family.name, help: family.help, labelNames: family.labels, registers: [registry] };
    if (family.type === 'counter') {
      const counter = new Counter(config);
      for (const { labels, value } of samples) counter.inc(labels, value);
    } else {
      const gauge = new Gauge(config);
      for (const { labels, value } of samples) gauge.set(labels, value);
    }
  }
  return registry;
}

console.log('## Exposition text at 1,024 VFs (`npm run bench:exposition`)\n');
console.log(machineLine('exposition benchmark'));
console.log(`\nOne scrape's samples of every family of the metric catalog: ${PFS} PFs × ${VFS_PER_PF} VFs (${VF_LABELS.join(', ')} first), ${QUEUES} queues per VF; ${SAMPLES.toLocaleString('en-US')} samples. ${ROUNDS} rounds of each, alternating, in one process.\n`);
// "ours" is the whole path from samples to text; "prom-client" likewise (set, then metrics()); "metrics() alone"
// is prom-client's formatter on a registry filled beforehand — what replacing only our formatter would cost.
console.log('| format | bytes | ours: median ms | p90 | prom-client: median ms | p90 | ÷ ours | metrics() alone: median ms | p90 | ÷ ours |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const contentType of [PROMETHEUS_TEXT, OPENMETRICS_TEXT] as const) {
  const mine = ours(contentType);
  const theirs = await promClientRegistry(contentType).metrics();
  if (mine !== theirs) throw new Error(`the two outputs differ (${contentType}): the comparison would mean nothing`);
  const times = { ours: [] as number[], prom: [] as number[], format: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    ours(contentType);
    times.ours.push(performance.now() - started);
    started = performance.now();
    const registry = promClientRegistry(contentType);
    const filled = performance.now();
    await registry.metrics();
    const ended = performance.now();
    times.prom.push(ended - started);
    times.format.push(ended - filled);
  }
  const [o, p, f] = [quantile(times.ours, 0.5), quantile(times.prom, 0.5), quantile(times.format, 0.5)];
  const name = contentType === PROMETHEUS_TEXT ? 'Prometheus text 0.0.4' : 'OpenMetrics 1.0.0';
  console.log(
    `| ${name} | ${Buffer.byteLength(mine).toLocaleString('en-US')} | ${fixed(o)} | ${fixed(quantile(times.ours, 0.9))} | ${fixed(p)} | ${fixed(quantile(times.prom, 0.9))} | ${fixed(p / o)}` +
      ` | ${fixed(f)} | ${fixed(quantile(times.format, 0.9))} | ${fixed(f / o)} |`,
  );
}
