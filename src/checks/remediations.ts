// The remediation catalog: every fix a check can hand an operator, by code — as fastify keeps its error
// messages by code. A check names the code and fills in this host's values: `{{name}}` is a value the check
// must give, `[[…]]` a part left out when a value in it is not known. Codes and texts are listed in
// docs/checks.md (`npm run docs`); a test keeps the two equal. Codes are never shown to users yet, so they
// may be renamed; the texts are what reports print.

export const REMEDIATIONS = {
  // ── any check ──────────────────────────────────────────────────────────────────────────────────────
  'run-as-root': 'Run sriov-check as root.',
  'run-as-root-for-config': 'Run sriov-check as root: the kernel shows other users only the first 64 bytes of PCI config space.',
  'run-as-root-for-log': 'Run sriov-check as root (the kernel log is readable only by root or the adm group).',
  'check-path': 'Check {{path}} on the host.',
  'pass-kernel-log':
    'Pass the kernel log of this boot: `journalctl -k -b > kernel.log` (or `dmesg > kernel.log`), then `sriov-check --kernel-log kernel.log`.',
  'report-bug': 'Report this as a bug with the output of --save-snapshot.',

  // ── a kernel command line change, in the words of the host's boot setup ─────────────────────────────
  'kargs-rpm-ostree': 'Run `rpm-ostree kargs {{flags}}`, then reboot.',
  'kargs-kernel-cmdline':
    'Edit /etc/kernel/cmdline ({{change}}), apply it (`proxmox-boot-tool refresh` on Proxmox VE, `kernel-install add` for the running kernel elsewhere), then reboot.',
  'kargs-grubby': 'Run `grubby --update-kernel=ALL {{args}}`, then reboot.',
  'kargs-update-grub': 'Edit GRUB_CMDLINE_LINUX in /etc/default/grub ({{change}}), run `update-grub`, then reboot.',
  'kargs-grub2-mkconfig': 'Edit GRUB_CMDLINE_LINUX in /etc/default/grub ({{change}}), run `grub2-mkconfig -o /boot/grub2/grub.cfg`, then reboot.',
  'kargs-any-grub':
    'Edit GRUB_CMDLINE_LINUX in /etc/default/grub ({{change}}) and run `update-grub` (Debian, Ubuntu) or `grub2-mkconfig -o /boot/grub2/grub.cfg`; on RHEL and Fedora run `grubby --update-kernel=ALL {{args}}` instead; then reboot.',

  // ── NIC layer ──────────────────────────────────────────────────────────────────────────────────────
  'run-on-hypervisor-host':
    'Run sriov-check on the hypervisor host. To use SR-IOV inside this VM, pass a VF through to it together with a virtual IOMMU (see hypervisor.host.bare-metal).',
  'install-sriov-nic':
    'Install an SR-IOV capable NIC (see docs/checks.md for the families this tool knows). Inside a VM no PF is visible: run sriov-check on the hypervisor host, or give the guest a VF together with a virtual IOMMU.',
  'bios-enable-sriov': 'Enable "SR-IOV Global Enable" (and "SR-IOV support" for the slot) in the BIOS setup, then reboot.',
  'mstconfig-enable-sriov':
    'NVIDIA/Mellanox NIC firmware: `mstconfig -d {{address}} set SRIOV_EN=1 NUM_OF_VFS={{vfs}}` (mstflint package), then power-cycle the host.',
  'load-pf-driver':
    'Load the PF driver: `modprobe {{module}}`; if it is loaded, bind it: `echo {{address}} > /sys/bus/pci/drivers/{{module}}/bind`. `dmesg | grep {{address}}` shows why a probe failed.',
  'rebind-pf-from-vfio':
    'To use VFs from the host, bind the PF back to {{kernelDriver}}: `echo {{address}} > /sys/bus/pci/drivers/{{driver}}/unbind; echo {{address}} > /sys/bus/pci/drivers/{{module}}/bind`.',
  'mstconfig-raise-vfs': 'Raise the firmware VF count: `mstconfig -d {{address}} set SRIOV_EN=1 NUM_OF_VFS={{vfs}}`, then power-cycle the host.',
  'plan-for-driver-limit':
    'Plan for {{limit}} VFs per PF: spread the {{need}} VFs over more PFs (each port is a PF), or use a NIC family whose driver allows {{need}}.',
  'nvm-raise-vfs': "Raise the VF count in the NIC's NVM configuration (vendor tool), or use another PF.",
  'use-another-pf': 'Use another PF: {{model}} provides at most {{total}} VFs per PF[[ (its driver allows {{driverLimit}})]].',
  'create-vfs': 'Create them: `echo {{count}} > {{path}}` (and make it persistent, see hypervisor.vfs.persistent).',
  'recreate-missing-vfs': 'Recreate the VFs: `echo 0 > {{path}}; echo {{count}} > {{path}}`, and look for errors with `dmesg | grep {{address}}`.',
  'change-vf-count': 'Change the count (all-or-nothing): `echo 0 > {{path}}; echo {{count}} > {{path}}`.',
  'free-vfs':
    'Stop or move a consumer that no longer needs its VF (they are listed above, and in the report\'s vfs), or enable more VFs on {{pf}}: `echo 0 > {{path}}; echo {{count}} > {{path}}` (only while none is in use).',
  'install-vf-driver':
    'Install the VF driver[[ {{driver}}]] for kernel {{release}} (often in linux-modules-extra or kernel-modules-extra), or bind the VFs to vfio-pci for passthrough.',
  'bind-vfs':
    'Bind them: `echo {{driver}} > /sys/bus/pci/devices/{{vf}}/driver_override; echo {{vf}} > /sys/bus/pci/drivers_probe` (for each VF), or `echo vfio-pci > …/driver_override` for passthrough.',
  'read-vf-probe-error': '`dmesg | grep {{vf}}` shows the probe error.',
  'rebind-odd-vfs': 'Rebind them to the VF driver or to vfio-pci if they are meant for VMs.',
  'autoprobe-on': '`echo 1 > {{path}}`, or bind each VF with driver_override as part of VF setup.',
  'pf-link-up': 'Check the cable or transceiver and bring the PF up: `ip link set {{netdev}} up`.',
  'pcie-full-slot': 'Move the card to a slot wired for its full width and PCIe generation, or check the BIOS slot settings (bifurcation, link speed).',
  'numa-bios': 'Update the BIOS (ACPI _PXM for the slot) or find the socket of the slot in the board manual and pin VMs by hand.',
  'report-model': 'Nothing to fix on the host; report the model so it can be added to the catalog.',
  'representor-up':
    'Bring each representor up, `ip link set {{netdev}} up`[[ (and likewise {{others}})]], and add it to the switch (bridge or OVS) that serves the VFs: a VF has carrier only while its representor is up.',
  'recreate-representors':
    'Recreate the VFs in switchdev mode: `echo 0 > {{path}}; devlink dev eswitch set pci/{{address}} mode switchdev; echo {{count}} > {{path}}`; `dmesg | grep {{address}}` shows why a representor is missing.',

  // ── firmware / BIOS layer ──────────────────────────────────────────────────────────────────────────
  'enable-nested-virtualization':
    "On the host that runs this VM, enable nested virtualization (`options {{module}} nested=1` in /etc/modprobe.d/kvm.conf, reload {{module}}) and give the VM the host CPU (libvirt `<cpu mode='host-passthrough'/>`); or run sriov-check on the bare-metal host.",
  'bios-enable-virtualization': 'Enable {{option}} in the BIOS setup of {{machine}}, then power-cycle the host.',
  'give-guest-viommu':
    "Give this VM a virtual IOMMU: libvirt `<iommu model='intel'><driver intremap='on'/></iommu>` on a q35 machine (QEMU `-device intel-iommu,intremap=on`); or run sriov-check on the bare-metal host.",
  'bios-enable-iommu':
    'Enable {{option}} in the BIOS setup of {{machine}}, save, and power-cycle the host; the {{tables}} table appears once the firmware enables it.',
  'find-iommu-off-reason':
    'Look for the reason with `dmesg | grep -i -e DMAR -e IOMMU -e AMD-Vi`; the kernel may be built without IOMMU support (CONFIG_INTEL_IOMMU / CONFIG_AMD_IOMMU in /boot/config-{{release}}).',
  'remove-unsafe-interrupts':
    'Remove `vfio_iommu_type1.allow_unsafe_interrupts=1` from the kernel command line and /etc/modprobe.d, then `echo N > /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts`.',
  'map-ivrs-ioapic':
    'Update the BIOS of {{machine}}. Until then, map the IOAPIC by hand with `ivrs_ioapic[{{id}}]=00:14.0` (kernels from 6.2 also take `ivrs_ioapic={{id}}@0000:00:14.0`): {{kernelArgs}}',
  'bios-enable-ir-x2apic':
    'Enable "Interrupt Remapping" and "X2APIC" in the BIOS setup of {{machine}} (often next to "Intel VT-d") and update the BIOS; without it this platform cannot isolate assigned devices.',
  'bios-offer-ir': 'Enable "Interrupt Remapping" (and "X2APIC") in the BIOS setup of {{machine}}, or update the BIOS.',
  'bios-enable-iommu-ir':
    'Enable {{option}}, "Interrupt Remapping" and "X2APIC" in the BIOS setup of {{machine}}; `dmesg | grep -i -e DMAR-IR -e AMD-Vi -e remapping` shows the kernel\'s reason.',
  'never-unsafe-interrupts': 'Do not work around it with `vfio_iommu_type1.allow_unsafe_interrupts=1`: a VM could then inject interrupts into the host.',
  'bios-enable-mmio':
    'In the BIOS setup of {{machine}}, enable "SR-IOV Support" and "Above 4G Decoding" (also called "MMIO above 4 GB" or "64-bit MMIO"), then power-cycle.',
  'realloc-already-set': '`pci=realloc` is already on the kernel command line, so the BIOS settings are what is left.',
  'add-pci-realloc': 'If the firmware still reserves too little, let the kernel resize the bridge windows with `pci=realloc`: {{kernelArgs}}',
  'mstconfig-lower-vfs':
    'NVIDIA/Mellanox: the BIOS must fit NUM_OF_VFS × the VF BAR size; lower it with `mstconfig -d {{address}} set NUM_OF_VFS={{vfs}}` and power-cycle.',
  'enable-ari':
    'Enable "ARI Support" (PCIe ARI forwarding) in the BIOS setup of {{machine}} so that VFs fit on the PF\'s bus; or move the card to a slot on a CPU root port that supports ARI; or let the kernel number the buses itself with `pci=assign-busses`: {{kernelArgs}}',
  'acs-slot':
    'Move the card to a slot on a CPU root port that enforces ACS, or enable ACS in the BIOS setup of {{machine}} where it is offered. `pcie_acs_override=` is an out-of-tree patch that stock kernels ignore; upstream `pci=config_acs=` can only configure ACS that the hardware has.',
  'acs-override-risk':
    "Config space shows no ACS on {{ports}}: the IOMMU groups there are split by {{override}}, not by the hardware. Devices below those ports, and the functions of a multifunction device, can still reach each other by peer-to-peer DMA that the IOMMU never sees: one VM's device can reach another VM's memory (or the host's). Move the card to a slot behind a port that enforces ACS (a CPU root port, see firmware.pci.acs); or keep the override only if you accept that risk knowingly, for VMs that trust each other. To see the groups the hardware makes, remove it: {{kernelArgs}}",
  'mount-securityfs':
    "Mount securityfs (`mount -t securityfs securityfs /sys/kernel/security`) or run sriov-check where the host's /sys/kernel/security is visible.",
  'nic-firmware-out-of-band':
    'Change the NIC firmware settings (SRIOV_EN, NUM_OF_VFS) before enabling Secure Boot, out of band through the BMC, or with Secure Boot off for that boot (`mokutil --disable-validation`).',

  // ── hypervisor layer ───────────────────────────────────────────────────────────────────────────────
  'nest-sriov':
    "Run sriov-check on the hypervisor host. To nest SR-IOV here: pass a VF to this VM (libvirt `<hostdev mode='subsystem' type='pci' managed='yes'>`) and give it a virtual IOMMU (libvirt `<iommu model='intel'><driver intremap='on' caching_mode='on'/></iommu>`).",
  'mount-host-dev': "Mount the host's /dev where --path.rootfs can see it (a container: `-v /dev:/host/dev:ro`), or run sriov-check on the host.",
  'bios-enable-kvm': 'Enable {{option}} in the BIOS setup of {{machine}}, then power-cycle.',
  'find-kvm-off-reason':
    "`dmesg | grep -i kvm` says why KVM did not start; VT-x/AMD-V locked off by the BIOS ({{option}}) is the usual cause. Check that the 'kvm-intel' or 'kvm-amd' modules are loaded & the BIOS has enabled virtualization.",
  'load-kvm-module':
    '`modprobe {{module}}`, and load it at boot: `echo {{module}} > /etc/modules-load.d/kvm.conf`; if modprobe refuses, `dmesg | grep -i kvm` says why (often {{option}} off in the BIOS).',
  'install-kvm-modules':
    "Install the kernel's KVM modules (linux-image on Debian/Ubuntu, kernel-modules-core on RHEL) or use a kernel built with CONFIG_KVM.",
  'install-vfio-modules':
    "Install the kernel's VFIO modules (part of the kernel image package on Debian, Ubuntu and RHEL: reinstall it for {{release}}) or use a kernel built with CONFIG_VFIO_PCI; then `modprobe vfio-pci`.",
  'recreate-vfio-node':
    'devtmpfs or udev did not create the node: `ls -l /dev/vfio`; reloading vfio (`modprobe -r vfio-pci vfio_iommu_type1 vfio; modprobe vfio-pci`) recreates it.',
  'noiommu-off':
    'Enable the IOMMU (see the firmware.iommu checks; in a guest, a virtual IOMMU), then turn the mode off: remove `vfio.enable_unsafe_noiommu_mode=1` from the kernel command line and /etc/modprobe.d and `echo N > /sys/module/vfio/parameters/enable_unsafe_noiommu_mode` (with no device bound to vfio-pci).',
  'recreate-vfs-for-groups':
    'Recreate the VFs now that the IOMMU is on: `echo 0 > {{path}}; echo {{count}} > {{path}}`; `dmesg | grep "iommu group"` shows whether the kernel added them.',
  'separate-iommu-group':
    'A VM must take a whole IOMMU group. Move the card to a slot behind a CPU root port that enforces ACS (see firmware.pci.acs) so that each VF gets a group of its own; or bind every device of group {{group}} to vfio-pci and give them all to the same VM (`echo vfio-pci > /sys/bus/pci/devices/<bdf>/driver_override`, then rebind). `pcie_acs_override=` is an out-of-tree patch that stock kernels ignore.',
  'give-group-to-one-vm': 'Give the whole group to one VM, or move the card to a slot behind a CPU root port with ACS so that each VF gets its own group.',
  'install-qemu': 'Install QEMU and libvirt ({{packages}}), then `systemctl enable --now libvirtd` (or `virtqemud.socket`).',
  'start-libvirt': '`systemctl enable --now libvirtd` (monolithic) or `systemctl enable --now virtqemud.socket` (modular daemons).',
  'raise-persisted-count': 'Set the persisted count to {{count}} in {{path}}.',
  'persist-vfs':
    "Add a udev rule: `echo '{{rule}}' > /etc/udev/rules.d/70-sriov-{{name}}.rules`; or `SR-IOVVirtualFunctions={{count}}` in the [Link] section of the interface's .link file (systemd ≥ 251); or `nmcli connection modify <connection> sriov.total-vfs {{count}}`.",
} as const;

