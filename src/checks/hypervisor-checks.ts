// Hypervisor layer: can this host run VMs and hand them VFs — bare metal, KVM, VFIO, IOMMU groups a VM can
// take whole, QEMU/libvirt, and VFs that come back after a reboot. Rows in fix order.

import { isIssue, known, readIssue } from '../fact.js';
import { cpuVendor } from '../parse/cpuinfo.js';
import type { PersistenceHit, PersistenceKind } from '../parse/vf-persistence.js';
import { NOIOMMU_PARAMETER, QEMU_BINARIES } from '../catalog/host-locations.js';
import type { ModuleState } from '../readers/kernel-reader.js';
import type { PciDevice } from '../readers/pci-reader.js';
import type { CheckDefinition, Outcome } from './check-types.js';
import { isAssignedDriver } from './driver-kinds.js';
import { detectGuest, guestName, machineName } from './guest-detection.js';
import type { HostView, PfView } from './host-view.js';
import { groupMates } from './iommu-groups.js';
import { osFamily } from './kernel-args-fix.js';
import { logLines, quote } from './log-evidence.js';
import { parameterOn } from './module-parameters.js';
import { fail, listText, pass, plural, skip, unknown, warn } from './outcome.js';
import { persistenceFor } from './persistence-match.js';

export const HYPERVISOR_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'hypervisor.host.bare-metal',
    layer: 'hypervisor',
    scope: 'host',
    title: 'Is this the bare-metal host rather than a virtual machine?',
    reads: '/proc/cpuinfo (hypervisor flag), /sys/class/dmi/id/{sys_vendor,product_name,bios_vendor}, /sys/hypervisor/type, /sys/bus/vmbus',
    fix: 'Run sriov-check on the hypervisor host; to nest SR-IOV, pass a VF to the VM and give it a virtual IOMMU.',
    run: bareMetalCheck,
  },
  {
    id: 'hypervisor.kvm.device',
    layer: 'hypervisor',
    scope: 'host',
    title: 'Is KVM ready (/dev/kvm, kvm_intel or kvm_amd)?',
    reads: '/dev/kvm, /proc/modules, lib/modules/<release>/modules.dep, /sys/module/kvm_{intel,amd}/parameters/nested, kernel log',
    fix: "Load the 'kvm-intel' or 'kvm-amd' module (and at boot via /etc/modules-load.d); if it refuses, enable VT-x/AMD-V in the BIOS.",
    requires: ['firmware.cpu.virtualization'],
    run: kvmCheck,
  },
  {
    id: 'hypervisor.vfio.modules',
    layer: 'hypervisor',
    scope: 'host',
    title: 'Can VFIO hand devices to VMs (vfio-pci, vfio_iommu_type1)?',
    reads: '/proc/modules, lib/modules/<release>/{modules.builtin,modules.dep}, /dev/vfio/vfio',
    fix: 'Install the kernel\'s VFIO modules; `modprobe vfio-pci` (libvirt loads it on demand for managed hostdevs).',
    run: vfioModulesCheck,
  },
  {
    id: 'hypervisor.vfio.noiommu',
    layer: 'hypervisor',
    scope: 'host',
    title: 'Is VFIO\'s unsafe no-IOMMU mode off?',
    reads: '/sys/module/vfio/parameters/enable_unsafe_noiommu_mode, /proc/cmdline, /sys/kernel/iommu_groups/<VF group>/name',
    fix: 'Enable the IOMMU (or, in a guest, a virtual IOMMU) and turn enable_unsafe_noiommu_mode off.',
    run: noIommuCheck,
  },
  {
    id: 'hypervisor.iommu.vf-groups',
    layer: 'hypervisor',
    scope: 'pf',
    title: 'Is every VF in an IOMMU group?',
    reads: '<vf>/iommu_group',
    fix: 'Recreate the VFs after enabling the IOMMU (`echo 0`, then `echo N` to sriov_numvfs).',
    requires: ['firmware.iommu.kernel-enabled'],
    run: vfGroupsCheck,
  },
  {
    id: 'hypervisor.iommu.vf-isolation',
    layer: 'hypervisor',
    scope: 'pf',
    title: 'Can each VF go to a VM on its own (nothing host-bound in its IOMMU group)?',
    reads: 'the iommu_group link of every PCI device (= /sys/kernel/iommu_groups/<group>/devices/*), each member\'s driver and class',
    fix: 'Move the card to a slot behind a CPU root port with ACS, or bind every device of the group to vfio-pci for the same VM; `pcie_acs_override` is not upstream.',
    requires: ['hypervisor.iommu.vf-groups'],
    run: vfIsolationCheck,
  },
  {
    id: 'hypervisor.qemu.present',
    layer: 'hypervisor',
    scope: 'host',
    title: 'Are QEMU (and libvirt, if installed) ready to start VMs?',
    reads: `${QEMU_BINARIES.join(', ')}, /usr/sbin/{libvirtd,virtqemud}, /run/libvirt/{libvirt-sock,virtqemud-sock}`,
    fix: 'Install QEMU (and libvirt), then start the daemon: `systemctl enable --now libvirtd` or `virtqemud.socket`.',
    run: qemuCheck,
  },
  {
    id: 'hypervisor.vfs.persistent',
    layer: 'hypervisor',
    scope: 'pf',
    title: 'Will the VFs be recreated after a reboot?',
    reads:
      '/etc/udev/rules.d/*.rules, /etc/systemd/network/*.link, /etc/NetworkManager/system-connections/*, /etc/netplan/*.yaml, /etc/modprobe.d/*.conf, /proc/cmdline (<driver>.max_vfs=), /etc/sriov-operator/*.yaml, /etc/systemd/system/*.service',
    fix: 'Persist the VF count: a udev rule setting ATTR{device/sriov_numvfs}, systemd.link SR-IOVVirtualFunctions= (systemd ≥ 251), or NetworkManager sriov.total-vfs.',
    run: persistenceCheck,
  },
];

