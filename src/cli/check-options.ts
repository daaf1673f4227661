// sriov-check's command line: flags, their help text, and validation into CheckCliOptions.
// Path flags follow node_exporter (--path.rootfs, --path.sysfs, --path.procfs).

import { PATH_FLAGS, helpRows, parseFlags, rootPaths, wholeNumber, type FlagRow } from './flag-table.js';
import { UsageError } from './usage-error.js';

export const OUTPUT_FORMATS = ['text', 'json', 'junit', 'nfd', 'prometheus', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
export type ColorMode = 'auto' | 'always' | 'never';

export interface CheckCliOptions {
  readonly rootfs: string;
  readonly sysfs?: string;
  readonly procfs?: string;
  readonly pfs: readonly string[];
  readonly vfs?: number;
  readonly output: OutputFormat;
  /** Write the output here (atomically) instead of to stdout. */
  readonly outputFile?: string;
  /** --output nfd: how long the labels stay valid, in seconds; 0 for no expiry. */
  readonly nfdExpirySeconds: number;
  readonly plan?: string;
  readonly strict: boolean;
  readonly quiet: boolean;
  /** --verbose: every VF on a line of its own. */
  readonly verbose: boolean;
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
  { name: 'output', type: 'string', value: 'FORMAT', help: 'Report format: text (default), json (docs/report.md), junit, nfd, prometheus or html (docs/outputs.md). `--output html FILE` writes the page to FILE.' },
  { name: 'output-file', type: 'string', value: 'FILE', help: 'Write the report to FILE instead of standard output: a temporary dot-file in the same directory, then renamed (node-feature-discovery and node_exporter never read half a file).' },
  { name: 'nfd.expiry', type: 'string', value: 'DURATION', help: 'With --output nfd: the labels expire after this long unless rewritten (default 1h; 30m, 2h, 1d; 0 for never).' },
  { name: 'plan', type: 'string', value: 'FILE', help: 'Judge whether this host can take a deployment plan: workloads needing VFs, or sriov-network-operator SriovNetworkNodePolicy objects (YAML; docs/plan.md). Exit 1 when it cannot.' },
  { name: 'strict', type: 'boolean', help: 'Exit 1 for a degraded verdict too (warnings or unknowns).' },
  { name: 'quiet', type: 'boolean', help: 'Text output: show only checks that did not pass.' },
  { name: 'verbose', type: 'boolean', help: 'Text output: list every VF with its driver and who holds it (default: one line per PF, the first holders named).' },
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
  const flags = parseFlags(CHECK_FLAGS, argv, true);
  const { values, text } = flags;
  const vfsText = text('vfs');
  const vfs = vfsText !== undefined ? wholeNumber('vfs', vfsText, 65535) : undefined;
  const output = (text('output') ?? 'text') as OutputFormat;
  if (!OUTPUT_FORMATS.includes(output)) throw new UsageError(`--output ${output}: expected ${OUTPUT_FORMATS.slice(0, -1).join(', ')} or ${OUTPUT_FORMATS.at(-1)}`);
  const outputFile = outputFileOf(flags.positionals, output, text('output-file'));
  const plan = text('plan');
  if (plan !== undefined && !['text', 'json', 'junit'].includes(output)) throw new UsageError(`--plan works with --output text, json or junit, not ${output}`);
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
    ...(outputFile !== undefined ? { outputFile } : {}),
    nfdExpirySeconds: duration('nfd.expiry', text('nfd.expiry') ?? '1h'),
    ...(plan !== undefined ? { plan } : {}),
    strict: values.strict === true,
    quiet: values.quiet === true,
    verbose: values.verbose === true,
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

/** `--output html FILE` names the file after the format; any other argument that is not a flag is a mistake. */
function outputFileOf(positionals: readonly string[], output: OutputFormat, flag: string | undefined): string | undefined {
  if (positionals.length === 0) return flag;
  if (output !== 'html' || positionals.length > 1 || flag !== undefined) throw new UsageError(`unexpected argument ${positionals[output === 'html' && flag === undefined ? 1 : 0]}`);
  return positionals[0];
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `0`, or a whole number with a unit: 90s, 30m, 2h, 1d. */
export function duration(flag: string, text: string): number {
  if (text === '0') return 0;
  const match = /^(\d+)([smhd])$/.exec(text);
  if (!match || Number(match[1]) === 0) throw new UsageError(`--${flag} ${text}: expected a duration such as 30m, 2h or 1d, or 0`);
  return Number(match[1]) * (UNIT_SECONDS[match[2] as string] as number);
}

export function checkHelp(version: string): string {
  const rows = helpRows(CHECK_FLAGS, 34);
  return [
    `sriov-check ${version} — is this host ready to give SR-IOV VFs to VMs?`,
    '',
    'Usage: sriov-check [--pf NAME|BDF]… [--vfs N] [--output FORMAT [FILE]] [--plan FILE] [--strict] [--path.rootfs DIR]',
    '       sriov-check --hyperv-json FILE|- [--vm NAME] [--vfs N] [--output FORMAT [FILE]] [--strict]',
    '       sriov-check diff OLD NEW [--output text|json]   (compare two JSON reports or snapshots)',
    '',
    'Options:',
    ...rows,
    '',
    'Exit codes: 0 ready (or degraded without --strict), 1 not ready, 2 could not run.',
    'Checks, their fixes and the JSON report: see docs/checks.md and docs/report.md.',
    '',
  ].join('\n');
}
