// nic.vfs.enabled: are VFs created (sriov_numvfs), all of them on the PCI bus, and as many as needed?

import { isIssue } from '../../fact.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { pass, plural, skip, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { sysfsPath } from '../shared/pf-text.js';

const fix = remedies('create-vfs', 'recreate-missing-vfs', 'change-vf-count');

export const vfsEnabled: PfCheck = {
  id: 'nic.vfs.enabled',
  layer: 'nic',
  scope: 'pf',
  title: 'Are VFs enabled?',
  reads: '<pf>/sriov_numvfs, <pf>/virtfnN',
  fix: 'Write the count: `echo 0 > <pf>/sriov_numvfs; echo <n> > <pf>/sriov_numvfs` (a non-zero count cannot be changed directly).',
  requires: ['nic.vfs.total'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const num = pf.device.sriov?.numVfs;
  if (isIssue(num)) return unknown('sriov_numvfs', num);
  if (num === undefined) return skip('no sriov_numvfs');
  const need = options.vfs;
  const path = `${sysfsPath(pf)}/sriov_numvfs`;
  const total = pf.device.sriov?.totalVfs;
  const target = need ?? (typeof total === 'number' ? Math.min(total, 8) : 8);
  if (num === 0) return warn(`no VFs enabled${need ? `, ${need} needed` : ''}`, fix('create-vfs', { count: target, path }), [path]);
  const visible = pf.vfs.length;
  if (visible < num) {
    return warn(
      `sriov_numvfs is ${num} but only ${visible} VF functions are on the PCI bus`,
      fix('recreate-missing-vfs', { path, count: num, address: pf.address }),
      [path],
    );
  }
  if (need !== undefined && num < need) {
    return warn(`${num} VFs enabled, ${need} needed`, fix('change-vf-count', { path, count: need }), [path]);
  }
  return pass(`${plural(num, 'VF')} enabled`);
}
