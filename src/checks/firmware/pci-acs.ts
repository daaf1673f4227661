// firmware.pci.acs: bridges without ACS let devices below them talk past the IOMMU, so the kernel puts them in
// one IOMMU group — what a VM must take whole. Only shared groups make missing ACS matter.

import { isIssue, readIssue } from '../../fact.js';
import { isBridgeClass } from '../../parse/pci-class.js';
import { ACS, ACS_REQUIRED } from '../../parse/pci-config.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { listText, pass, unknown, warn } from '../outcome.js';
import { remedies, sharedRemedy } from '../remediations.js';
import { machineName } from '../shared/guest-detection.js';
import { sharedGroups } from '../shared/iommu-groups.js';

const fix = remedies('acs-slot');

export const pciAcs: PfCheck = {
  id: 'firmware.pci.acs',
  layer: 'firmware',
  scope: 'pf',
  title: 'Do the bridges above the PF enforce ACS isolation?',
  reads: 'config of each bridge up to the root (ACS extended capability 0x000D: SV, RR, CR, UF), IOMMU groups of the PF and its VFs',
  fix:
    'Use a slot on a CPU root port with ACS (or enable ACS in the BIOS where offered); ' +
    'IOMMU groups, not ACS, decide what a VM can take.',
  requires: ['firmware.iommu.kernel-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView): Outcome {
  const bridges = pf.device.upstream;
  if (bridges.length === 0) return pass('no bridge above: the PF is integrated in the root complex');
  const missing: string[] = [];
  for (const address of bridges) {
    const bridge = host.device(address);
    const config = bridge?.config;
    if (!bridge || !isBridgeClass(bridge.classCode)) continue;
    const path = `/sys/bus/pci/devices/${address}/config`;
    if (config === undefined) return unknown(`ACS on ${address}`, readIssue(path, 'ENOENT'));
    if (isIssue(config)) {
      return unknown(`ACS on ${address}`, config, config.code === 'ESHORT' ? sharedRemedy('run-as-root-for-config') : undefined);
    }
    if (!config.extendedReadable) {
      const issue = readIssue(path, 'ESHORT', `${config.size} bytes: extended capabilities need root`);
      return unknown(`ACS on ${address}`, issue, sharedRemedy('run-as-root-for-config'));
    }
    if (!config.acs) missing.push(`${address} (no ACS capability)`);
    else if ((config.acs.control & ACS_REQUIRED) !== ACS_REQUIRED) {
      missing.push(`${address} (ACSCtl 0x${config.acs.control.toString(16)}: ${acsMissing(config.acs.control)} off)`);
    }
  }
  if (missing.length === 0) return pass(`SV, RR, CR and UF enabled on ${listText(bridges)}`);
  const shared = sharedGroups(pf, host);
  if (shared.length === 0) {
    return pass(
      `no ACS on ${listText(missing)}, yet the PF's and VFs' IOMMU groups hold nothing else (a kernel quirk isolates them): nothing to fix`,
    );
  }
  const groups = `IOMMU group${shared.length > 1 ? 's' : ''} ${listText(shared)} hold${shared.length > 1 ? '' : 's'}`;
  const remediation = fix('acs-slot', { machine: machineName(host.snapshot) });
  return warn(`no ACS isolation on ${listText(missing)}: this is why ${groups} other devices too`, remediation);
}

function acsMissing(control: number): string {
  return (['SV', 'RR', 'CR', 'UF'] as const).filter((bit) => (control & ACS[bit]) === 0).join(', ');
}
