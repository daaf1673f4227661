// firmware.pci.ari-forwarding: can the VFs be addressed? A VF's routing ID is the PF's plus First VF Offset
// plus stride × index; beyond device 0's eight functions the port above needs ARI forwarding, and beyond the
// PF's bus it must cover the bus numbers (drivers/pci/iov.c).

import { isIssue, readIssue } from '../../fact.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { fail, pass, plural, unknown } from '../outcome.js';
import { remedies, sharedRemedy } from '../remediations.js';
import { machineName } from '../shared/guest-detection.js';
import { kernelArgsFix } from '../shared/kernel-args-fix.js';
import { logLines, quote } from '../shared/log-evidence.js';
import { sysfsPath } from '../shared/pf-text.js';
import { placeVfs } from '../shared/vf-routing.js';

const fix = remedies('enable-ari');

export const pciAriForwarding: PfCheck = {
  id: 'firmware.pci.ari-forwarding',
  layer: 'firmware',
  scope: 'pf',
  title: 'Can the VFs be addressed (ARI forwarding, bus numbers)?',
  reads:
    '<pf>/{sriov_offset,sriov_stride,sriov_numvfs,sriov_totalvfs,ari_enabled}, ' +
    'upstream bridge {config (DevCap2/DevCtl2 bit 5), subordinate_bus_number}, kernel log (bus number out of range)',
  fix:
    'Enable "ARI Support" in the BIOS, or move the card to a slot on an ARI-capable root port; ' +
    '`pci=assign-busses` lets the kernel number buses itself.',
  requires: ['nic.sriov.firmware-enabled'],
  remedies: fix.codes,
  run,
};

const hex2 = (bus: number) => bus.toString(16).padStart(2, '0');

function run(pf: PfView, host: HostView, options: CheckOptions): Outcome {
  const sriov = pf.device.sriov;
  const facts = [sriov?.offset, sriov?.stride, sriov?.numVfs, sriov?.totalVfs];
  for (const f of facts) if (isIssue(f)) return unknown('SR-IOV routing attributes', f);
  const [offset, stride, numVfs, totalVfs] = facts as (number | undefined)[];
  const busRange = logLines(host.snapshot, ['bus-range'], pf.address);
  const want = Math.max(options.vfs ?? 0, numVfs ?? 0) || (totalVfs ?? 0);
  if (offset === undefined || stride === undefined || want === 0) {
    return busRange[0] ? unaddressable(pf, host, `kernel log: ${quote(busRange[0])}`) : pass('no VFs to place (sriov_totalvfs is 0)');
  }
  const placement = placeVfs(pf.address, offset, stride, want);
  if (!placement) {
    return unknown('VF placement', readIssue(`${sysfsPath(pf)}/sriov_offset`, 'EPARSE', `offset ${offset}, stride ${stride}`));
  }
  const where = `${plural(want, 'VF')} at ${placement.first}${want > 1 ? `…${placement.last}` : ''} (offset ${offset}, stride ${stride})`;
  if (numVfs !== undefined && numVfs >= want && pf.vfs.length >= want) return pass(`${where}: enabled and on the bus`);

  const bridgeAddress = pf.device.upstream[0];
  const bridge = bridgeAddress ? host.device(bridgeAddress) : undefined;
  const problems: string[] = [];
  if (busRange[0]) problems.push(`kernel log: ${quote(busRange[0])}`);
  if (placement.needsBuses) {
    const subordinate = bridge?.subordinateBus;
    if (typeof subordinate === 'number' && placement.lastBus > subordinate) {
      const covered = `the port above (${bridgeAddress}) covers buses up to ${hex2(subordinate)}`;
      problems.push(`they need bus ${hex2(placement.lastBus)}, but ${covered}`);
    } else if (typeof subordinate !== 'number' && problems.length === 0) {
      const path = `/sys/bus/pci/devices/${bridgeAddress ?? '?'}/subordinate_bus_number`;
      const issue = isIssue(subordinate) ? subordinate : readIssue(path, 'ENOENT', 'not a bridge attribute this kernel shows');
      return unknown(`bus numbers for ${where}`, issue);
    }
  }
  let ari: boolean | undefined;
  let ariSource = '';
  if (placement.needsAri) {
    const attr = pf.device.ariEnabled;
    const config = bridge?.config;
    if (typeof attr === 'boolean') {
      ari = attr;
      ariSource = `${sysfsPath(pf)}/ari_enabled is ${attr ? 1 : 0}`;
    } else if (config !== undefined && !isIssue(config) && config.pcie) {
      ari = config.pcie.ariForwardingEnabled;
      const unsupported = config.pcie.ariForwardingSupported ? '' : ' (and DevCap2 says it is not supported)';
      ariSource = `DevCtl2 of ${bridgeAddress} has ARI forwarding ${ari ? 'on' : 'off'}${unsupported}`;
    } else if (problems.length === 0) {
      const issue = isIssue(attr)
        ? attr
        : config !== undefined && isIssue(config)
          ? config
          : readIssue(`/sys/bus/pci/devices/${bridgeAddress ?? pf.address}/config`, 'ESHORT', 'config space beyond 64 bytes needs root');
      return unknown(`ARI forwarding for ${where}`, issue, sharedRemedy('run-as-root-for-config'));
    }
    if (ari === false) {
      const reach = `the port above reaches only device 0 (8 functions) on bus ${hex2(placement.pfBus)}`;
      problems.push(`${ariSource}: without ARI forwarding ${reach}`);
    }
  }
  if (problems.length > 0) return unaddressable(pf, host, `${where}: ${problems.join('; ')}`);
  if (placement.needsAri) return pass(`${where} need ARI: ${ariSource}`);
  if (placement.needsBuses) return pass(`${where}: the port above covers bus ${hex2(placement.lastBus)}`);
  return pass(`${where}: within the PF's own 8 functions, no ARI needed`);
}

function unaddressable(pf: PfView, host: HostView, detail: string): Outcome {
  const kernelArgs = kernelArgsFix(host.snapshot.platform, { add: ['pci=assign-busses'] });
  const remediation = fix('enable-ari', { machine: machineName(host.snapshot), kernelArgs });
  const evidence = [`${sysfsPath(pf)}/ari_enabled`, `${sysfsPath(pf)}/sriov_offset`];
  return fail(`the VFs of ${pf.address} cannot be addressed: ${detail}`, remediation, evidence);
}