// ── checks ──────────────────────────────────────────────────────────────────────────────────────────

function bareMetalCheck(host: HostView): Outcome {
  const snap = host.snapshot;
  const signs = detectGuest(snap);
  if (signs) {
    const hyperV = signs.hypervisor === 'Hyper-V';
    return warn(
      `this host is ${guestName(signs)} (${signs.evidence.join(', ')}): ${
        hyperV
          ? 'a VF given to it shows up paired with its hv_netvsc NIC (Accelerated Networking); no PF is visible here'
          : 'no SR-IOV PF is visible inside a VM, and VMs nested in it can only use a VF passed through to this VM, behind a virtual IOMMU'
      }`,
      "Run sriov-check on the hypervisor host. To nest SR-IOV here: pass a VF to this VM (libvirt `<hostdev mode='subsystem' type='pci' managed='yes'>`) and give it a virtual IOMMU (libvirt `<iommu model='intel'><driver intremap='on' caching_mode='on'/></iommu>`).",
    );
  }
  const cpu = snap.platform.cpu;
  const machine = machineName(snap);
  if (isIssue(cpu)) return unknown('guest or bare metal', cpu);
  // Without cpuinfo only DMI can tell, and no DMI at all proves nothing.
  if (cpu === undefined && machine === 'this machine') return unknown('guest or bare metal', readIssue('/proc/cpuinfo', 'ENOENT', 'and no DMI identity in /sys/class/dmi/id'));
  return pass(`bare metal: no hypervisor CPU flag${machine === 'this machine' ? '' : `, DMI ${machine}`}`);
}

const ENABLED: ReadonlySet<ModuleState> = new Set(['loaded', 'builtin']);

