// nic.sriov.firmware-enabled: the kernel makes a function a PF (sriov_* attributes) only when the BIOS and
// the NIC firmware expose its SR-IOV capability; a catalog model without them has SR-IOV switched off.

import { isIssue } from '../../fact.js';
import { EXT_CAP_ID_SRIOV } from '../../parse/pci-config.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, pass, unknown } from '../outcome.js';
import { remedies, together } from '../remediations.js';
import { modelText, pciIdText, sysfsPath } from '../shared/pf-text.js';

const fix = remedies('bios-enable-sriov', 'mstconfig-enable-sriov');

export const sriovFirmwareEnabled: PfCheck = {
  id: 'nic.sriov.firmware-enabled',
  layer: 'nic',
  scope: 'pf',
  title: 'Is SR-IOV enabled in the BIOS and the NIC firmware?',
  reads: '<pf>/sriov_totalvfs (exists only when the kernel made the device a PF), <pf>/config (SR-IOV capability 0x0010)',
  fix:
    'Enable "SR-IOV Global Enable" in the BIOS; NVIDIA/Mellanox: `mstconfig -d <bdf> set SRIOV_EN=1 NUM_OF_VFS=<n>`, ' +
    'then a cold reboot.',
  remedies: fix.codes,
  run,
};

function run(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const sriov = pf.device.sriov;
  if (sriov) {
    if (isIssue(sriov.totalVfs)) return unknown('sriov_totalvfs', sriov.totalVfs);
    return pass(`SR-IOV enabled: ${sysfsPath(pf)}/sriov_totalvfs is ${sriov.totalVfs}`);
  }
  const config = pf.device.config;
  const readable = config !== undefined && !isIssue(config) ? config : undefined;
  const capability = readable?.sriov;
  const vfs = options.vfs ?? (capability?.totalVfs || 8);
  const remediation = together(
    fix('bios-enable-sriov'),
    pf.family?.vfCountSource === 'nic-firmware' && fix('mstconfig-enable-sriov', { address: pf.address, vfs }),
  );
  if (capability) {
    const where = `config space 0x${capability.offset.toString(16)}, TotalVFs ${capability.totalVfs}`;
    return fail(
      `${modelText(pf)} has the SR-IOV capability (${where}) but the kernel did not make it a PF: ` +
        'no sriov_totalvfs — SR-IOV is off in the BIOS or NIC firmware',
      remediation,
      [`${sysfsPath(pf)}/sriov_totalvfs`, `${sysfsPath(pf)}/config`],
    );
  }
  const configNote =
    readable && !readable.extendedReadable ? ' (its SR-IOV capability could not be read: config space is 64 bytes without root)' : '';
  const noCapability =
    readable !== undefined && readable.extendedReadable && !(readable.extendedCapabilities ?? []).includes(EXT_CAP_ID_SRIOV);
  return fail(
    `${modelText(pf)} [${pciIdText(pf.device)}] is an SR-IOV model, but ${sysfsPath(pf)} has no sriov_* attributes` +
      `${noCapability ? ' and no SR-IOV capability' : ''}: SR-IOV is off in the BIOS or NIC firmware${configNote}`,
    remediation,
    [`${sysfsPath(pf)}/sriov_totalvfs`],
  );
}
