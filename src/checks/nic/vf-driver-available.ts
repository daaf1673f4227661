// nic.vf.driver-available: does the kernel have a module for the VF device id — or does no VF need one,
// because every VF is assigned (vfio-pci, a UIO driver, pci-stub)?

import { isIssue, known, readIssue } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, listText, pass, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { isAssignedDriver } from '../shared/driver-kinds.js';
import { vfDriverModules } from '../shared/vf-driver-modules.js';

const fix = remedies('install-vf-driver');

export const vfDriverAvailable: PfCheck = {
  id: 'nic.vf.driver-available',
  layer: 'nic',
  scope: 'pf',
  title: 'Does the kernel have a driver for the VF device id?',
  reads: '<pf>/sriov_vf_device, lib/modules/<release>/{modules.alias,modules.builtin,modules.dep}, /proc/modules',
  fix:
    'Install the VF driver module (iavf, ixgbevf, igbvf, mlx5_core, bnxt_en…; ' +
    'often in the linux-modules-extra or kernel-modules-extra package).',
  requires: ['nic.sriov.firmware-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView): Outcome {
  const vfId = pf.device.sriov?.vfDeviceId;
  if (isIssue(vfId)) return unknown('sriov_vf_device', vfId);
  const kernel = host.snapshot.kernel;
  const id = `${known(pf.device.vendorId) ?? '????'}:${vfId ?? '????'}`;
  const modules = vfDriverModules(pf, host);
  if (isIssue(modules)) return unknown(`modules aliased to VF ${id}`, modules);
  const expected = pf.family?.vfDriver;
  if (modules && modules.length > 0) {
    const states = modules.map((m) => {
      const state = kernel.modules[m];
      return typeof state === 'string' ? `${m} (${state})` : m;
    });
    return pass(`VF ${id} is handled by ${listText(states)}`);
  }
  if (kernel.modulesDir === undefined) {
    const issue = readIssue('/proc/sys/kernel/osrelease', 'ENOENT', 'kernel release unknown, so modules.alias cannot be found');
    return unknown(`driver for VF ${id}`, issue);
  }
  const vfDrivers = pf.vfs.map((vf) => known(vf.driver)).filter((d): d is string => d !== undefined);
  if (pf.vfs.length > 0 && vfDrivers.length === pf.vfs.length && vfDrivers.every(isAssignedDriver)) {
    return pass(`no host driver for VF ${id}, and none is needed: every VF is bound to ${listText([...new Set(vfDrivers)])}`);
  }
  return fail(
    `no kernel module in ${kernel.modulesDir}/modules.alias matches VF ${id}${expected ? ` (expected ${expected})` : ''}`,
    fix('install-vf-driver', { driver: expected, release: known(kernel.release) ?? '' }),
    [`${kernel.modulesDir}/modules.alias`],
  );
}
