// Where one collector run puts its samples and the problems it met. A sink belongs to one owner (a collector,
// or the exporter itself) and hands out emitters only for that owner's families, typed by the catalog: the
// labels of a sample are an object with exactly the family's label names.
//
// A sample is turned into its exposition line as it is emitted (the line is the same in Prometheus text and
// OpenMetrics; only the family headers differ): a 1,000-VF host has 30,000 samples per scrape, and keeping
// them as label objects until the end costs more memory than the text itself.
//
// Lines are joined into chunks of CHUNK_LINES lines as they come, each chunk ending in a newline: a line's
// small strings die young instead of piling up until the end of the scrape, and the chunks are written to
// every response that shares this scrape as they are, never joined into one large string. They stay strings
// in the garbage-collected heap on purpose: Buffers would live outside it, and V8 lets many megabytes of
// dead Buffers accumulate before it collects them.

import { type ReadIssue, describeIssue } from '../../fact.js';
import { type FamilyOwner, type LabelValues, type MetricFamily, type VfFamilyLabels, type VfRest, VF_LABELS } from './metric-catalog.js';
import { TEXT_FORMAT } from './text-format.js';

/** Adds one sample of a family. */
export type Emit<L extends readonly string[]> = (labels: LabelValues<L>, value: number) => void;

/** A VF's `pf`, `vf` and `pci_address` labels, rendered once for all of its samples. */
export interface VfLabels {
  readonly text: string;
}

export function vfLabels(pf: string, vf: string, pciAddress: string): VfLabels {
  const values: LabelValues<typeof VF_LABELS> = { pf, vf, pci_address: pciAddress };
  return { text: TEXT_FORMAT.labelText(values) };
}

/** Adds one sample of a per-VF family: the VF's labels, then the family's other labels. */
export type EmitForVf<L extends VfFamilyLabels> = (vf: VfLabels, labels: LabelValues<VfRest<L>>, value: number) => void;

/** Something a collector could not read or do; it carries on with the rest (success 0, its series kept). */
export type CollectorProblem =
  | {
      readonly issue: ReadIssue;
      /** What the issue cost, when the issue alone does not say ("netlink source"). */
      readonly about?: string;
    }
  /** A problem that is no read of the host (the last readiness run failed). */
  | { readonly message: string };

const CHUNK_LINES = 128;

interface FamilyText {
  chunks: string[];
  lines: string[];
}

export class SampleSink<O extends FamilyOwner = FamilyOwner> {
  private readonly byFamily = new Map<MetricFamily, FamilyText>();
  private readonly found: CollectorProblem[] = [];

  constructor(readonly owner: O) {}

  /** The emitter for one family of this sink's owner. */
  emitter<L extends readonly string[]>(family: MetricFamily<L, O>): Emit<L> {
    const add = this.open(family);
    const line = TEXT_FORMAT.sampleLine(family.name, family.labels);
    return (labels, value) => add(line(labels, value));
  }

  /** The emitter for a family whose labels start with pf, vf, pci_address. */
  vfEmitter<L extends VfFamilyLabels>(family: MetricFamily<L, O>): EmitForVf<L> {
    const add = this.open(family);
    const line = TEXT_FORMAT.prefixedSampleLine(family.name, family.labels.slice(VF_LABELS.length) as unknown as VfRest<L>);
    return (vf, labels, value) => add(line(vf.text, labels, value));
  }

  private open(family: MetricFamily): (line: string) => void {
    // The types say so already; this catches a family cast past them.
    if (family.owner !== this.owner) throw new Error(`${this.owner} may not emit ${family.name} (owned by ${family.owner})`);
    let text = this.byFamily.get(family);
    if (text === undefined) {
      text = { chunks: [], lines: [] };
      this.byFamily.set(family, text);
    }
    const into = text;
    return (line) => {
      into.lines.push(line);
      if (into.lines.length >= CHUNK_LINES) seal(into);
    };
  }

  /**
   * Something went wrong but the collector carries on with what it could read: its success becomes 0
   * and the problem is logged, while the series it did produce stay in the exposition.
   */
  problem(issue: ReadIssue | string, about?: string): void {
    if (typeof issue === 'string') this.found.push({ message: issue });
    else this.found.push(about === undefined ? { issue } : { issue, about });
  }

  get problems(): readonly CollectorProblem[] {
    return this.found;
  }

  /** The family's sample lines in chunks, each ending in a newline; undefined when it has none. */
  textOf(family: MetricFamily): readonly string[] | undefined {
    const text = this.byFamily.get(family);
    if (text === undefined) return undefined;
    seal(text);
    return text.chunks.length > 0 ? text.chunks : undefined;
  }
}

/** A problem as one line for the log and the landing page. */
export function problemText(problem: CollectorProblem): string {
  if ('message' in problem) return problem.message;
  return problem.about === undefined ? describeIssue(problem.issue) : `${problem.about}: ${describeIssue(problem.issue)}`;
}

function seal(text: FamilyText): void {
  if (text.lines.length === 0) return;
  // The empty last line gives the trailing newline inside join's one flat string: appending '\n' to the
  // result would make a two-part string that has to be copied again when its byte length is taken.
  text.lines.push('');
  text.chunks.push(text.lines.join('\n'));
  text.lines = [];
}
