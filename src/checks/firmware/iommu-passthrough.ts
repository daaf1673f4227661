// firmware.iommu.passthrough: host-owned devices walking IOMMU page tables costs throughput; `iommu=pt` gives
// them identity mappings while VFs given to VMs stay translated.

import { cmdlineValue, cmdlineValues } from '../../parse/kernel-cmdline.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { pass, warn } from '../outcome.js';
import { kernelArgsFix } from '../shared/kernel-args-fix.js';
import { kernelParameters } from '../shared/kernel-parameters.js';

export const iommuPassthrough: HostCheck = {
  id: 'firmware.iommu.passthrough',
  layer: 'firmware',
  scope: 'host',
  title: 'Do host-owned devices bypass IOMMU translation (iommu=pt)?',
  reads: '/proc/cmdline (iommu=pt, iommu.passthrough=), /sys/kernel/iommu_groups/<PF group>/type',
  fix: 'Add `iommu=pt` to the kernel command line: host devices then use identity mappings; VFs given to VMs stay translated.',
  requires: ['firmware.iommu.kernel-enabled'],
  remedies: [],
  run,
};

function run(host: HostView): Outcome {
  const params = kernelParameters(host.snapshot);
  const pt = cmdlineValues(params, 'iommu').includes('pt')
    ? 'iommu=pt'
    : cmdlineValue(params, 'iommu.passthrough') === '1'
      ? 'iommu.passthrough=1'
      : undefined;
  if (pt) return pass(`\`${pt}\`: host-owned devices use identity mappings`);
  const types = host.pfs
    .map((pf) => (typeof pf.device.iommuGroup === 'string' ? host.snapshot.iommu.groups[pf.device.iommuGroup]?.type : undefined))
    .filter((t): t is string => typeof t === 'string');
  if (types.length > 0 && types.every((t) => t === 'identity')) {
    return pass("the PFs' IOMMU groups use identity domains (pass-through is the kernel's default here)");
  }
  const shown = types.length > 0 ? [...new Set(types)].join('/') : 'DMA';
  return warn(
    `host-owned devices use translated DMA (default domain ${shown}): every DMA of the PFs and host-bound VFs walks IOMMU page tables, ` +
      'which costs throughput; VFs given to VMs are translated either way',
    kernelArgsFix(host.snapshot.platform, { add: ['iommu=pt'] }),
  );
}
