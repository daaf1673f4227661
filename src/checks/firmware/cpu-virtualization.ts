// firmware.cpu.virtualization: does the CPU offer VT-x or AMD-V? Recent kernels hide the flag when the BIOS
// disables it; a guest shows "hypervisor" and lacks it unless its host nests virtualization.

import { isIssue } from '../../fact.js';
import { cpuVendor } from '../../parse/cpuinfo.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, pass, procfsMissing, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { detectGuest, guestName, machineName } from '../shared/guest-detection.js';
import { VIRTUALIZATION_BIOS_OPTION } from '../shared/vendor-terms.js';

const fix = remedies('enable-nested-virtualization', 'bios-enable-virtualization');

export const cpuVirtualization: HostCheck = {
  id: 'firmware.cpu.virtualization',
  layer: 'firmware',
  scope: 'host',
  title: 'Does the CPU offer hardware virtualization (VT-x / AMD-V)?',
  reads: '/proc/cpuinfo (flags: vmx, svm, hypervisor)',
  fix: 'Enable Intel VT-x or AMD SVM in the BIOS; in a guest, enable nested virtualization on its host.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const cpu = host.snapshot.platform.cpu;
  if (isIssue(cpu)) return unknown('CPU flags', cpu);
  if (cpu === undefined) return unknown('CPU flags', procfsMissing('/proc/cpuinfo'));
  if (cpu.arch !== 'x86') {
    return pass(`${cpu.arch === 'arm' ? 'arm64' : 'this architecture'} has no CPU flag for it: /dev/kvm decides (hypervisor.kvm.device)`);
  }
  const model = cpu.modelName ?? cpu.vendorId ?? 'the CPU';
  if (cpu.flags.includes('vmx')) return pass(`${model}: Intel VT-x (vmx)`);
  if (cpu.flags.includes('svm')) return pass(`${model}: AMD-V (svm)`);
  const vendor = cpuVendor(cpu);
  const guest = detectGuest(host.snapshot);
  if (cpu.flags.includes('hypervisor') || guest) {
    const what = guest ? guestName(guest) : 'a virtual machine';
    return fail(
      `${model} reports neither vmx nor svm, and it reports "hypervisor": ` +
        `this is ${what} whose hypervisor does not pass VT-x/AMD-V through (no nested virtualization)`,
      fix('enable-nested-virtualization', { module: vendor === 'amd' ? 'kvm_amd' : 'kvm_intel' }),
      ['/proc/cpuinfo'],
    );
  }
  return fail(
    `${model} reports neither vmx nor svm: hardware virtualization is off (recent kernels hide the flag when the BIOS disables it), ` +
      'so KVM cannot run VMs',
    fix('bios-enable-virtualization', { option: VIRTUALIZATION_BIOS_OPTION[vendor], machine: machineName(host.snapshot) }),
    ['/proc/cpuinfo'],
  );
}
