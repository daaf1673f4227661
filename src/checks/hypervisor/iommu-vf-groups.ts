// hypervisor.iommu.vf-groups: VFIO takes a device only through its IOMMU group; VFs created before the IOMMU
// was on have none.

import { isIssue } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { PfView } from '../host-view.js';
import { fail, listText, pass, plural, skip, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { sysfsPath } from '../shared/pf-text.js';

const fix = remedies('recreate-vfs-for-groups');

export const iommuVfGroups: PfCheck = {
  id: 'hypervisor.iommu.vf-groups',
  layer: 'hypervisor',
  scope: 'pf',
  title: 'Is every VF in an IOMMU group?',
  reads: '<vf>/iommu_group',
  fix: 'Recreate the VFs after enabling the IOMMU (`echo 0`, then `echo N` to sriov_numvfs).',
  requires: ['firmware.iommu.kernel-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView): Outcome {
  if (pf.vfs.length === 0) return skip('no VFs on the PCI bus yet');
  const missing: string[] = [];
  const groups = new Set<string>();
  for (const vf of pf.vfs) {
    if (isIssue(vf.iommuGroup)) return unknown(`IOMMU group of VF ${vf.address}`, vf.iommuGroup);
    if (vf.iommuGroup === undefined) missing.push(vf.address);
    else groups.add(vf.iommuGroup);
  }
  if (missing.length > 0) {
    const one = missing.length === 1;
    return fail(
      `${plural(missing.length, 'VF')} of ${pf.vfs.length} ${one ? 'has' : 'have'} no IOMMU group (${listText(missing, 4)}): ` +
        `VFIO cannot take ${one ? 'it' : 'them'}`,
      fix('recreate-vfs-for-groups', { path: `${sysfsPath(pf)}/sriov_numvfs`, count: pf.vfs.length }),
      missing.map((a) => `/sys/bus/pci/devices/${a}/iommu_group`),
    );
  }
  const sorted = [...groups].sort((a, b) => Number(a) - Number(b));
  return pass(`all ${plural(pf.vfs.length, 'VF')} in IOMMU groups (${listText(sorted, 4)})`);
}