function kvmCheck(host: HostView): Outcome {
  const snap = host.snapshot;
  const virt = snap.virtualization;
  if (isIssue(virt.devVisible)) return unknown('/dev', virt.devVisible);
  if (virt.devVisible !== true) {
    return unknown('/dev/kvm', readIssue('/dev/null', 'ENOENT', "the host's /dev is not visible under the root"), "Mount the host's /dev where --path.rootfs can see it (a container: `-v /dev:/host/dev:ro`), or run sriov-check on the host.");
  }
  if (isIssue(virt.kvmDevice)) return unknown('/dev/kvm', virt.kvmDevice);
  const cpu = snap.platform.cpu;
  const vendor = cpu !== undefined && !isIssue(cpu) ? cpuVendor(cpu) : 'other';
  const module = vendor === 'intel' ? 'kvm_intel' : vendor === 'amd' ? 'kvm_amd' : 'kvm';
  const state = snap.kernel.modules[module];
  const nested = known(virt.moduleParameters[`${module}.nested`]);
  const nestedText = nested ? `, nested=${nested.value}` : '';
  if (virt.kvmDevice === true) {
    return pass(`/dev/kvm present${typeof state === 'string' && ENABLED.has(state) ? `, ${module} ${state}` : ''}${nestedText}`);
  }
  const bios = logLines(snap, ['virt-disabled-bios'])[0];
  const option = vendor === 'amd' ? '"SVM Mode"' : '"Intel Virtualization Technology" (VT-x)';
  if (bios) {
    return fail(`/dev/kvm is missing: the kernel log says hardware virtualization is off in the BIOS (${quote(bios)})`, `Enable ${option} in the BIOS setup of ${machineName(snap)}, then power-cycle.`, ['/dev/kvm']);
  }
  if (isIssue(state)) return unknown(`${module} module`, state);
  const release = typeof snap.kernel.release === 'string' ? snap.kernel.release : 'the running kernel';
  if (state !== undefined && ENABLED.has(state)) {
    return fail(`${module} is ${state} but /dev/kvm is missing`, `\`dmesg | grep -i kvm\` says why KVM did not start; VT-x/AMD-V locked off by the BIOS (${option}) is the usual cause. Check that the 'kvm-intel' or 'kvm-amd' modules are loaded & the BIOS has enabled virtualization.`, ['/dev/kvm']);
  }
  if (state === 'on-disk') {
    return fail(
      `/dev/kvm is missing: ${module} is installed but not loaded`,
      `\`modprobe ${module}\`, and load it at boot: \`echo ${module} > /etc/modules-load.d/kvm.conf\`; if modprobe refuses, \`dmesg | grep -i kvm\` says why (often ${option} off in the BIOS).`,
      ['/dev/kvm', '/proc/modules'],
    );
  }
  return fail(`/dev/kvm is missing and kernel ${release} has no ${module} module`, `Install the kernel's KVM modules (linux-image on Debian/Ubuntu, kernel-modules-core on RHEL) or use a kernel built with CONFIG_KVM.`, ['/dev/kvm']);
}

