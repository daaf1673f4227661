// nic.vf.bound: is every VF bound — to its VF driver for host use, or to vfio-pci (or a UIO driver) for VMs
// and DPDK? Unbound VFs with autoprobe on mean the driver failed to probe them.

import { isIssue } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, listText, pass, plural, skip, unknown, warn } from '../outcome.js';
import { remedies, together } from '../remediations.js';
import { isUioDriver, isVfioDriver } from '../shared/driver-kinds.js';
import { vfDriverModules } from '../shared/vf-driver-modules.js';

const fix = remedies('bind-vfs', 'read-vf-probe-error', 'rebind-odd-vfs');

export const vfBound: PfCheck = {
  id: 'nic.vf.bound',
  layer: 'nic',
  scope: 'pf',
  title: 'Is every VF bound to its VF driver or to vfio-pci?',
  reads: '<vf>/uevent (DRIVER=), <pf>/sriov_drivers_autoprobe',
  fix: 'Bind each VF: `echo <driver> > <vf>/driver_override; echo <vf-bdf> > /sys/bus/pci/drivers_probe`.',
  requires: ['nic.vfs.enabled', 'nic.vf.driver-available'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView): Outcome {
  if (pf.vfs.length === 0) return skip('no VF functions on the PCI bus');
  const modules = vfDriverModules(pf, host);
  const hostDrivers = new Set([...(Array.isArray(modules) ? modules : []), ...(pf.family ? [pf.family.vfDriver] : [])]);
  const counts = new Map<string, number>();
  const unbound: string[] = [];
  const odd: string[] = [];
  for (const vf of pf.vfs) {
    const driver = vf.driver;
    if (isIssue(driver)) return unknown(`driver of VF ${vf.address}`, driver);
    if (driver === undefined) {
      unbound.push(vf.address);
      continue;
    }
    counts.set(driver, (counts.get(driver) ?? 0) + 1);
    if (!hostDrivers.has(driver.replace(/-/g, '_')) && !isVfioDriver(driver) && !isUioDriver(driver)) odd.push(`${vf.address} (${driver})`);
  }
  const bound = [...counts].map(([driver, n]) => `${n} on ${driver}`);
  const first = unbound[0];
  if (first !== undefined) {
    const bind = fix('bind-vfs', { driver: pf.family?.vfDriver ?? 'vfio-pci', vf: first });
    const have = unbound.length === 1 ? 'has' : 'have';
    const others = bound.length ? `; ${listText(bound)}` : '';
    const summary = `${plural(unbound.length, 'VF')} of ${pf.vfs.length} ${have} no driver (${listText(unbound, 4)})${others}`;
    if (pf.device.sriov?.driversAutoprobe === false) return warn(`${summary}; autoprobe is off, so they wait to be bound`, bind);
    const remediation = together(bind, fix('read-vf-probe-error', { vf: first }));
    return fail(`${summary} although autoprobe is on: the VF driver failed to probe them`, remediation);
  }
  if (odd.length > 0) {
    return warn(`VFs bound to drivers that are neither the VF driver nor vfio-pci: ${listText(odd, 4)}`, fix('rebind-odd-vfs'));
  }
  return pass(`all ${plural(pf.vfs.length, 'VF')} bound: ${listText(bound)}`);
}
