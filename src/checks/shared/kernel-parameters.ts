// The parameters the kernel was given: the command line as parsed, and whether a Y/N module parameter is on —
// as the loaded module reports it under /sys/module, or as the command line sets it (which is all there is
// while the module is not loaded yet).

import { known } from '../../fact.js';
import { cmdlineParameter, type KernelParameter } from '../../parse/kernel-cmdline.js';
import type { HostSnapshot } from '../../snapshot/snapshot-types.js';

/** The kernel command line's parameters; none when it could not be read (its own check reports that). */
export function kernelParameters(snapshot: HostSnapshot): readonly KernelParameter[] {
  return known(snapshot.kernel.parameters) ?? [];
}

export function parameterOn(snapshot: HostSnapshot, key: string): boolean {
  if (known(snapshot.virtualization.moduleParameters[key])?.enabled === true) return true;
  const parameters = known(snapshot.kernel.parameters);
  return parameters !== undefined && cmdlineParameter(parameters, key)?.enabled === true;
}
