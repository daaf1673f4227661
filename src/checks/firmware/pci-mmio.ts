// firmware.pci.mmio: VF BARs need MMIO space the firmware reserves behind the PF's bridge; without it the kernel
// logs "not enough MMIO resources for SR-IOV" and sriov_numvfs fails with -ENOMEM.

import { isIssue } from '../../fact.js';
import { cmdlineValues } from '../../parse/kernel-cmdline.js';
import { isAssigned } from '../../parse/pci-resource.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, listText, pass, plural, unknown } from '../outcome.js';
import { remedies, together } from '../remediations.js';
import { machineName } from '../shared/guest-detection.js';
import { kernelArgsFix } from '../shared/kernel-args-fix.js';
import { kernelParameters } from '../shared/kernel-parameters.js';
import { logCoversBoot, logGap, logHint, logLines, quote } from '../shared/log-evidence.js';
import { sysfsPath } from '../shared/pf-text.js';

const fix = remedies('bios-enable-mmio', 'realloc-already-set', 'add-pci-realloc', 'mstconfig-lower-vfs');

export const pciMmio: PfCheck = {
  id: 'firmware.pci.mmio',
  layer: 'firmware',
  scope: 'pf',
  title: 'Did the firmware reserve MMIO space for the VF BARs?',
  reads: "<pf>/resource (VF BAR windows, lines 8–13), kernel log (not enough MMIO resources for SR-IOV, VF BAR … can't assign, -12)",
  fix:
    'Enable "SR-IOV Support" and "Above 4G Decoding" in the BIOS; add `pci=realloc` to the kernel command line; ' +
    'NVIDIA: lower NUM_OF_VFS.',
  requires: ['nic.sriov.firmware-enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView, options: CheckOptions): Outcome {
  const snap = host.snapshot;
  const noSpace = logLines(snap, ['mmio-no-space'], pf.address);
  const busRange = logLines(snap, ['bus-range'], pf.address);
  // -12 after a bus-number failure is ARI's to report (firmware.pci.ari-forwarding), not MMIO's.
  const enomem = busRange.length > 0 ? [] : logLines(snap, ['sriov-enomem'], pf.address);
  const windows = pf.device.iovResources;
  const evidence: string[] = [];
  if (noSpace.length + enomem.length > 0) evidence.push(`kernel log: ${[...noSpace, ...enomem].slice(0, 2).map(quote).join(', ')}`);
  if (Array.isArray(windows) && !windows.some(isAssigned)) {
    evidence.push(`${sysfsPath(pf)}/resource has no address for any VF BAR window (lines 8–13 are zero)`);
  }
  if (evidence.length > 0) {
    const pci = cmdlineValues(kernelParameters(snap), 'pci');
    const realloc = pci.includes('realloc') || pci.includes('realloc=on');
    const total = typeof pf.device.sriov?.totalVfs === 'number' ? pf.device.sriov.totalVfs : undefined;
    const vfs = Math.max(1, Math.min(options.vfs ?? 8, total ?? 8));
    return fail(
      `the firmware left no MMIO space for the VF BARs of ${pf.address}, so VFs cannot be enabled ` +
        `(sriov_numvfs fails with "Cannot allocate memory"): ${evidence.join('; ')}`,
      together(
        fix('bios-enable-mmio', { machine: machineName(snap) }),
        realloc
          ? fix('realloc-already-set')
          : fix('add-pci-realloc', { kernelArgs: kernelArgsFix(snap.platform, { add: ['pci=realloc'] }) }),
        pf.family?.vfCountSource === 'nic-firmware' && fix('mstconfig-lower-vfs', { address: pf.address, vfs }),
      ),
      [`${sysfsPath(pf)}/resource`],
    );
  }
  if (isIssue(windows)) return unknown('VF BAR windows', windows);
  if (Array.isArray(windows)) {
    const assigned = windows.map((w, i) => (isAssigned(w) ? `VF BAR ${i} at 0x${w.start}` : '')).filter(Boolean);
    return pass(`the firmware placed the VF BAR windows (${listText(assigned, 3)})`);
  }
  const vfs = pf.vfs.length;
  if (vfs > 0) return pass(`${plural(vfs, 'VF')} enabled: their BARs were placed`);
  if (logCoversBoot(snap)) return pass('no MMIO error for this PF in the kernel log since boot');
  const gap = logGap(snap);
  return unknown(`MMIO for the VF BARs of ${pf.address}: no VFs yet, no resource file, and the kernel log cannot tell`, gap, logHint(gap));
}
