// hypervisor.host.bare-metal: SR-IOV PFs live on the bare-metal host; inside a VM only a passed-through VF
// (and, for nesting, a virtual IOMMU) can be used.

import { isIssue, readIssue } from '../../fact.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { detectGuest, guestName, machineName } from '../shared/guest-detection.js';

const fix = remedies('nest-sriov');

export const hostBareMetal: HostCheck = {
  id: 'hypervisor.host.bare-metal',
  layer: 'hypervisor',
  scope: 'host',
  title: 'Is this the bare-metal host rather than a virtual machine?',
  reads: '/proc/cpuinfo (hypervisor flag), /sys/class/dmi/id/{sys_vendor,product_name,bios_vendor}, /sys/hypervisor/type, /sys/bus/vmbus',
  fix: 'Run sriov-check on the hypervisor host; to nest SR-IOV, pass a VF to the VM and give it a virtual IOMMU.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const snap = host.snapshot;
  const signs = detectGuest(snap);
  if (signs) {
    const consequence =
      signs.hypervisor === 'Hyper-V'
        ? 'a VF given to it shows up paired with its hv_netvsc NIC (Accelerated Networking); no PF is visible here'
        : 'no SR-IOV PF is visible inside a VM, and VMs nested in it can only use a VF passed through to this VM, behind a virtual IOMMU';
    return warn(`this host is ${guestName(signs)} (${signs.evidence.join(', ')}): ${consequence}`, fix('nest-sriov'));
  }
  const cpu = snap.platform.cpu;
  const machine = machineName(snap);
  if (isIssue(cpu)) return unknown('guest or bare metal', cpu);
  // Without cpuinfo only DMI can tell, and no DMI at all proves nothing.
  if (cpu === undefined && machine === 'this machine') {
    return unknown('guest or bare metal', readIssue('/proc/cpuinfo', 'ENOENT', 'and no DMI identity in /sys/class/dmi/id'));
  }
  return pass(`bare metal: no hypervisor CPU flag${machine === 'this machine' ? '' : `, DMI ${machine}`}`);
}
