// sriov-check's command line: flags, their help text, and validation into CheckCliOptions.
// Path flags follow node_exporter (--path.rootfs, --path.sysfs, --path.procfs).

import { PATH_FLAGS, helpRows, parseFlags, rootPaths, wholeNumber, type FlagRow } from './flag-table.js';
import { UsageError } from './usage-error.js';

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
  /** A Windows Hyper-V host's collector document (`-`: standard input). */
  readonly hypervJson?: string;
  /** The VM whose network adapters are judged (Windows). */
  readonly vm?: string;
  readonly help: boolean;
  readonly version: boolean;
}

/** The flag table: one row per flag, shared by the parser and --help (and checked against docs/cli.md). */
export const CHECK_FLAGS: readonly FlagRow[] = [
  ...PATH_FLAGS,
  { name: 'pf', type: 'string', multiple: true, value: 'NAME|BDF', help: 'Judge only this PF (netdev name or PCI address); repeat for several. Default: every SR-IOV PF.' },
  { name: 'vfs', type: 'string', value: 'N', help: 'VFs each selected PF must provide.' },
  { name: 'output', type: 'string', value: 'text|json', help: 'Report format (default text). json follows docs/report.md.' },
  { name: 'strict', type: 'boolean', help: 'Exit 1 for a degraded verdict too (warnings or unknowns).' },
  { name: 'quiet', type: 'boolean', help: 'Text output: show only checks that did not pass.' },
  { name: 'color', type: 'string', value: 'auto|always|never', help: 'Colour in text output (default auto: only on a terminal, never with NO_COLOR set).' },
  { name: 'kernel-log', type: 'string', value: 'FILE', help: 'Kernel log to search for SR-IOV, IOMMU and PCI messages (default: the usual log files under the root).' },
  { name: 'snapshot', type: 'string', value: 'FILE', help: 'Check a saved host snapshot instead of reading a host.' },
  { name: 'save-snapshot', type: 'string', value: 'FILE', help: 'Also write what was read to FILE (for support, or to check later with --snapshot).' },
  { name: 'hyperv-json', type: 'string', value: 'FILE|-', help: "Judge a Windows Hyper-V host from scripts/collect-hyperv.ps1's document (any OS; - reads standard input). On Windows the collector runs by itself without it." },
  { name: 'vm', type: 'string', value: 'NAME', help: "Windows Hyper-V host: judge this VM's network adapters too (IovWeight, VF assigned, VF data path)." },
  { name: 'help', type: 'boolean', short: 'h', help: 'Show this help.' },
  { name: 'version', type: 'boolean', help: 'Show the version.' },
];

export function parseCheckArgs(argv: readonly string[]): CheckCliOptions {
  const flags = parseFlags(CHECK_FLAGS, argv);
  const { values, text } = flags;
  const vfsText = text('vfs');
  const vfs = vfsText !== undefined ? wholeNumber('vfs', vfsText, 65535) : undefined;
  const output = text('output') ?? 'text';
  if (output !== 'text' && output !== 'json') throw new UsageError(`--output ${output}: expected text or json`);
  const color = text('color') ?? 'auto';
  if (color !== 'auto' && color !== 'always' && color !== 'never') throw new UsageError(`--color ${color}: expected auto, always or never`);
  const snapshot = text('snapshot');
  for (const flag of ['path.rootfs', 'path.sysfs', 'path.procfs', 'kernel-log'] as const) {
    if (snapshot !== undefined && text(flag) !== undefined) throw new UsageError(`--snapshot and --${flag} exclude each other: a snapshot is a host already read`);
  }
  const hypervJson = text('hyperv-json');
  for (const flag of ['path.rootfs', 'path.sysfs', 'path.procfs', 'kernel-log', 'snapshot', 'save-snapshot'] as const) {
    if (hypervJson !== undefined && text(flag) !== undefined) throw new UsageError(`--hyperv-json and --${flag} exclude each other: the document is a Windows host, not a Linux one`);
  }
  const vm = text('vm');
  if (vm !== undefined && vm.trim() === '') throw new UsageError('--vm needs the name of a VM');
  const pfs = Array.isArray(values.pf) ? (values.pf as string[]) : [];
  for (const pf of pfs) if (pf.trim() === '') throw new UsageError('--pf needs a netdev name or PCI address');
  if (hypervJson !== undefined && pfs.length > 0) throw new UsageError('--hyperv-json and --pf exclude each other: every SR-IOV adapter of the document is judged');
  return {
    ...rootPaths(flags),
    pfs,
    ...(vfs !== undefined ? { vfs } : {}),
    output,
    strict: values.strict === true,
    quiet: values.quiet === true,
    color,
    ...(snapshot !== undefined ? { snapshot } : {}),
    ...(text('save-snapshot') !== undefined ? { saveSnapshot: text('save-snapshot') } : {}),
    ...(text('kernel-log') !== undefined ? { kernelLog: text('kernel-log') } : {}),
    ...(hypervJson !== undefined ? { hypervJson } : {}),
    ...(vm !== undefined ? { vm } : {}),
    help: values.help === true,
    version: values.version === true,
  };
}

export function checkHelp(version: string): string {
  const rows = helpRows(CHECK_FLAGS, 34);
  return [
    `sriov-check ${version} — is this host ready to give SR-IOV VFs to VMs?`,
    '',
    'Usage: sriov-check [--pf NAME|BDF]… [--vfs N] [--output text|json] [--strict] [--path.rootfs DIR]',
    '       sriov-check --hyperv-json FILE|- [--vm NAME] [--vfs N] [--output text|json] [--strict]',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes: 0 ready (or degraded without --strict), 1 not ready, 2 could not run.',
    'Checks, their fixes and the JSON report: see docs/checks.md and docs/report.md.',
    '',
  ].join('\n');
}
