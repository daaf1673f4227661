// Where one collector run puts its samples and the problems it met. A collector only reaches families of
// its own (the table says which) and gives label values in the table's order, so a typo or a label in the
// wrong place fails at once in tests instead of producing a series nobody's rules match.
//
// A sample is turned into its exposition line as it is emitted (the line is the same in Prometheus text and
// OpenMetrics; only the family headers differ): a 1,000-VF host has 30,000 samples per scrape, and keeping
// them as label objects or arrays until the end costs more memory than the text itself.
//
// Lines are joined into chunks of CHUNK_LINES lines as they come, each chunk ending in a newline: a line's
// small strings die young instead of piling up until the end of the scrape, and the chunks are written to
// every response that shares this scrape as they are, never joined into one large string. They stay strings
// in the garbage-collected heap on purpose: Buffers would live outside it, and V8 lets many megabytes of
// dead Buffers accumulate before it collects them.

import { type FamilyOwner, type MetricFamily, family } from './metric-families.js';
import { labelText, sampleLine, vfSampleLine } from './exposition-format.js';

/** Adds one sample: label values in the family's label order. */
export type Emit = (labelValues: readonly string[], value: number) => void;

/** The labels every per-VF family starts with, in this order. */
export const VF_LABELS = ['pf', 'vf', 'pci_address'] as const;

/** A VF's `pf`, `vf` and `pci_address` labels, rendered once for all of its samples. */
export interface VfLabels {
  readonly text: string;
}

export function vfLabels(pf: string, vf: string, pciAddress: string): VfLabels {
  return { text: labelText(VF_LABELS, [pf, vf, pciAddress]) };
}

/** Adds one sample of a per-VF family: the VF's labels, then the values of the family's other labels. */
export type EmitForVf = (vf: VfLabels, rest: readonly string[], value: number) => void;

const CHUNK_LINES = 128;

export class SampleSink {
  private readonly byFamily = new Map<MetricFamily, { chunks: string[]; lines: string[] }>();
  private readonly found: string[] = [];

  constructor(readonly owner: FamilyOwner) {}

  /** The emitter for one family of this sink's owner. */
  family(name: string): Emit {
    const { row, add } = this.open(name);
    const line = sampleLine(row);
    return (labelValues, value) => {
      if (labelValues.length !== row.labels.length) throw new Error(`${name}: ${labelValues.length} label values for labels ${row.labels.join(', ')}`);
      add(line(labelValues, value));
    };
  }

  /** The emitter for a family whose labels start with pf, vf, pci_address. */
  vfFamily(name: string): EmitForVf {
    const { row, add } = this.open(name);
    if (VF_LABELS.some((label, i) => row.labels[i] !== label)) throw new Error(`${name}: labels do not start with ${VF_LABELS.join(', ')}`);
    const line = vfSampleLine(row, VF_LABELS.length);
    const rest = row.labels.length - VF_LABELS.length;
    return (vf, values, value) => {
      if (values.length !== rest) throw new Error(`${name}: ${values.length} label values after pf, vf, pci_address for labels ${row.labels.join(', ')}`);
      add(line(vf.text, values, value));
    };
  }

  private open(name: string): { row: MetricFamily; add: (line: string) => void } {
    const row = family(name);
    if (row.owner !== this.owner) throw new Error(`${this.owner} may not emit ${name} (owned by ${row.owner})`);
    let text = this.byFamily.get(row);
    if (text === undefined) {
      text = { chunks: [], lines: [] };
      this.byFamily.set(row, text);
    }
    const into = text;
    return {
      row,
      add: (line) => {
        into.lines.push(line);
        if (into.lines.length >= CHUNK_LINES) seal(into);
      },
    };
  }

  /**
   * Something went wrong but the collector carries on with what it could read: its success becomes 0
   * and the message is logged, while the series it did produce stay in the exposition.
   */
  problem(message: string): void {
    this.found.push(message);
  }

  get problems(): readonly string[] {
    return this.found;
  }

  /** The family's sample lines in chunks, each ending in a newline; undefined when it has none. */
  textOf(row: MetricFamily): readonly string[] | undefined {
    const text = this.byFamily.get(row);
    if (text === undefined) return undefined;
    seal(text);
    return text.chunks.length > 0 ? text.chunks : undefined;
  }
}

function seal(text: { chunks: string[]; lines: string[] }): void {
  if (text.lines.length === 0) return;
  // The empty last line gives the trailing newline inside join's one flat string: appending '\n' to the
  // result would make a two-part string that has to be copied again when its byte length is taken.
  text.lines.push('');
  text.chunks.push(text.lines.join('\n'));
  text.lines = [];
}
