// nic.pf.model: is the model in the NIC catalog, so that its VF limits and drivers are known?

import type { Outcome, PfCheck } from '../check-types.js';
import type { PfView } from '../host-view.js';
import { pass, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { pciIdText } from '../shared/pf-text.js';

const fix = remedies('report-model');

export const pfModel: PfCheck = {
  id: 'nic.pf.model',
  layer: 'nic',
  scope: 'pf',
  title: 'Is the model in the catalog of known SR-IOV NICs?',
  reads: '<pf>/uevent (PCI_ID=), the NIC catalog, pci.ids',
  fix: 'Nothing to fix: an unknown model may work, but its VF limits and drivers are not known to this tool.',
  remedies: fix.codes,
  run,
};

function run(pf: PfView): Outcome {
  const id = pciIdText(pf.device);
  const family = pf.family;
  if (family) {
    const limits = family.notes.length ? `; ${family.notes[0]}` : '';
    return pass(`${family.name} [${id}], PF driver ${family.pfDriver}, VF driver ${family.vfDriver}${limits}`);
  }
  return warn(
    `${pf.deviceName ?? 'model'} [${id}] is not in the catalog of known SR-IOV NICs: VF limits and drivers are not known to this tool`,
    fix('report-model'),
  );
}