function vfioModulesCheck(host: HostView): Outcome {
  const snap = host.snapshot;
  const states: [string, ModuleState][] = [];
  for (const module of ['vfio_pci', 'vfio_iommu_type1']) {
    const state = snap.kernel.modules[module];
    if (isIssue(state)) return unknown(`${module} module`, state);
    states.push([module, state ?? 'absent']);
  }
  const missing = states.filter(([, s]) => s === 'absent').map(([m]) => m);
  const release = typeof snap.kernel.release === 'string' ? snap.kernel.release : 'the running kernel';
  if (missing.length > 0) {
    return fail(
      `kernel ${release} has no ${listText(missing)}: VFs cannot be handed to VMs through VFIO`,
      `Install the kernel's VFIO modules (part of the kernel image package on Debian, Ubuntu and RHEL: reinstall it for ${release}) or use a kernel built with CONFIG_VFIO_PCI; then \`modprobe vfio-pci\`.`,
      [`/lib/modules/${release}/modules.dep`],
    );
  }
  const vfio = snap.kernel.modules.vfio;
  const loaded = typeof vfio === 'string' && ENABLED.has(vfio);
  if (loaded && snap.virtualization.devVisible === true && snap.virtualization.vfioDevice === false) {
    return warn('vfio is loaded but /dev/vfio/vfio is missing: QEMU cannot open the VFIO container', 'devtmpfs or udev did not create the node: `ls -l /dev/vfio`; reloading vfio (`modprobe -r vfio-pci vfio_iommu_type1 vfio; modprobe vfio-pci`) recreates it.', ['/dev/vfio/vfio']);
  }
  const text = states.map(([m, s]) => `${m} ${s === 'on-disk' ? 'installed (loaded on demand)' : s}`);
  return pass(`${listText(text)}${snap.virtualization.vfioDevice === true ? ', /dev/vfio/vfio present' : ''}`);
}

function noIommuCheck(host: HostView): Outcome {
  const snap = host.snapshot;
  const param = snap.virtualization.moduleParameters[NOIOMMU_PARAMETER];
  if (isIssue(param)) return unknown('vfio no-IOMMU mode', param);
  const groups = Object.entries(snap.iommu.groups)
    .filter(([, g]) => g.name === 'vfio-noiommu')
    .map(([n]) => n);
  const on = parameterOn(snap, NOIOMMU_PARAMETER);
  if (on || groups.length > 0) {
    const where = [on ? 'vfio enable_unsafe_noiommu_mode is on' : '', groups.length ? `IOMMU group${groups.length > 1 ? 's' : ''} ${listText(groups)} ${groups.length > 1 ? 'are' : 'is'} vfio-noiommu` : ''].filter(Boolean).join('; ');
    return warn(
      `${where}: devices given to VMs this way are not isolated — a VM can DMA anywhere in host memory`,
      'Enable the IOMMU (see the firmware.iommu checks; in a guest, a virtual IOMMU), then turn the mode off: remove `vfio.enable_unsafe_noiommu_mode=1` from the kernel command line and /etc/modprobe.d and `echo N > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode` (with no device bound to vfio-pci).',
      ['/sys/module/vfio/parameters/enable_unsafe_noiommu_mode'],
    );
  }
  return pass(param === undefined ? 'off (vfio is not loaded)' : `off (enable_unsafe_noiommu_mode=${param.value})`);
}

function vfGroupsCheck(pf: PfView): Outcome {
  if (pf.vfs.length === 0) return skip('no VFs on the PCI bus yet');
  const missing: string[] = [];
  const groups = new Set<string>();
  for (const vf of pf.vfs) {
    if (isIssue(vf.iommuGroup)) return unknown(`IOMMU group of VF ${vf.address}`, vf.iommuGroup);
    if (vf.iommuGroup === undefined) missing.push(vf.address);
    else groups.add(vf.iommuGroup);
  }
  if (missing.length > 0) {
    const path = `/sys/bus/pci/devices/${pf.address}/sriov_numvfs`;
    return fail(
      `${plural(missing.length, 'VF')} of ${pf.vfs.length} ${missing.length === 1 ? 'has' : 'have'} no IOMMU group (${listText(missing, 4)}): VFIO cannot take ${missing.length === 1 ? 'it' : 'them'}`,
      `Recreate the VFs now that the IOMMU is on: \`echo 0 > ${path}; echo ${pf.vfs.length} > ${path}\`; \`dmesg | grep "iommu group"\` shows whether the kernel added them.`,
      missing.map((a) => `/sys/bus/pci/devices/${a}/iommu_group`),
    );
  }
  const sorted = [...groups].sort((a, b) => Number(a) - Number(b));
  return pass(`all ${plural(pf.vfs.length, 'VF')} in IOMMU groups (${listText(sorted, 4)})`);
}

