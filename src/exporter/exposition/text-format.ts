// The text of an exposition, in the two formats prom-client writes: Prometheus text 0.0.4 and OpenMetrics 1.0.0.
// Every family of a scrape goes through this one formatter — ours from the sample sinks, the process metrics
// from prom-client's data (Registry.getMetricsAsJSON) — and the result is prom-client's to the byte (a test
// renders the same samples through a prom-client Registry and compares).
//
// We format rather than hand samples to prom-client because its formatter builds a label object, an entries
// array and three regular-expression replacements per label of every sample: bench/exposition.ts measures both
// (figures in docs/architecture.md). Each line is built by concatenation, with the fixed pieces of a family built once.

/** What the sample sinks and the process metrics need of a formatter. */
export interface TextFormat {
  /** A family's HELP and TYPE lines, ending in a newline; in OpenMetrics a counter's name drops `_total`. */
  header(name: string, help: string, type: string, openMetrics: boolean): string;
  /** The line (without newline) of one sample of a family whose labels are `labels`, in that order. */
  sampleLine<L extends readonly string[]>(name: string, labels: L): (values: { readonly [K in L[number]]: string }, value: number) => string;
  /** As sampleLine, with the first labels given pre-rendered (`prefix`, from labelText) and the others by name. */
  prefixedSampleLine<L extends readonly string[]>(name: string, labels: L): (prefix: string, values: { readonly [K in L[number]]: string }, value: number) => string;
  /** `a="x",b="y"`: label pairs as they appear between the braces. */
  labelText(labels: Readonly<Record<string, string | number>>): string;
  /** A sample value: integers and decimals as JavaScript prints them, `+Inf`, `-Inf`, `NaN`. */
  value(value: number): string;
}

// As prom-client: backslash and newline in HELP text, and double quotes too in label values.
const NEEDS_ESCAPE = /[\\\n"]/;
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => (NEEDS_ESCAPE.test(text) ? escapeHelp(text).replace(/"/g, '\\"') : text);

function value(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return `${v}`;
}

export const TEXT_FORMAT: TextFormat = {
  header(name, help, type, openMetrics) {
    const familyName = openMetrics && type === 'counter' ? name.replace(/_total$/, '') : name;
    return `# HELP ${familyName} ${escapeHelp(help)}\n# TYPE ${familyName} ${type}\n`;
  },

  sampleLine(name, labels) {
    // `name{label="`, `",label="` …: the fixed pieces, built once per family.
    const openers = labels.map((label, i) => `${i === 0 ? `${name}{` : '",'}${label}="`);
    const closer = openers.length > 0 ? '"} ' : `${name} `;
    return (values, v) => {
      let line = '';
      for (let i = 0; i < openers.length; i++) line += (openers[i] as string) + escapeLabel((values as Record<string, string>)[labels[i] as string] as string);
      return `${line}${closer}${value(v)}`;
    };
  },

  prefixedSampleLine(name, labels) {
    const head = `${name}{`;
    const openers = labels.map((label, i) => `${i === 0 ? ',' : '",'}${label}="`);
    const closer = openers.length > 0 ? '"} ' : '} ';
    return (prefix, values, v) => {
      let line = head + prefix;
      for (let i = 0; i < openers.length; i++) line += (openers[i] as string) + escapeLabel((values as Record<string, string>)[labels[i] as string] as string);
      return line + closer + value(v);
    };
  },

  labelText(labels) {
    let text = '';
    for (const [name, v] of Object.entries(labels)) text += `${text === '' ? '' : ','}${name}="${typeof v === 'string' ? escapeLabel(v) : v}"`;
    return text;
  },

  value,
};
