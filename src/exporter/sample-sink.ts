// Where one collector run puts its samples and the problems it met. A collector only reaches families of
// its own (the table says which) and gives label values in the table's order, so a typo or a label in the
// wrong place fails at once in tests instead of producing a series nobody's rules match.

import { type FamilyOwner, type MetricFamily, family } from './metric-families.js';

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Adds one sample: label values in the family's label order. */
export type Emit = (labelValues: readonly string[], value: number) => void;

export class SampleSink {
  private readonly byFamily = new Map<MetricFamily, Sample[]>();
  private readonly found: string[] = [];

  constructor(readonly owner: FamilyOwner) {}

  /** The emitter for one family of this sink's owner. */
  family(name: string): Emit {
    const row = family(name);
    if (row.owner !== this.owner) throw new Error(`${this.owner} may not emit ${name} (owned by ${row.owner})`);
    const names = row.labels;
    let samples = this.byFamily.get(row);
    if (samples === undefined) {
      samples = [];
      this.byFamily.set(row, samples);
    }
    const into = samples;
    return (labelValues, value) => {
      if (labelValues.length !== names.length) {
        throw new Error(`${name}: ${labelValues.length} label values for labels ${names.join(', ')}`);
      }
      const labels: Record<string, string> = {};
      for (let i = 0; i < names.length; i++) labels[names[i] as string] = labelValues[i] as string;
      into.push({ labels, value });
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

  samplesOf(row: MetricFamily): readonly Sample[] {
    return this.byFamily.get(row) ?? [];
  }
}
