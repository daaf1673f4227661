// hypervisor.kvm.device: QEMU needs /dev/kvm, which kvm_intel / kvm_amd create once the CPU's virtualization
// is on; when it is missing, the kernel log, the module state and the release say why.

import { isIssue, known, readIssue } from '../../fact.js';
import { cpuVendor } from '../../parse/cpuinfo.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, pass, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { machineName } from '../shared/guest-detection.js';
import { logLines, quote } from '../shared/log-evidence.js';
import { isUsable } from '../shared/module-states.js';

const fix = remedies('mount-host-dev', 'bios-enable-kvm', 'find-kvm-off-reason', 'load-kvm-module', 'install-kvm-modules');

export const kvmDevice: HostCheck = {
  id: 'hypervisor.kvm.device',
  layer: 'hypervisor',
  scope: 'host',
  title: 'Is KVM ready (/dev/kvm, kvm_intel or kvm_amd)?',
  reads: '/dev/kvm, /proc/modules, lib/modules/<release>/modules.dep, /sys/module/kvm_{intel,amd}/parameters/nested, kernel log',
  fix: "Load the 'kvm-intel' or 'kvm-amd' module (and at boot via /etc/modules-load.d); if it refuses, enable VT-x/AMD-V in the BIOS.",
  requires: ['firmware.cpu.virtualization'],
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const snap = host.snapshot;
  const virt = snap.virtualization;
  if (isIssue(virt.devVisible)) return unknown('/dev', virt.devVisible);
  if (virt.devVisible !== true) {
    return unknown('/dev/kvm', readIssue('/dev/null', 'ENOENT', "the host's /dev is not visible under the root"), fix('mount-host-dev'));
  }
  if (isIssue(virt.kvmDevice)) return unknown('/dev/kvm', virt.kvmDevice);
  const cpu = snap.platform.cpu;
  const vendor = cpu !== undefined && !isIssue(cpu) ? cpuVendor(cpu) : 'other';
  const module = vendor === 'intel' ? 'kvm_intel' : vendor === 'amd' ? 'kvm_amd' : 'kvm';
  const state = snap.kernel.modules[module];
  const nested = known(virt.moduleParameters[`${module}.nested`]);
  if (virt.kvmDevice === true) {
    const loaded = typeof state === 'string' && isUsable(state) ? `, ${module} ${state}` : '';
    return pass(`/dev/kvm present${loaded}${nested ? `, nested=${nested.value}` : ''}`);
  }
  const bios = logLines(snap, ['virt-disabled-bios'])[0];
  const option = vendor === 'amd' ? '"SVM Mode"' : '"Intel Virtualization Technology" (VT-x)';
  if (bios) {
    return fail(
      `/dev/kvm is missing: the kernel log says hardware virtualization is off in the BIOS (${quote(bios)})`,
      fix('bios-enable-kvm', { option, machine: machineName(snap) }),
      ['/dev/kvm'],
    );
  }
  if (isIssue(state)) return unknown(`${module} module`, state);
  if (state !== undefined && isUsable(state)) {
    return fail(`${module} is ${state} but /dev/kvm is missing`, fix('find-kvm-off-reason', { option }), ['/dev/kvm']);
  }
  if (state === 'on-disk') {
    const evidence = ['/dev/kvm', '/proc/modules'];
    return fail(`/dev/kvm is missing: ${module} is installed but not loaded`, fix('load-kvm-module', { module, option }), evidence);
  }
  const release = known(snap.kernel.release) ?? 'the running kernel';
  return fail(`/dev/kvm is missing and kernel ${release} has no ${module} module`, fix('install-kvm-modules'), ['/dev/kvm']);
}
