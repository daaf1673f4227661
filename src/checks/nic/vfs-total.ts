// nic.vfs.total: can the PF provide as many VFs as the deployment needs (--vfs)? The ceiling comes from the
// NIC firmware (NVIDIA), its NVM (Broadcom), the device itself, or the in-tree PF driver (igb 7, ixgbe 63).

import { isIssue, known } from '../../fact.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, pass, skip, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { modelText, sysfsPath } from '../shared/pf-text.js';

const fix = remedies('plan-for-driver-limit', 'mstconfig-raise-vfs', 'nvm-raise-vfs', 'use-another-pf');

export const vfsTotal: PfCheck = {
  id: 'nic.vfs.total',
  layer: 'nic',
  scope: 'pf',
  title: 'Can the PF provide the VFs needed (--vfs)?',
  reads: "<pf>/sriov_totalvfs (what the kernel allows), the catalog's PF driver limit, <pf>/config (TotalVFs, for the message)",
  fix: 'Raise the firmware VF count (NVIDIA: `mstconfig … NUM_OF_VFS=<n>`), or use another PF.',
  requires: ['nic.sriov.firmware-enabled'],
  remedies: fix.codes,
  run,
};

interface DriverCap {
  readonly limit: number;
  readonly driver: string;
  readonly reason: string;
}

/**
 * The cap of the family's in-tree PF driver (igb 7, ixgbe 63), when that driver is bound or none is yet: it lowers
 * sriov_totalvfs below the capability's TotalVFs, and refuses more whatever sriov_totalvfs says (an older kernel).
 */
function driverCap(pf: PfView): DriverCap | undefined {
  const family = pf.family;
  if (family?.driverVfLimit === undefined) return undefined;
  const driver = known(pf.device.driver);
  if (driver !== undefined && driver !== family.pfDriver) return undefined;
  const reason = family.driverVfLimitReason ?? `${family.pfDriver} allows ${family.driverVfLimit}`;
  return { limit: family.driverVfLimit, driver: family.pfDriver, reason };
}

/** TotalVFs of the SR-IOV capability in config space (what the silicon offers), when it could be read. */
function hardwareTotalVfs(pf: PfView): number | undefined {
  const config = pf.device.config;
  return config !== undefined && !isIssue(config) ? config.sriov?.totalVfs : undefined;
}

function run(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const sysfsTotal = pf.device.sriov?.totalVfs;
  if (isIssue(sysfsTotal)) return unknown('sriov_totalvfs', sysfsTotal);
  if (sysfsTotal === undefined) return skip('no sriov_totalvfs');
  const need = Math.max(1, options.vfs ?? 1);
  const cap = driverCap(pf);
  const total = cap ? Math.min(sysfsTotal, cap.limit) : sysfsTotal;
  if (total >= need) return pass(options.vfs ? `${total} VFs supported, ${need} needed` : `${total} VFs supported`);
  if (cap && need > cap.limit) {
    const hardware = hardwareTotalVfs(pf) ?? pf.family?.maxVfsPerPf;
    const more = hardware !== undefined && hardware > cap.limit;
    const offered = more ? ` although the hardware offers ${hardware} (config space TotalVFs)` : '';
    const allows = `the driver ${cap.driver} allows at most ${cap.limit} VFs per PF`;
    return fail(
      `only ${total} VFs supported, ${need} needed: ${allows}${offered} — ${cap.reason}`,
      fix('plan-for-driver-limit', { limit: cap.limit, need }),
      [`${sysfsPath(pf)}/sriov_totalvfs`, `${sysfsPath(pf)}/config`],
    );
  }
  const source = pf.family?.vfCountSource;
  const remediation =
    source === 'nic-firmware'
      ? fix('mstconfig-raise-vfs', { address: pf.address, vfs: need })
      : source === 'nvm'
        ? fix('nvm-raise-vfs')
        : fix('use-another-pf', { model: modelText(pf), total, driverLimit: pf.family?.driverVfLimit });
  return fail(
    total === 0
      ? `sriov_totalvfs is 0: the ${source === 'nic-firmware' ? 'NIC firmware' : 'device'} offers no VFs`
      : `only ${total} VFs supported, ${need} needed`,
    remediation,
    [`${sysfsPath(pf)}/sriov_totalvfs`],
  );
}
