// hypervisor.vfio.noiommu: VFIO's no-IOMMU mode hands devices to userspace without isolation — a VM could DMA
// anywhere in host memory. Its groups are named vfio-noiommu.

import { isIssue } from '../../fact.js';
import { NOIOMMU_PARAMETER } from '../../catalog/host-locations.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { listText, pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { parameterOn } from '../shared/kernel-parameters.js';

const fix = remedies('noiommu-off');

export const vfioNoiommu: HostCheck = {
  id: 'hypervisor.vfio.noiommu',
  layer: 'hypervisor',
  scope: 'host',
  title: "Is VFIO's unsafe no-IOMMU mode off?",
  reads: '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode, /proc/cmdline, /sys/kernel/iommu_groups/<VF group>/name',
  fix: 'Enable the IOMMU (or, in a guest, a virtual IOMMU) and turn enable_unsafe_noiommu_mode off.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const snap = host.snapshot;
  const param = snap.virtualization.moduleParameters[NOIOMMU_PARAMETER];
  if (isIssue(param)) return unknown('vfio no-IOMMU mode', param);
  const groups = Object.entries(snap.iommu.groups)
    .filter(([, g]) => g.name === 'vfio-noiommu')
    .map(([n]) => n);
  const on = parameterOn(snap, NOIOMMU_PARAMETER);
  if (on || groups.length > 0) {
    const where = [
      on ? 'vfio enable_unsafe_noiommu_mode is on' : '',
      groups.length > 1 ? `IOMMU groups ${listText(groups)} are vfio-noiommu` : '',
      groups.length === 1 ? `IOMMU group ${listText(groups)} is vfio-noiommu` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return warn(`${where}: devices given to VMs this way are not isolated — a VM can DMA anywhere in host memory`, fix('noiommu-off'), [
      '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode',
    ]);
  }
  return pass(param === undefined ? 'off (vfio is not loaded)' : `off (enable_unsafe_noiommu_mode=${param.value})`);
}
