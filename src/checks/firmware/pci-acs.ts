// firmware.pci.acs: bridges without ACS let devices below them talk past the IOMMU, so the kernel puts them in
// one IOMMU group — what a VM must take whole. Only shared groups make missing ACS matter — unless
// pcie_acs_override split the groups: then they hide what config space still shows.

import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { listText, pass, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { acsOverride, harmlessText, overrideCovers, overrideRisk, overrideText } from '../shared/acs-override.js';
import { acsPath, isolates, lackText } from '../shared/acs-path.js';
import { machineName } from '../shared/guest-detection.js';
import { sharedGroups } from '../shared/iommu-groups.js';

const fix = remedies('acs-slot', 'acs-override-risk');

export const pciAcs: PfCheck = {
  id: 'firmware.pci.acs',
  layer: 'firmware',
  scope: 'pf',
  title: 'Do the bridges above the PF enforce ACS isolation?',
  reads:
    'config of each bridge up to the root and of a multifunction PF (ACS extended capability 0x000D: SV, RR, CR, UF; header type), ' +
    'IOMMU groups of the PF and its VFs, /proc/cmdline (pcie_acs_override=)',
  fix:
    'Use a slot on a CPU root port with ACS (or enable ACS in the BIOS where offered); ' +
    'IOMMU groups, not ACS, decide what a VM can take — unless pcie_acs_override made them.',
  requires: ['firmware.iommu.kernel-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView): Outcome {
  const path = acsPath(pf, host);
  if ('unreadable' in path) return path.unreadable;
  const bridges = pf.device.upstream;
  if (bridges.length === 0 && path.ports.length === 0) return pass('no bridge above: the PF is integrated in the root complex');
  const lacking = path.ports.filter((p) => !isolates(p));
  const shared = sharedGroups(pf, host);
  const groups = `IOMMU group${shared.length > 1 ? 's' : ''} ${listText(shared)} hold${shared.length > 1 ? '' : 's'}`;
  const override = acsOverride(host.snapshot);
  const hidden = override ? lacking.filter((p) => overrideCovers(override, p)) : [];
  if (override && hidden.length > 0) {
    const still = shared.length > 0 ? `; ${groups} other devices all the same` : '';
    const ports = listText(hidden.map(lackText));
    return warn(
      `IOMMU groups split by ${overrideText(override)}, not by the hardware: config space shows no ACS isolation on ${ports}${still}`,
      fix('acs-override-risk', overrideRisk(override, hidden, host.snapshot)),
      hidden.map((p) => p.configPath),
    );
  }
  const harmless = override ? `; ${harmlessText(override, path.ports)}` : '';
  if (lacking.length === 0) return pass(`SV, RR, CR and UF enabled on ${listText(bridges)}${harmless}`);
  const missing = listText(lacking.map(lackText));
  if (shared.length === 0) {
    const quirk = "yet the PF's and VFs' IOMMU groups hold nothing else (a kernel quirk isolates them): nothing to fix";
    return pass(`no ACS on ${missing}, ${quirk}${harmless}`);
  }
  const remediation = fix('acs-slot', { machine: machineName(host.snapshot) });
  return warn(`no ACS isolation on ${missing}: this is why ${groups} other devices too`, remediation);
}
