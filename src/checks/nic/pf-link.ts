// nic.pf.link: VFs share the PF's port, so a PF without link leaves every VF without one.

import { isIssue, known } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { PfView } from '../host-view.js';
import { pass, skip, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';

const fix = remedies('pf-link-up');

export const pfLink: PfCheck = {
  id: 'nic.pf.link',
  layer: 'nic',
  scope: 'pf',
  title: 'Is the PF link up?',
  reads: '/sys/class/net/<pf>/{operstate,speed}',
  fix: 'Connect the port and bring the PF up: `ip link set <pf> up`.',
  requires: ['nic.pf.driver-bound'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView): Outcome {
  const netdev = pf.netdev;
  if (!netdev) return skip(`no network interface (driver ${known(pf.device.driver) ?? 'none'})`);
  if (isIssue(netdev.operstate)) return unknown(`operstate of ${netdev.name}`, netdev.operstate);
  const speed = typeof netdev.speedMbps === 'number' ? `, ${netdev.speedMbps} Mb/s` : '';
  if (netdev.operstate === 'up') return pass(`${netdev.name} is up${speed}`);
  return warn(
    `${netdev.name} is ${netdev.operstate ?? 'in an unknown state'}: VFs share the PF's port, so they have no link either`,
    fix('pf-link-up', { netdev: netdev.name }),
  );
}
