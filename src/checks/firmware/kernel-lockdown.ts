// firmware.kernel.lockdown: under Secure Boot the kernel refuses the raw device access NIC firmware tools
// need, so VF counts kept in NIC firmware (NVIDIA, Broadcom) cannot be changed from this OS.

import { isIssue, readIssue } from '../../fact.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { listText, pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';

const fix = remedies('mount-securityfs', 'nic-firmware-out-of-band');

export const kernelLockdown: HostCheck = {
  id: 'firmware.kernel.lockdown',
  layer: 'firmware',
  scope: 'host',
  title: 'Does kernel lockdown leave NIC firmware tools working?',
  reads: '/sys/kernel/security/lockdown',
  fix: 'Change NIC firmware settings (SR-IOV, NUM_OF_VFS) out of band through the BMC, or while Secure Boot is off.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const { lockdown, securityfs } = host.snapshot.platform;
  if (isIssue(lockdown)) return unknown('kernel lockdown', lockdown);
  const tools = host.pfs.filter((pf) => pf.family?.vfCountSource === 'nic-firmware' || pf.family?.vfCountSource === 'nvm');
  if (lockdown === undefined) {
    if (securityfs === true) return pass('no lockdown (the lockdown LSM is not active)');
    if (isIssue(securityfs)) return unknown('kernel lockdown', securityfs);
    const issue = readIssue('/sys/kernel/security/lockdown', 'ENOENT', 'securityfs is not mounted under the root');
    return unknown('kernel lockdown', issue, fix('mount-securityfs'));
  }
  if (lockdown === 'none') return pass('lockdown is [none]');
  if (tools.length === 0) return pass(`lockdown is [${lockdown}]; no NIC here needs a firmware tool to set its VF count`);
  const names = tools.map((pf) => pf.subject);
  return warn(
    `lockdown is [${lockdown}] (Secure Boot): ` +
      'NIC firmware tools that write the device (mstconfig, mstflint, Broadcom bnxtnvm) are refused, ' +
      `so the VF settings of ${listText(names)} cannot be changed from this OS`,
    fix('nic-firmware-out-of-band'),
    ['/sys/kernel/security/lockdown'],
  );
}
