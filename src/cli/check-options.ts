// sriov-check's command line: flags, their help text, and validation into CheckCliOptions.
// Path flags follow node_exporter (--path.rootfs, --path.sysfs, --path.procfs).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, describeParseArgsError } from './usage-error.js';

export type OutputFormat = 'text' | 'json';
export type ColorMode = 'auto' | 'always' | 'never';

export interface CheckCliOptions {
  readonly rootfs: string;
  readonly sysfs?: string;
  readonly procfs?: string;
  readonly pfs: readonly string[];
  readonly vfs?: number;
  readonly output: OutputFormat;
  readonly strict: boolean;
  readonly quiet: boolean;
  readonly color: ColorMode;
  readonly snapshot?: string;
  readonly saveSnapshot?: string;
  readonly kernelLog?: string;
  readonly help: boolean;
  readonly version: boolean;
}

/** The flag table: one row per flag, shared by the parser and --help (and checked against docs/cli.md). */
export const CHECK_FLAGS = [
  { name: 'path.rootfs', type: 'string', value: 'DIR', help: 'Root of the host to check (default /). Use /host in a container with the host\'s / mounted there.' },
  { name: 'path.sysfs', type: 'string', value: 'DIR', help: 'sysfs of the host (default <rootfs>/sys).' },
  { name: 'path.procfs', type: 'string', value: 'DIR', help: 'procfs of the host (default <rootfs>/proc).' },
  { name: 'pf', type: 'string', multiple: true, value: 'NAME|BDF', help: 'Judge only this PF (netdev name or PCI address); repeat for several. Default: every SR-IOV PF.' },
  { name: 'vfs', type: 'string', value: 'N', help: 'VFs each selected PF must provide.' },
  { name: 'output', type: 'string', value: 'text|json', help: 'Report format (default text). json follows docs/report.md.' },
  { name: 'strict', type: 'boolean', help: 'Exit 1 for a degraded verdict too (warnings or unknowns).' },
  { name: 'quiet', type: 'boolean', help: 'Text output: show only checks that did not pass.' },
  { name: 'color', type: 'string', value: 'auto|always|never', help: 'Colour in text output (default auto: only on a terminal, never with NO_COLOR set).' },
  { name: 'kernel-log', type: 'string', value: 'FILE', help: 'Kernel log to search for SR-IOV, IOMMU and PCI messages (default: the usual log files under the root).' },
  { name: 'snapshot', type: 'string', value: 'FILE', help: 'Check a saved host snapshot instead of reading a host.' },
  { name: 'save-snapshot', type: 'string', value: 'FILE', help: 'Also write what was read to FILE (for support, or to check later with --snapshot).' },
  { name: 'help', type: 'boolean', short: 'h', help: 'Show this help.' },
  { name: 'version', type: 'boolean', help: 'Show the version.' },
] as const;

export function parseCheckArgs(argv: readonly string[]): CheckCliOptions {
  const options: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
    CHECK_FLAGS.map((f) => [f.name, { type: f.type, ...('multiple' in f ? { multiple: true } : {}), ...('short' in f ? { short: f.short } : {}) }]),
  );
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(describeParseArgsError(error) ?? String(error));
  }
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const vfsText = text('vfs');
  let vfs: number | undefined;
  if (vfsText !== undefined) {
    if (!/^\d+$/.test(vfsText) || Number(vfsText) < 1 || Number(vfsText) > 65535) throw new UsageError(`--vfs ${vfsText}: expected a whole number from 1 to 65535`);
    vfs = Number(vfsText);
  }
  const output = text('output') ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output ${output}: expected text or json`);
  const color = text('color') ?? 'auto';
  if (color !== 'auto' && color !== 'always' && color !== 'never') throw new UsageError(`--color ${color}: expected auto, always or never`);
  const snapshot = text('snapshot');
  for (const flag of ['path.rootfs', 'path.sysfs', 'path.procfs', 'kernel-log'] as const) {
    if (snapshot !== undefined && text(flag) !== undefined) throw new UsageError(`--snapshot and --${flag} exclude each other: a snapshot is a host already read`);
  }
  const pfs = Array.isArray(values.pf) ? (values.pf as string[]) : [];
  for (const pf of pfs) if (pf.trim() === '') throw new UsageError('--pf needs a netdev name or PCI address');
  return {
    rootfs: text('path.rootfs') ?? '/',
    ...(text('path.sysfs') !== undefined ? { sysfs: text('path.sysfs') } : {}),
    ...(text('path.procfs') !== undefined ? { procfs: text('path.procfs') } : {}),
    pfs,
    ...(vfs !== undefined ? { vfs } : {}),
    output,
    strict: values.strict === true,
    quiet: values.quiet === true,
    color,
    ...(snapshot !== undefined ? { snapshot } : {}),
    ...(text('save-snapshot') !== undefined ? { saveSnapshot: text('save-snapshot') } : {}),
    ...(text('kernel-log') !== undefined ? { kernelLog: text('kernel-log') } : {}),
    help: values.help === true,
    version: values.version === true,
  };
}

export function checkHelp(version: string): string {
  const rows = CHECK_FLAGS.map((f) => {
    const left = `${'short' in f ? `-${f.short}, ` : '    '}--${f.name}${'value' in f ? ` ${f.value}` : ''}`;
    return `  ${left.padEnd(34)} ${f.help}`;
  });
  return [
    `sriov-check ${version} — is this host ready to give SR-IOV VFs to VMs?`,
    '',
    'Usage: sriov-check [--pf NAME|BDF]… [--vfs N] [--output text|json] [--strict] [--path.rootfs DIR]',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes: 0 ready (or degraded without --strict), 1 not ready, 2 could not run.',
    'Checks, their fixes and the JSON report: see docs/checks.md and docs/report.md.',
    '',
  ].join('\n');
}