function vfIsolationCheck(pf: PfView, host: HostView): Outcome {
  if (pf.vfs.length === 0) return skip('no VFs on the PCI bus yet');
  const hostBound: { vf: PciDevice; group: string; mates: PciDevice[] }[] = [];
  const together: { vf: PciDevice; group: string; mates: PciDevice[] }[] = [];
  for (const vf of pf.vfs) {
    const group = vf.iommuGroup as string;
    const mates = groupMates(vf, host) ?? [];
    if (mates.length === 0) continue;
    for (const m of mates) if (isIssue(m.driver)) return unknown(`driver of ${m.address} (IOMMU group ${group})`, m.driver);
    const bound = mates.filter((m) => typeof m.driver === 'string' && !isAssignedDriver(m.driver));
    (bound.length > 0 ? hostBound : together).push({ vf, group, mates });
  }
  const describe = (m: PciDevice) => `${m.address} (${role(m, pf, host)}, ${typeof m.driver === 'string' ? m.driver : 'no driver'})`;
  const first = hostBound[0];
  if (first) {
    const bound = first.mates.filter((m) => typeof m.driver === 'string' && !isAssignedDriver(m.driver));
    const rest = first.mates.length - bound.length;
    const others = hostBound.length > 1 ? `; ${plural(hostBound.length - 1, 'more VF')} likewise` : '';
    return fail(
      `VF ${first.vf.address} shares IOMMU group ${first.group} with host-bound ${listText(bound.map(describe), 4)}${rest > 0 ? ` (and ${plural(rest, 'device')} on vfio-pci or unbound)` : ''}${others}: QEMU refuses it with "vfio: error, group ${first.group} is not viable, please ensure all devices within the iommu_group are bound to their vfio bus driver."`,
      `A VM must take a whole IOMMU group. Move the card to a slot behind a CPU root port that enforces ACS (see firmware.pci.acs) so that each VF gets a group of its own; or bind every device of group ${first.group} to vfio-pci and give them all to the same VM (\`echo vfio-pci > /sys/bus/pci/devices/<bdf>/driver_override\`, then rebind). \`pcie_acs_override=\` is an out-of-tree patch that stock kernels ignore.`,
      [`/sys/kernel/iommu_groups/${first.group}/devices`],
    );
  }
  const shared = together[0];
  if (shared) {
    return warn(
      `VF ${shared.vf.address} shares IOMMU group ${shared.group} with ${listText(shared.mates.map(describe), 4)}${together.length > 1 ? `; ${plural(together.length - 1, 'more VF')} likewise` : ''}: they are unbound or on vfio-pci, so they can go to a VM only together`,
      'Give the whole group to one VM, or move the card to a slot behind a CPU root port with ACS so that each VF gets its own group.',
      [`/sys/kernel/iommu_groups/${shared.group}/devices`],
    );
  }
  return pass(`each of the ${plural(pf.vfs.length, 'VF')} is alone in its IOMMU group`);
}

function role(device: PciDevice, pf: PfView, host: HostView): string {
  if (device.address === pf.address) return 'its PF';
  if (device.physfn !== undefined) return `a VF of ${device.physfn}`;
  const id = `${typeof device.vendorId === 'string' ? device.vendorId : '????'}:${typeof device.deviceId === 'string' ? device.deviceId : '????'}`;
  return host.snapshot.names.devices[id] ?? id;
}

const INSTALL: Record<ReturnType<typeof osFamily>, string> = {
  debian: '`apt install qemu-system-x86 libvirt-daemon-system`',
  rhel: '`dnf install qemu-kvm libvirt`',
  suse: '`zypper install qemu-kvm libvirt`',
  unknown: "your distribution's packages",
};

