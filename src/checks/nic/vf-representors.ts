// nic.vf.representors: a PF whose embedded switch is in switchdev mode (mlx5, ice) switches VF traffic only
// through each VF's representor netdev, and a VF has carrier only while its representor is up
// (Documentation/networking/representors.rst). Switchdev mode shows as representors on the PF's device.

import { isIssue } from '../../fact.js';
import type { NetDevice } from '../../readers/net-reader.js';
import type { TopologyVf } from '../../readers/topology-reader.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { listText, pass, plural, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { sysfsPath } from '../shared/pf-text.js';

const fix = remedies('representor-up', 'recreate-representors');

export const vfRepresentors: PfCheck = {
  id: 'nic.vf.representors',
  layer: 'nic',
  scope: 'pf',
  appliesTo: { text: 'PF in switchdev mode', test: (pf) => pf.topology?.switchdev !== undefined },
  title: 'In switchdev mode: does every VF have a representor, and is it up?',
  reads: '/sys/class/net/*/{phys_port_name,phys_switch_id,operstate} of the netdevs on the PF\'s PCI device',
  fix: 'Bring the representors up (`ip link set <representor> up`) and add them to the bridge or OVS; recreate VFs that have none.',
  requires: ['nic.vfs.enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView): Outcome {
  const topology = pf.topology;
  const switchId = topology?.switchdev?.switchId;
  const mode = `switchdev mode${switchId ? ` (switch id ${switchId})` : ''}`;
  const vfs = topology?.vfs ?? [];
  const missing = vfs.filter((vf) => vf.representor === undefined);
  if (missing.length > 0) {
    const which = listText(missing.map((vf) => `VF ${vf.index} (${vf.address})`), 4);
    const path = `${sysfsPath(pf)}/sriov_numvfs`;
    const one = missing.length === 1;
    return warn(
      `${mode}, but ${which} ${one ? 'has' : 'have'} no representor here: the switch cannot forward ${one ? 'its' : 'their'} traffic`,
      fix('recreate-representors', { path, address: pf.address, count: vfs.length }),
    );
  }
  const netdevs = new Map(host.snapshot.netDevices.map((n) => [n.name, n]));
  const down: { vf: TopologyVf; netdev: NetDevice }[] = [];
  for (const vf of vfs) {
    const netdev = netdevs.get(vf.representor as string);
    if (!netdev) continue;
    if (isIssue(netdev.operstate)) return unknown(`operstate of representor ${netdev.name}`, netdev.operstate);
    if (netdev.operstate !== 'up') down.push({ vf, netdev });
  }
  const represented = `${plural(vfs.length, 'VF')} represented by ${listText(vfs.map((vf) => vf.representor as string))}`;
  const first = down[0];
  if (first) {
    const names = down.map(({ vf, netdev }) => `${netdev.name} (VF ${vf.index}) is ${netdev.operstate ?? 'in an unknown state'}`);
    return warn(
      `${mode}: ${represented}; ${listText(names, 4)}: ${down.length === 1 ? 'that VF has' : 'those VFs have'} no carrier`,
      fix('representor-up', {
        netdev: first.netdev.name,
        others: down.length > 1 ? listText(down.slice(1).map((d) => d.netdev.name)) : undefined,
      }),
      down.map(({ netdev }) => `/sys/class/net/${netdev.name}/operstate`),
    );
  }
  return pass(`${mode}: ${represented}, all up`);
}
