// Whether a Y/N module parameter is on: as the loaded module reports it under /sys/module, or as the kernel
// command line sets it (which is all there is while the module is not loaded yet).

import { cmdlineValue, parseCmdline } from '../parse/kernel-cmdline.js';
import { parseYesNo } from '../parse/sysfs-values.js';
import { moduleParameterOn } from '../readers/virt-reader.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';

export function parameterOn(snapshot: HostSnapshot, key: string): boolean {
  if (moduleParameterOn(snapshot.virtualization.moduleParameters, key)) return true;
  const cmdline = snapshot.kernel.cmdline;
  const value = typeof cmdline === 'string' ? cmdlineValue(parseCmdline(cmdline), key) : undefined;
  return value !== undefined && parseYesNo(value) === true;
}