function qemuCheck(host: HostView): Outcome {
  const virt = host.snapshot.virtualization;
  const install = INSTALL[osFamily(host.snapshot.platform)];
  if (virt.qemuBinaries.length === 0) {
    const issue = virt.issues[0];
    if (issue) return unknown('QEMU binaries', issue);
    return warn(`no QEMU found (${listText([...QEMU_BINARIES], 3)}): nothing here can start a VM yet`, `Install QEMU and libvirt (${install}), then \`systemctl enable --now libvirtd\` (or \`virtqemud.socket\`).`);
  }
  const qemu = listText(virt.qemuBinaries);
  if (virt.libvirtDaemons.length > 0 && virt.libvirtSockets.length === 0) {
    return warn(`${qemu} installed; libvirt is installed (${listText(virt.libvirtDaemons)}) but not running: no control socket in /run/libvirt`, '`systemctl enable --now libvirtd` (monolithic) or `systemctl enable --now virtqemud.socket` (modular daemons).');
  }
  const libvirt = virt.libvirtSockets.length > 0 ? `, libvirt running (${listText(virt.libvirtSockets)})` : ', no libvirt (QEMU is driven directly or by another manager)';
  return pass(`${qemu}${libvirt}`);
}

const KIND_TEXT: Record<PersistenceKind, string> = {
  'udev-rule': 'udev rule',
  'systemd-link': 'systemd .link',
  networkmanager: 'NetworkManager',
  netplan: 'netplan',
  modprobe: 'module option',
  'kernel-cmdline': 'kernel command line',
  'sriov-operator': 'sriov-network-operator',
  'systemd-unit': 'systemd unit',
};

function persistenceCheck(pf: PfView, host: HostView): Outcome {
  const num = pf.device.sriov?.numVfs;
  if (isIssue(num)) return unknown('sriov_numvfs', num);
  if (!num) return skip('no VFs enabled now: nothing to recreate');
  const hits = persistenceFor(pf, host);
  const describe = (h: PersistenceHit) => `${h.path} (${KIND_TEXT[h.kind]}${h.vfCount !== undefined ? `, ${plural(h.vfCount, 'VF')}` : ''})`;
  if (hits.length > 0) {
    const counts = hits.map((h) => h.vfCount);
    const most = counts.every((c) => c !== undefined) ? Math.max(...(counts as number[])) : undefined;
    if (most !== undefined && most < num) {
      return warn(`${plural(num, 'VF')} ${num === 1 ? 'exists' : 'exist'} now, but ${listText(hits.map(describe))} recreate${hits.length > 1 ? '' : 's'} only ${most} at boot`, `Set the persisted count to ${num} in ${hits[0]?.path ?? 'that file'}.`, hits.map((h) => h.path));
    }
    return pass(`recreated at boot by ${listText(hits.map(describe))}`, hits.map((h) => h.path));
  }
  const issue = host.snapshot.vfPersistence.issues[0];
  if (issue) return unknown(`VF persistence for ${pf.subject} (nothing found in what could be read)`, issue);
  const name = pf.netdev?.name;
  const rule = name
    ? `ACTION=="add", SUBSYSTEM=="net", KERNEL=="${name}", ATTR{device/sriov_numvfs}="${num}"`
    : `ACTION=="bind", SUBSYSTEM=="pci", KERNEL=="${pf.address}", ATTR{sriov_numvfs}="${num}"`;
  return warn(
    `${plural(num, 'VF')} ${num === 1 ? 'exists' : 'exist'} now, but nothing recreates them at boot (sriov_numvfs does not survive a reboot): no udev rule, systemd .link, NetworkManager, netplan, module option or sriov-operator setting names ${pf.subject}`,
    `Add a udev rule: \`echo '${rule}' > /etc/udev/rules.d/70-sriov-${name ?? pf.address}.rules\`; or \`SR-IOVVirtualFunctions=${num}\` in the [Link] section of the interface's .link file (systemd ≥ 251); or \`nmcli connection modify <connection> sriov.total-vfs ${num}\`.`,
  );
}
