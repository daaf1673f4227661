// nic.pf.driver-bound: only a bound PF driver creates VFs (sriov_numvfs is the driver's); a PF on vfio-pci
// leaves its VFs to a userspace driver.

import { isIssue } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { PfView } from '../host-view.js';
import { fail, pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { isVfioDriver } from '../shared/driver-kinds.js';
import { modelText, sysfsPath } from '../shared/pf-text.js';

const fix = remedies('load-pf-driver', 'rebind-pf-from-vfio');

export const pfDriverBound: PfCheck = {
  id: 'nic.pf.driver-bound',
  layer: 'nic',
  scope: 'pf',
  title: 'Is the PF driver bound?',
  reads: '<pf>/uevent (DRIVER=), <pf>/driver',
  fix: 'Load the PF driver (`modprobe <driver>`) or bind it: `echo <bdf> > /sys/bus/pci/drivers/<driver>/bind`.',
  remedies: fix.codes,
  run,
};

function run(pf: PfView): Outcome {
  const driver = pf.device.driver;
  if (isIssue(driver)) return unknown('PF driver', driver);
  const expected = pf.family?.pfDriver;
  if (driver === undefined) {
    return fail(
      `no driver is bound to ${pf.address} (${modelText(pf)}): sriov_numvfs cannot be written`,
      fix('load-pf-driver', { module: expected ?? '<driver>', address: pf.address }),
      [`${sysfsPath(pf)}/driver`],
    );
  }
  if (isVfioDriver(driver)) {
    return warn(
      `the PF itself is bound to ${driver}: the host cannot manage its VFs (a userspace PF driver must, with vfio-pci's enable_sriov)`,
      fix('rebind-pf-from-vfio', {
        kernelDriver: expected ?? 'its kernel driver',
        address: pf.address,
        driver,
        module: expected ?? '<driver>',
      }),
    );
  }
  return pass(`bound to ${driver}`);
}
