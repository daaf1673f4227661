// nic.vf.autoprobe: with sriov_drivers_autoprobe off, new VFs wait without a driver — fine when the setup
// binds each one explicitly (vfio-pci for passthrough), a surprise otherwise.

import { isIssue, known } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { PfView } from '../host-view.js';
import { pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { isAssignedDriver } from '../shared/driver-kinds.js';
import { sysfsPath } from '../shared/pf-text.js';

const fix = remedies('autoprobe-on');

export const vfAutoprobe: PfCheck = {
  id: 'nic.vf.autoprobe',
  layer: 'nic',
  scope: 'pf',
  title: 'Do new VFs bind to a driver automatically?',
  reads: '<pf>/sriov_drivers_autoprobe',
  fix: '`echo 1 > <pf>/sriov_drivers_autoprobe`, or bind VFs explicitly with driver_override.',
  requires: ['nic.sriov.firmware-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView): Outcome {
  const autoprobe = pf.device.sriov?.driversAutoprobe;
  if (isIssue(autoprobe)) return unknown('sriov_drivers_autoprobe', autoprobe);
  if (autoprobe === undefined || autoprobe) return pass('on: new VFs bind to their driver');
  const drivers = pf.vfs.map((vf) => known(vf.driver));
  if (pf.vfs.length > 0 && drivers.every((d) => d !== undefined && isAssignedDriver(d))) {
    return pass('off, and every VF is bound explicitly for passthrough');
  }
  return warn('off: new VFs are created without a driver', fix('autoprobe-on', { path: `${sysfsPath(pf)}/sriov_drivers_autoprobe` }));
}