export type RemedyCode = keyof typeof REMEDIATIONS;

/** Codes any check may use: through the outcome helpers (`unknown`), the log and the kernel command line fixes. */
export const SHARED_REMEDIES = [
  'run-as-root',
  'run-as-root-for-config',
  'run-as-root-for-log',
  'check-path',
  'pass-kernel-log',
  'report-bug',
  'kargs-rpm-ostree',
  'kargs-kernel-cmdline',
  'kargs-grubby',
  'kargs-update-grub',
  'kargs-grub2-mkconfig',
  'kargs-any-grub',
] as const satisfies readonly RemedyCode[];

type Value = string | number;
/** `{{name}}` placeholders of a text. */
type Holes<T extends string> = T extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Holes<Rest> : never;
/** Placeholders inside `[[…]]` parts. */
type OptionalHoles<T extends string> = T extends `${string}[[${infer Part}]]${infer Rest}` ? Holes<Part> | OptionalHoles<Rest> : never;
type Text<C extends RemedyCode> = (typeof REMEDIATIONS)[C];
export type RemedyValues<C extends RemedyCode> = { readonly [N in Exclude<Holes<Text<C>>, OptionalHoles<Text<C>>>]: Value } & {
  readonly [N in OptionalHoles<Text<C>>]?: Value | undefined;
};
/** The values argument: none for a text without placeholders, all of them otherwise — a misspelt name does not compile. */
type ValuesArgument<C extends RemedyCode> = [Holes<Text<C>>] extends [never] ? [] : [values: RemedyValues<C>];

