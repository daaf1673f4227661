// nic.vfs.total: can the PF provide as many VFs as the deployment needs (--vfs)? The ceiling comes from the
// NIC firmware (NVIDIA), its NVM (Broadcom), or the device itself.

import { isIssue } from '../../fact.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, pass, skip, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { modelText, sysfsPath } from '../shared/pf-text.js';

const fix = remedies('mstconfig-raise-vfs', 'nvm-raise-vfs', 'use-another-pf');

export const vfsTotal: PfCheck = {
  id: 'nic.vfs.total',
  layer: 'nic',
  scope: 'pf',
  title: 'Can the PF provide the VFs needed (--vfs)?',
  reads: '<pf>/sriov_totalvfs',
  fix: 'Raise the firmware VF count (NVIDIA: `mstconfig … NUM_OF_VFS=<n>`), or use another PF.',
  requires: ['nic.sriov.firmware-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const total = pf.device.sriov?.totalVfs;
  if (isIssue(total)) return unknown('sriov_totalvfs', total);
  if (total === undefined) return skip('no sriov_totalvfs');
  const need = Math.max(1, options.vfs ?? 1);
  if (total >= need) return pass(options.vfs ? `${total} VFs supported, ${need} needed` : `${total} VFs supported`);
  const source = pf.family?.vfCountSource;
  const remediation =
    source === 'nic-firmware'
      ? fix('mstconfig-raise-vfs', { address: pf.address, vfs: need })
      : source === 'nvm'
        ? fix('nvm-raise-vfs')
        : fix('use-another-pf', { model: modelText(pf), total, driverLimit: pf.family?.driverVfLimit });
  return fail(
    total === 0
      ? `sriov_totalvfs is 0: the ${source === 'nic-firmware' ? 'NIC firmware' : 'device'} offers no VFs`
      : `only ${total} VFs supported, ${need} needed`,
    remediation,
    [`${sysfsPath(pf)}/sriov_totalvfs`],
  );
}
