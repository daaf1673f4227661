// Which program the single executable runs: the name it was called under (the packages install sriov-check as
// a link to sriov-exporter), or, under any other name (a copied or renamed file), `check` as first argument.

import * as path from 'node:path';

export type ProgramName = 'sriov-check' | 'sriov-exporter';

/** The subcommand that runs sriov-check from a file of another name: `sriov-exporter check --pf ens1f0`. */
export const CHECK_SUBCOMMAND = 'check';

export function programFor(invokedAs: string, args: readonly string[]): { readonly program: ProgramName; readonly args: readonly string[] } {
  if (path.basename(invokedAs) === 'sriov-check') return { program: 'sriov-check', args };
  if (args[0] === CHECK_SUBCOMMAND) return { program: 'sriov-check', args: args.slice(1) };
  return { program: 'sriov-exporter', args };
}
