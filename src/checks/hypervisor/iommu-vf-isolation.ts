// hypervisor.iommu.vf-isolation: a VM must take a whole IOMMU group, so a VF whose group also holds a
// host-bound device cannot be assigned at all (QEMU: "group N is not viable"). A VF alone in its group is
// isolated only if the hardware made the group: with pcie_acs_override on the command line, the ports on the
// VFs' path must show ACS in config space too.

import { isIssue } from '../../fact.js';
import type { PciDevice } from '../../readers/pci-reader.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, listText, pass, plural, skip, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { acsOverride, harmlessText, overrideCovers, overrideRisk, overrideText } from '../shared/acs-override.js';
import { acsPath, isolates, lackText } from '../shared/acs-path.js';
import { isAssignedDriver } from '../shared/driver-kinds.js';
import { groupMates } from '../shared/iommu-groups.js';
import { pciIdText } from '../shared/pf-text.js';

const fix = remedies('separate-iommu-group', 'give-group-to-one-vm', 'acs-override-risk');

export const iommuVfIsolation: PfCheck = {
  id: 'hypervisor.iommu.vf-isolation',
  layer: 'hypervisor',
  scope: 'pf',
  title: 'Can each VF go to a VM on its own (nothing host-bound in its IOMMU group)?',
  reads:
    "the iommu_group link of every PCI device (= /sys/kernel/iommu_groups/<group>/devices/*), each member's driver and class; " +
    'with pcie_acs_override= in /proc/cmdline, the ACS capability in the config of each port on the path',
  fix:
    'Move the card to a slot behind a CPU root port with ACS, or bind every device of the group to vfio-pci for the same VM; ' +
    '`pcie_acs_override` is not upstream, and groups it splits are no isolation.',
  requires: ['hypervisor.iommu.vf-groups'],
  remedies: fix.codes,
  run,
};

interface SharedGroup {
  readonly vf: PciDevice;
  readonly group: string;
  readonly mates: PciDevice[];
}

const isHostBound = (m: PciDevice) => typeof m.driver === 'string' && !isAssignedDriver(m.driver);

function run(pf: PfView, host: HostView): Outcome {
  if (pf.vfs.length === 0) return skip('no VFs on the PCI bus yet');
  const hostBound: SharedGroup[] = [];
  const together: SharedGroup[] = [];
  for (const vf of pf.vfs) {
    const group = vf.iommuGroup as string;
    const mates = groupMates(vf, host) ?? [];
    if (mates.length === 0) continue;
    for (const m of mates) if (isIssue(m.driver)) return unknown(`driver of ${m.address} (IOMMU group ${group})`, m.driver);
    (mates.some(isHostBound) ? hostBound : together).push({ vf, group, mates });
  }
  const describe = (m: PciDevice) => `${m.address} (${role(m, pf, host)}, ${typeof m.driver === 'string' ? m.driver : 'no driver'})`;
  const first = hostBound[0];
  if (first) {
    const bound = first.mates.filter(isHostBound);
    const rest = first.mates.length - bound.length;
    const others = hostBound.length > 1 ? `; ${plural(hostBound.length - 1, 'more VF')} likewise` : '';
    const qemuSays =
      `vfio: error, group ${first.group} is not viable, ` +
      'please ensure all devices within the iommu_group are bound to their vfio bus driver.';
    return fail(
      `VF ${first.vf.address} shares IOMMU group ${first.group} with host-bound ${listText(bound.map(describe), 4)}` +
        `${rest > 0 ? ` (and ${plural(rest, 'device')} on vfio-pci or unbound)` : ''}${others}: QEMU refuses it with "${qemuSays}"`,
      fix('separate-iommu-group', { group: first.group }),
      [`/sys/kernel/iommu_groups/${first.group}/devices`],
    );
  }
  const shared = together[0];
  if (shared) {
    const more = together.length > 1 ? `; ${plural(together.length - 1, 'more VF')} likewise` : '';
    return warn(
      `VF ${shared.vf.address} shares IOMMU group ${shared.group} with ${listText(shared.mates.map(describe), 4)}${more}: ` +
        'they are unbound or on vfio-pci, so they can go to a VM only together',
      fix('give-group-to-one-vm'),
      [`/sys/kernel/iommu_groups/${shared.group}/devices`],
    );
  }
  return aloneOutcome(pf, host);
}

/** Every VF alone in its group: isolation, unless pcie_acs_override made the groups where config space shows no ACS. */
function aloneOutcome(pf: PfView, host: HostView): Outcome {
  const alone = `each of the ${plural(pf.vfs.length, 'VF')} is alone in its IOMMU group`;
  const override = acsOverride(host.snapshot);
  if (!override) return pass(alone);
  const path = acsPath(pf, host);
  if ('unreadable' in path) {
    const maySplit = `${alone}, but ${overrideText(override)} may have split the groups`;
    return { ...path.unreadable, summary: `${maySplit}; ${path.unreadable.summary}` };
  }
  const hidden = path.ports.filter((p) => !isolates(p) && overrideCovers(override, p));
  if (hidden.length === 0) return pass(`${alone}; ${harmlessText(override, path.ports)}`);
  const ports = listText(hidden.map(lackText));
  return warn(
    `${alone} only because the groups are split by ${overrideText(override)}, not by the hardware: ` +
      `config space shows no ACS isolation on ${ports}, so the VFs can still reach each other and their neighbours`,
    fix('acs-override-risk', overrideRisk(override, hidden, host.snapshot)),
    hidden.map((p) => p.configPath),
  );
}

function role(device: PciDevice, pf: PfView, host: HostView): string {
  if (device.address === pf.address) return 'its PF';
  if (device.physfn !== undefined) return `a VF of ${device.physfn}`;
  const id = pciIdText(device);
  return host.snapshot.names.devices[id] ?? id;
}
