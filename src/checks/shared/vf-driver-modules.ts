// Which kernel modules would bind to a PF's VF device id (modules.alias), leaving out modules that are not
// installed: what "the VF driver" means for this host.

import { isIssue, known, type Fact } from '../../fact.js';
import type { HostView, PfView } from '../host-view.js';

/** Modules the kernel would bind to the VF id, in a usable state; undefined when the VF id is not known. */
export function vfDriverModules(pf: PfView, host: HostView): Fact<string[]> {
  const vfId = pf.device.sriov?.vfDeviceId;
  const vendor = known(pf.device.vendorId);
  if (isIssue(vfId)) return vfId;
  if (vfId === undefined || vendor === undefined) return undefined;
  const aliases = host.snapshot.kernel.pciAliases[`${vendor}:${vfId}`];
  if (isIssue(aliases)) return aliases;
  return (aliases ?? []).filter((module) => {
    const state = host.snapshot.kernel.modules[module];
    return state === undefined || isIssue(state) || state !== 'absent';
  });
}
