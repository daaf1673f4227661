// Whether a Y/N module parameter is on: as the loaded module reports it under /sys/module, or as the kernel
// command line sets it (which is all there is while the module is not loaded yet).

import { known } from '../fact.js';
import { cmdlineParameter } from '../parse/kernel-cmdline.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';

export function parameterOn(snapshot: HostSnapshot, key: string): boolean {
  if (known(snapshot.virtualization.moduleParameters[key])?.enabled === true) return true;
  const parameters = known(snapshot.kernel.parameters);
  return parameters !== undefined && cmdlineParameter(parameters, key)?.enabled === true;
}
