// hypervisor.qemu.present: something has to start the VMs: QEMU, usually driven by a running libvirt.

import { QEMU_BINARIES } from '../../catalog/host-locations.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { listText, pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { osFamily } from '../shared/kernel-args-fix.js';

const fix = remedies('install-qemu', 'start-libvirt');

/** The package install command per distribution family. */
const INSTALL: Record<ReturnType<typeof osFamily>, string> = {
  debian: '`apt install qemu-system-x86 libvirt-daemon-system`',
  rhel: '`dnf install qemu-kvm libvirt`',
  suse: '`zypper install qemu-kvm libvirt`',
  unknown: "your distribution's packages",
};

export const qemuPresent: HostCheck = {
  id: 'hypervisor.qemu.present',
  layer: 'hypervisor',
  scope: 'host',
  title: 'Are QEMU (and libvirt, if installed) ready to start VMs?',
  reads: `${QEMU_BINARIES.join(', ')}, /usr/sbin/{libvirtd,virtqemud}, /run/libvirt/{libvirt-sock,virtqemud-sock}`,
  fix: 'Install QEMU (and libvirt), then start the daemon: `systemctl enable --now libvirtd` or `virtqemud.socket`.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const virt = host.snapshot.virtualization;
  if (virt.qemuBinaries.length === 0) {
    const issue = virt.issues[0];
    if (issue) return unknown('QEMU binaries', issue);
    const packages = INSTALL[osFamily(host.snapshot.platform)];
    return warn(`no QEMU found (${listText([...QEMU_BINARIES], 3)}): nothing here can start a VM yet`, fix('install-qemu', { packages }));
  }
  const qemu = listText(virt.qemuBinaries);
  if (virt.libvirtDaemons.length > 0 && virt.libvirtSockets.length === 0) {
    const daemons = listText(virt.libvirtDaemons);
    const summary = `${qemu} installed; libvirt is installed (${daemons}) but not running: no control socket in /run/libvirt`;
    return warn(summary, fix('start-libvirt'));
  }
  const libvirt =
    virt.libvirtSockets.length > 0
      ? `, libvirt running (${listText(virt.libvirtSockets)})`
      : ', no libvirt (QEMU is driven directly or by another manager)';
  return pass(`${qemu}${libvirt}`);
}