export type SharedRemedyCode = (typeof SHARED_REMEDIES)[number];

/** A shared remediation (any check, the outcome helpers, the log and command line fixes) with the values filled in. */
export function sharedRemedy<C extends SharedRemedyCode>(code: C, ...values: ValuesArgument<C>): string {
  return remedy(code, ...values);
}

/** The remediation a check gives with one of its own codes; `codes` is the list docs/checks.md shows for the check. */
export interface Remedies<C extends RemedyCode> {
  <K extends C>(code: K, ...values: ValuesArgument<K>): string;
  readonly codes: readonly C[];
}

/** A check's remedies: it can name no code it did not list here. */
export function remedies<const C extends readonly RemedyCode[]>(...codes: C): Remedies<C[number]> {
  const give = <K extends C[number]>(code: K, ...values: ValuesArgument<K>) => remedy(code, ...values);
  return Object.assign(give, { codes });
}

/** Remediations given together, as one text. */
export function together(...parts: readonly (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
}

function remedy<C extends RemedyCode>(code: C, ...values: ValuesArgument<C>): string {
  return fill(REMEDIATIONS[code], (values[0] ?? {}) as Record<string, Value | undefined>);
}

function fill(text: string, values: Record<string, Value | undefined>): string {
  const withParts = text.replace(/\[\[(.*?)\]\]/g, (_, part: string) => {
    const names = [...part.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string);
    return names.every((n) => values[n] !== undefined) ? part : '';
  });
  return withParts.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`remediation value {{${name}}} missing`);
    return String(value);
  });
}
