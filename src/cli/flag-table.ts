// What both programs' command lines share: the flag row (one table feeds the parser, --help and the docs),
// parsing a table into values with one-line errors, the help rows, the node_exporter path flags, and whole
// numbers in a range.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, describeParseArgsError } from './usage-error.js';

export interface FlagRow {
  readonly name: string;
  readonly type: 'string' | 'boolean';
  /** What the value looks like in --help (string flags). */
  readonly value?: string;
  readonly short?: string;
  /** May be given more than once. */
  readonly multiple?: boolean;
  /** Has a --no- form (node_exporter's --[no-]collector.NAME). */
  readonly negatable?: boolean;
  readonly help: string;
}

/** --path.rootfs, --path.sysfs, --path.procfs, as node_exporter has them. */
export const PATH_FLAGS: readonly FlagRow[] = [
  { name: 'path.rootfs', type: 'string', value: 'DIR', help: 'Root of the host (default /). Use /host in a container with the host\'s / mounted there.' },
  { name: 'path.sysfs', type: 'string', value: 'DIR', help: 'sysfs of the host (default <rootfs>/sys).' },
  { name: 'path.procfs', type: 'string', value: 'DIR', help: 'procfs of the host (default <rootfs>/proc).' },
];

export interface ParsedFlags {
  readonly values: Readonly<Record<string, unknown>>;
  /** Arguments that are not flags (only when the caller allows them). */
  readonly positionals: readonly string[];
  /** A string flag's value, undefined when not given. */
  text(name: string): string | undefined;
}

export function parseFlags(rows: readonly FlagRow[], argv: readonly string[], allowPositionals = false): ParsedFlags {
  const options: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
    rows.map((f) => [f.name, { type: f.type, ...(f.multiple ? { multiple: true } : {}), ...(f.short ? { short: f.short } : {}) }]),
  );
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    const allowNegative = rows.some((f) => f.negatable);
    ({ values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals, allowNegative }) as { values: Record<string, unknown>; positionals: string[] });
  } catch (error) {
    throw new UsageError(describeParseArgsError(error) ?? String(error));
  }
  return { values, positionals, text: (name) => (typeof values[name] === 'string' ? (values[name] as string) : undefined) };
}

/** The root paths as given (rootfs defaults to /; sysfs and procfs default later, from the root). */
export function rootPaths(flags: ParsedFlags): { readonly rootfs: string; readonly sysfs?: string; readonly procfs?: string } {
  const sysfs = flags.text('path.sysfs');
  const procfs = flags.text('path.procfs');
  return { rootfs: flags.text('path.rootfs') ?? '/', ...(sysfs !== undefined ? { sysfs } : {}), ...(procfs !== undefined ? { procfs } : {}) };
}

/** The --help line of each flag, the help text starting at column `width`. */
export function helpRows(rows: readonly FlagRow[], width: number): string[] {
  return rows.map((f) => {
    const left = `${f.short ? `-${f.short}, ` : '    '}--${f.negatable ? '[no-]' : ''}${f.name}${f.value ? ` ${f.value}` : ''}`;
    return `  ${left.padEnd(width)} ${f.help}`;
  });
}

/** A whole number from 1 to `max`. */
export function wholeNumber(flag: string, text: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`--${flag} ${text}: expected a whole number from 1 to ${max}`);
  return Number(text);
}
