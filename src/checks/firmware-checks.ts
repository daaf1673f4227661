// Firmware / BIOS layer: hardware virtualization, the IOMMU from ACPI table to kernel to interrupt
// remapping, and what the firmware gave each PF on the PCI bus (MMIO for VF BARs, ARI, ACS). Rows in fix
// order; a row that needs the IOMMU says so in `requires`, so "no IOMMU" is reported once.

import { isIssue, known, readIssue, type ReadIssue } from '../fact.js';
import { cpuVendor, type CpuVendor } from '../parse/cpuinfo.js';
import { DMAR_FLAG_INTR_REMAP } from '../parse/acpi-table.js';
import { cmdlineValue, cmdlineValues as values, type KernelParameter } from '../parse/kernel-cmdline.js';
import { ACS, ACS_REQUIRED } from '../parse/pci-config.js';
import { isAssigned } from '../parse/pci-resource.js';
import { isBridgeClass } from '../parse/pci-class.js';
import type { AcpiIommuTable } from '../readers/platform-reader.js';
import type { HostSnapshot } from '../snapshot/snapshot-types.js';
import type { CheckDefinition, CheckOptions, Outcome } from './check-types.js';
import { detectGuest, guestName, machineName } from './guest-detection.js';
import type { HostView, PfView } from './host-view.js';
import { kernelArgsFix } from './kernel-args-fix.js';
import { logCoversBoot, logGap, logHint, logLines, quote } from './log-evidence.js';
import { parameterOn } from './module-parameters.js';
import { fail, listText, pass, plural, RUN_AS_ROOT, unknown, warn } from './outcome.js';
import { sharedGroups } from './iommu-groups.js';
import { placeVfs } from './vf-routing.js';

export const FIRMWARE_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'firmware.cpu.virtualization',
    layer: 'firmware',
    scope: 'host',
    title: 'Does the CPU offer hardware virtualization (VT-x / AMD-V)?',
    reads: '/proc/cpuinfo (flags: vmx, svm, hypervisor)',
    fix: 'Enable Intel VT-x or AMD SVM in the BIOS; in a guest, enable nested virtualization on its host.',
    run: cpuVirtualizationCheck,
  },
  {
    id: 'firmware.iommu.acpi-table',
    layer: 'firmware',
    scope: 'host',
    title: 'Does the firmware describe an IOMMU (ACPI DMAR / IVRS / IORT)?',
    reads: '/sys/firmware/acpi/tables/{DMAR,IVRS,IORT}, /proc/cpuinfo (vendor_id)',
    fix: 'Enable Intel VT-d or AMD IOMMU (AMD-Vi) in the BIOS; the kernel command line cannot replace it.',
    run: acpiTableCheck,
  },
  {
    id: 'firmware.iommu.cmdline',
    layer: 'firmware',
    scope: 'host',
    title: 'Does the kernel command line leave the IOMMU on?',
    reads: '/proc/cmdline (intel_iommu=, amd_iommu=, iommu=)',
    fix: 'Remove `intel_iommu=off`, `amd_iommu=off` or `iommu=off` from the boot loader configuration (GRUB, grubby, rpm-ostree).',
    run: cmdlineCheck,
  },
  {
    id: 'firmware.iommu.kernel-enabled',
    layer: 'firmware',
    scope: 'host',
    title: 'Did the kernel enable the IOMMU?',
    reads: '/sys/class/iommu/*, entries of /sys/kernel/iommu_groups, /proc/cmdline, kernel log',
    fix: 'Intel: add `intel_iommu=on iommu=pt` to the kernel command line; otherwise see the kernel log for why the IOMMU stayed off.',
    requires: ['firmware.iommu.acpi-table', 'firmware.iommu.cmdline'],
    run: kernelEnabledCheck,
  },
  {
    id: 'firmware.iommu.interrupt-remapping',
    layer: 'firmware',
    scope: 'host',
    title: 'Is interrupt remapping on?',
    reads:
      '/proc/interrupts (IR- chips), /sys/class/iommu/dmar*/intel-iommu/ecap (bit 3), /sys/firmware/acpi/tables/DMAR (flags), /proc/cmdline (intremap=), /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts, kernel log',
    fix: 'Enable interrupt remapping and x2APIC in the BIOS (AMD with an IVRS bug: BIOS update or `ivrs_ioapic[<id>]=00:14.0`); remove `intremap=off`/`nointremap`; never rely on allow_unsafe_interrupts.',
    requires: ['firmware.iommu.kernel-enabled'],
    run: interruptRemappingCheck,
  },
  {
    id: 'firmware.iommu.passthrough',
    layer: 'firmware',
    scope: 'host',
    title: 'Do host-owned devices bypass IOMMU translation (iommu=pt)?',
    reads: '/proc/cmdline (iommu=pt, iommu.passthrough=), /sys/kernel/iommu_groups/<PF group>/type',
    fix: 'Add `iommu=pt` to the kernel command line: host devices then use identity mappings; VFs given to VMs stay translated.',
    requires: ['firmware.iommu.kernel-enabled'],
    run: passthroughCheck,
  },
  {
    id: 'firmware.pci.mmio',
    layer: 'firmware',
    scope: 'pf',
    title: 'Did the firmware reserve MMIO space for the VF BARs?',
    reads: '<pf>/resource (VF BAR windows, lines 8–13), kernel log (not enough MMIO resources for SR-IOV, VF BAR … can\'t assign, -12)',
    fix: 'Enable "SR-IOV Support" and "Above 4G Decoding" in the BIOS; add `pci=realloc` to the kernel command line; NVIDIA: lower NUM_OF_VFS.',
    requires: ['nic.sriov.firmware-enabled'],
    run: mmioCheck,
  },
  {
    id: 'firmware.pci.ari-forwarding',
    layer: 'firmware',
    scope: 'pf',
    title: 'Can the VFs be addressed (ARI forwarding, bus numbers)?',
    reads: '<pf>/{sriov_offset,sriov_stride,sriov_numvfs,sriov_totalvfs,ari_enabled}, upstream bridge {config (DevCap2/DevCtl2 bit 5), subordinate_bus_number}, kernel log (bus number out of range)',
    fix: 'Enable "ARI Support" in the BIOS, or move the card to a slot on an ARI-capable root port; `pci=assign-busses` lets the kernel number buses itself.',
    requires: ['nic.sriov.firmware-enabled'],
    run: ariCheck,
  },
  {
    id: 'firmware.pci.acs',
    layer: 'firmware',
    scope: 'pf',
    title: 'Do the bridges above the PF enforce ACS isolation?',
    reads: 'config of each bridge up to the root (ACS extended capability 0x000D: SV, RR, CR, UF), IOMMU groups of the PF and its VFs',
    fix: 'Use a slot on a CPU root port with ACS (or enable ACS in the BIOS where offered); IOMMU groups, not ACS, decide what a VM can take.',
    requires: ['firmware.iommu.kernel-enabled'],
    run: acsCheck,
  },
  {
    id: 'firmware.kernel.lockdown',
    layer: 'firmware',
    scope: 'host',
    title: 'Does kernel lockdown leave NIC firmware tools working?',
    reads: '/sys/kernel/security/lockdown',
    fix: 'Change NIC firmware settings (SR-IOV, NUM_OF_VFS) out of band through the BMC, or while Secure Boot is off.',
    run: lockdownCheck,
  },
];

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────────

/** Whose IOMMU to expect; `other` when the CPU could not be read. */
function vendorOf(snapshot: HostSnapshot): CpuVendor {
  const cpu = snapshot.platform.cpu;
  return cpu === undefined || isIssue(cpu) ? 'other' : cpuVendor(cpu);
}

function cmdlineParams(snapshot: HostSnapshot): readonly KernelParameter[] {
  return known(snapshot.kernel.parameters) ?? [];
}

const TABLE_FOR: Record<CpuVendor, readonly AcpiIommuTable[]> = { intel: ['DMAR'], amd: ['IVRS'], arm: ['IORT'], other: ['DMAR', 'IVRS', 'IORT'] };
const TABLE_MEANS: Record<AcpiIommuTable, string> = { DMAR: 'the VT-d remapping units', IVRS: 'the AMD-Vi IOMMU', IORT: 'the SMMU' };
const IOMMU_NAME: Record<CpuVendor, string> = { intel: 'VT-d', amd: 'AMD-Vi', arm: 'the SMMU', other: 'the IOMMU' };
const IOMMU_OPTION: Record<CpuVendor, string> = {
  intel: '"Intel VT-d" ("Intel Virtualization Technology for Directed I/O")',
  amd: '"IOMMU" (AMD-Vi; on server boards often under NBIO Common Options)',
  arm: 'the SMMU',
  other: 'the IOMMU (Intel VT-d / AMD IOMMU)',
};
const VIRT_OPTION: Record<CpuVendor, string> = {
  intel: '"Intel Virtualization Technology" (VT-x)',
  amd: '"SVM Mode" (AMD-V)',
  arm: 'virtualization',
  other: 'VT-x / AMD-V',
};
const VIOMMU = "libvirt `<iommu model='intel'><driver intremap='on'/></iommu>` on a q35 machine (QEMU `-device intel-iommu,intremap=on`)";

function noProcFile(path: string): ReadIssue {
  return readIssue(path, 'ENOENT', 'procfs not readable under the root');
}

// ── checks ──────────────────────────────────────────────────────────────────────────────────────────

function cpuVirtualizationCheck(host: HostView): Outcome {
  const cpu = host.snapshot.platform.cpu;
  if (isIssue(cpu)) return unknown('CPU flags', cpu);
  if (cpu === undefined) return unknown('CPU flags', noProcFile('/proc/cpuinfo'));
  if (cpu.arch !== 'x86') return pass(`${cpu.arch === 'arm' ? 'arm64' : 'this architecture'} has no CPU flag for it: /dev/kvm decides (hypervisor.kvm.device)`);
  const model = cpu.modelName ?? cpu.vendorId ?? 'the CPU';
  if (cpu.flags.includes('vmx')) return pass(`${model}: Intel VT-x (vmx)`);
  if (cpu.flags.includes('svm')) return pass(`${model}: AMD-V (svm)`);
  const vendor = cpuVendor(cpu);
  const guest = detectGuest(host.snapshot);
  if (cpu.flags.includes('hypervisor') || guest) {
    const kvm = vendor === 'amd' ? 'kvm_amd' : 'kvm_intel';
    return fail(
      `${model} reports neither vmx nor svm, and it reports "hypervisor": this is ${guest ? guestName(guest) : 'a virtual machine'} whose hypervisor does not pass VT-x/AMD-V through (no nested virtualization)`,
      `On the host that runs this VM, enable nested virtualization (\`options ${kvm} nested=1\` in /etc/modprobe.d/kvm.conf, reload ${kvm}) and give the VM the host CPU (libvirt \`<cpu mode='host-passthrough'/>\`); or run sriov-check on the bare-metal host.`,
      ['/proc/cpuinfo'],
    );
  }
  return fail(
    `${model} reports neither vmx nor svm: hardware virtualization is off (recent kernels hide the flag when the BIOS disables it), so KVM cannot run VMs`,
    `Enable ${VIRT_OPTION[vendor]} in the BIOS setup of ${machineName(host.snapshot)}, then power-cycle the host.`,
    ['/proc/cpuinfo'],
  );
}

function acpiTableCheck(host: HostView): Outcome {
  const vendor = vendorOf(host.snapshot);
  const tables = host.snapshot.platform.acpiTables;
  const expected = TABLE_FOR[vendor];
  for (const name of expected) {
    const table = tables[name];
    if (isIssue(table)) return unknown(`ACPI ${name} table`, table);
    if (table === undefined) continue;
    const detail = table.readable ? `OEM ${table.oemId ?? '?'} ${table.oemTableId ?? ''}`.trim() + `, ${table.length ?? '?'} bytes` : 'its bytes are readable only by root';
    return pass(`ACPI ${name} table present (${detail}): the firmware describes ${TABLE_MEANS[name]}`, [`/sys/firmware/acpi/tables/${name}`]);
  }
  const names = expected.join(', ');
  // A device-tree platform (Arm) has no ACPI tables at all; IOMMU units the kernel registered prove the firmware
  // described one anyway.
  const units = Array.isArray(host.snapshot.iommu.units) ? host.snapshot.iommu.units : [];
  if (units.length > 0) return pass(`no ACPI ${names} table, but the kernel registered ${plural(units.length, 'IOMMU unit')} (${listText(units.map((u) => u.name))}): described by the device tree`);
  const guest = detectGuest(host.snapshot);
  if (guest) {
    return fail(
      `no ACPI ${names} table: this is ${guestName(guest)} without a virtual IOMMU, so nothing can be assigned to VMs inside it`,
      `Give this VM a virtual IOMMU: ${VIOMMU}; or run sriov-check on the bare-metal host.`,
      expected.map((n) => `/sys/firmware/acpi/tables/${n}`),
    );
  }
  const params = cmdlineParams(host.snapshot);
  const asked = vendor === 'amd' ? values(params, 'amd_iommu').includes('on') && 'amd_iommu=on' : values(params, 'intel_iommu').includes('on') && 'intel_iommu=on';
  const note = asked ? `; \`${asked}\` is already on the kernel command line, but the kernel cannot enable an IOMMU the firmware does not describe: the command line cannot fix this` : '';
  return fail(
    `no ACPI ${names} table in /sys/firmware/acpi/tables: ${IOMMU_NAME[vendor]} is disabled in the BIOS (or the platform has none)${note}`,
    `Enable ${IOMMU_OPTION[vendor]} in the BIOS setup of ${machineName(host.snapshot)}, save, and power-cycle the host; the ${names} table appears once the firmware enables it.`,
    expected.map((n) => `/sys/firmware/acpi/tables/${n}`),
  );
}

function cmdlineCheck(host: HostView): Outcome {
  const params = host.snapshot.kernel.parameters;
  if (isIssue(params)) return unknown('kernel command line', params);
  if (params === undefined) return unknown('kernel command line', noProcFile('/proc/cmdline'));
  const vendor = vendorOf(host.snapshot);
  const off: string[] = [];
  if (vendor !== 'amd' && values(params, 'intel_iommu').includes('off')) off.push('intel_iommu=off');
  if (vendor !== 'intel' && values(params, 'amd_iommu').includes('off')) off.push('amd_iommu=off');
  if (values(params, 'iommu').includes('off')) off.push('iommu=off');
  const shown = params.filter((p) => /^(?:intel_iommu|amd_iommu|iommu|iommu\.passthrough|iommu\.strict)$/.test(p.name)).map((p) => p.raw);
  if (off.length > 0) {
    const add = vendor === 'intel' ? ['intel_iommu=on', 'iommu=pt'] : ['iommu=pt'];
    return fail(`the kernel command line turns the IOMMU off: ${off.map((o) => `\`${o}\``).join(', ')}`, kernelArgsFix(host.snapshot.platform, { remove: off, add }), ['/proc/cmdline']);
  }
  return pass(`nothing turns the IOMMU off${shown.length ? ` (${shown.join(' ')})` : ''}`);
}

function kernelEnabledCheck(host: HostView): Outcome {
  const { units, groupCount } = host.snapshot.iommu;
  if (isIssue(units)) return unknown('IOMMU units', units);
  if (isIssue(groupCount)) return unknown('IOMMU groups', groupCount);
  const unitNames = (units ?? []).map((u) => u.name);
  const groups = groupCount ?? 0;
  if (groups > 0) {
    return pass(`${plural(unitNames.length, 'IOMMU unit')}${unitNames.length ? ` (${listText(unitNames)})` : ''}, ${plural(groups, 'IOMMU group')}`);
  }
  const vendor = vendorOf(host.snapshot);
  const params = cmdlineParams(host.snapshot);
  const evidence = ['/sys/class/iommu', '/sys/kernel/iommu_groups'];
  if (vendor === 'intel' && !values(params, 'intel_iommu').includes('on')) {
    return fail(
      'the firmware describes VT-d but the kernel did not enable it: /sys/kernel/iommu_groups is empty and `intel_iommu=on` is not on the kernel command line (this kernel does not turn VT-d on by default)',
      kernelArgsFix(host.snapshot.platform, { add: ['intel_iommu=on', 'iommu=pt'] }),
      evidence,
    );
  }
  const logged = logLines(host.snapshot, ['iommu-disabled', 'iommu-enabled'])[0];
  const release = typeof host.snapshot.kernel.release === 'string' ? host.snapshot.kernel.release : '$(uname -r)';
  return fail(
    `the firmware describes ${IOMMU_NAME[vendor]} but the kernel did not enable it: no IOMMU groups in /sys/kernel/iommu_groups${logged ? `; kernel log: ${quote(logged)}` : ''}`,
    `Look for the reason with \`dmesg | grep -i -e DMAR -e IOMMU -e AMD-Vi\`; the kernel may be built without IOMMU support (CONFIG_INTEL_IOMMU / CONFIG_AMD_IOMMU in /boot/config-${release}).`,
    evidence,
  );
}

function interruptRemappingCheck(host: HostView): Outcome {
  const snap = host.snapshot;
  const params = cmdlineParams(snap);
  const platform = snap.platform;
  const offToken = values(params, 'intremap').includes('off') ? 'intremap=off' : params.some((p) => p.name === 'nointremap') ? 'nointremap' : undefined;
  if (offToken) {
    return fail(
      `interrupt remapping is switched off on the kernel command line (\`${offToken}\`): VFIO refuses to assign devices without it ("No interrupt remapping support")`,
      kernelArgsFix(platform, { remove: [offToken] }),
      ['/proc/cmdline'],
    );
  }
  const unsafe = parameterOn(snap, 'vfio_iommu_type1.allow_unsafe_interrupts');
  const interrupts = snap.iommu.interrupts;
  const live = interrupts !== undefined && !isIssue(interrupts) ? interrupts : undefined;
  const onLines = logLines(snap, ['ir-enabled']);
  const offLines = logLines(snap, ['ir-firmware-bug', 'ir-disabled', 'vfio-no-ir']);

  let enabled: string | undefined;
  let disabled: string | undefined;
  if (live && live.remapped > 0) enabled = `/proc/interrupts shows ${plural(live.remapped, 'device interrupt')} through ${listText(live.chips.filter((c) => c.startsWith('IR-')))}`;
  else if (live && live.notRemapped > 0) disabled = `/proc/interrupts shows ${plural(live.notRemapped, 'device interrupt')} on ${listText(live.chips)} and none through an IR- chip`;
  else if (onLines[0]) enabled = `kernel log: ${quote(onLines[0])}`;
  else if (offLines[0]) disabled = `kernel log: ${quote(offLines[0])}`;

  if (enabled) {
    if (unsafe) {
      return warn(
        `interrupt remapping is on (${enabled}), but vfio_iommu_type1 allow_unsafe_interrupts is set: VFIO would also accept devices without that protection`,
        'Remove `vfio_iommu_type1.allow_unsafe_interrupts=1` from the kernel command line and /etc/modprobe.d, then `echo N > /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts`.',
        ['/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts'],
      );
    }
    return pass(`on: ${enabled}`);
  }

  // Why it is off, or why it would be: registers and tables first, then what the kernel said.
  const vendor = vendorOf(snap);
  const units = Array.isArray(snap.iommu.units) ? snap.iommu.units : [];
  const withoutIr = units.filter((u) => u.interruptRemapping === false).map((u) => u.name);
  const dmar = platform.acpiTables.DMAR;
  const dmarSaysNo = dmar !== undefined && !isIssue(dmar) && dmar.dmarFlags !== undefined && (dmar.dmarFlags & DMAR_FLAG_INTR_REMAP) === 0;
  const firmwareBug = logLines(snap, ['ir-firmware-bug']);
  const machine = machineName(snap);
  const never = ' Do not work around it with `vfio_iommu_type1.allow_unsafe_interrupts=1`: a VM could then inject interrupts into the host.';
  const unsafeNote = unsafe ? ' (allow_unsafe_interrupts is set here, so VFIO assigns devices anyway — without that protection)' : '';
  let cause: string;
  let remediation: string;
  if (firmwareBug.length > 0) {
    const ids = [...new Set(firmwareBug.flatMap((l) => [...l.text.matchAll(/IOAPIC\[(\d+)\]/g)].map((m) => m[1] as string)))];
    const id = ids[0] ?? '<id>';
    cause = `the BIOS's IVRS table does not name the southbridge IOAPIC (${firmwareBug.map(quote).join(', ')}), so AMD-Vi turned remapping off`;
    remediation = `Update the BIOS of ${machine}. Until then, map the IOAPIC by hand with \`ivrs_ioapic[${id}]=00:14.0\` (kernels from 6.2 also take \`ivrs_ioapic=${id}@0000:00:14.0\`): ${kernelArgsFix(platform, { add: [`ivrs_ioapic[${id}]=00:14.0`] })}${never}`;
  } else if (withoutIr.length > 0) {
    cause = `the VT-d unit${withoutIr.length > 1 ? 's' : ''} ${listText(withoutIr)} cannot remap interrupts (ecap bit 3 clear); every unit must`;
    remediation = `Enable "Interrupt Remapping" and "X2APIC" in the BIOS setup of ${machine} (often next to "Intel VT-d") and update the BIOS; without it this platform cannot isolate assigned devices.${never}`;
  } else if (dmarSaysNo) {
    cause = "the BIOS's DMAR table does not offer interrupt remapping (INTR_REMAP flag clear)";
    remediation = `Enable "Interrupt Remapping" (and "X2APIC") in the BIOS setup of ${machine}, or update the BIOS.${never}`;
  } else {
    const said = offLines[0] && !disabled?.startsWith('kernel log') ? `; kernel log: ${quote(offLines[0])}` : '';
    cause = `the kernel did not turn it on${said}`;
    remediation = `Enable ${IOMMU_OPTION[vendor]}, "Interrupt Remapping" and "X2APIC" in the BIOS setup of ${machine}; \`dmesg | grep -i -e DMAR-IR -e AMD-Vi -e remapping\` shows the kernel's reason.${never}`;
  }
  if (disabled) {
    return fail(`interrupt remapping is off: ${disabled}; ${cause}${unsafeNote}`, remediation, ['/proc/interrupts']);
  }
  if (withoutIr.length > 0 || dmarSaysNo || firmwareBug.length > 0) {
    return fail(`interrupt remapping cannot be on: ${cause}${unsafeNote}`, remediation, ['/sys/class/iommu']);
  }
  const gap = isIssue(interrupts) ? interrupts : logGap(snap);
  return unknown('interrupt remapping: /proc/interrupts shows no device interrupt line and the kernel log says nothing about it', gap, isIssue(interrupts) ? undefined : logHint(gap));
}

function passthroughCheck(host: HostView): Outcome {
  const params = cmdlineParams(host.snapshot);
  const pt = values(params, 'iommu').includes('pt') ? 'iommu=pt' : cmdlineValue(params, 'iommu.passthrough') === '1' ? 'iommu.passthrough=1' : undefined;
  if (pt) return pass(`\`${pt}\`: host-owned devices use identity mappings`);
  const types = host.pfs
    .map((pf) => (typeof pf.device.iommuGroup === 'string' ? host.snapshot.iommu.groups[pf.device.iommuGroup]?.type : undefined))
    .filter((t): t is string => typeof t === 'string');
  if (types.length > 0 && types.every((t) => t === 'identity')) return pass('the PFs\' IOMMU groups use identity domains (pass-through is the kernel\'s default here)');
  const shown = types.length > 0 ? [...new Set(types)].join('/') : 'DMA';
  return warn(
    `host-owned devices use translated DMA (default domain ${shown}): every DMA of the PFs and host-bound VFs walks IOMMU page tables, which costs throughput; VFs given to VMs are translated either way`,
    kernelArgsFix(host.snapshot.platform, { add: ['iommu=pt'] }),
  );
}

function mmioCheck(pf: PfView, host: HostView, options: CheckOptions): Outcome {
  const snap = host.snapshot;
  const noSpace = logLines(snap, ['mmio-no-space'], pf.address);
  const busRange = logLines(snap, ['bus-range'], pf.address);
  // -12 after a bus-number failure is ARI's to report (firmware.pci.ari-forwarding), not MMIO's.
  const enomem = busRange.length > 0 ? [] : logLines(snap, ['sriov-enomem'], pf.address);
  const windows = pf.device.iovResources;
  const evidence: string[] = [];
  if (noSpace.length + enomem.length > 0) evidence.push(`kernel log: ${[...noSpace, ...enomem].slice(0, 2).map(quote).join(', ')}`);
  if (Array.isArray(windows) && !windows.some(isAssigned)) evidence.push(`${sysfs(pf)}/resource has no address for any VF BAR window (lines 8–13 are zero)`);
  if (evidence.length > 0) {
    const params = cmdlineParams(snap);
    const realloc = values(params, 'pci').includes('realloc') || values(params, 'pci').includes('realloc=on');
    const kernelFix = realloc
      ? '`pci=realloc` is already on the kernel command line, so the BIOS settings are what is left.'
      : `If the firmware still reserves too little, let the kernel resize the bridge windows with \`pci=realloc\`: ${kernelArgsFix(snap.platform, { add: ['pci=realloc'] })}`;
    const total = typeof pf.device.sriov?.totalVfs === 'number' ? pf.device.sriov.totalVfs : undefined;
    const firmware =
      pf.family?.vfCountSource === 'nic-firmware'
        ? ` NVIDIA/Mellanox: the BIOS must fit NUM_OF_VFS × the VF BAR size; lower it with \`mstconfig -d ${pf.address} set NUM_OF_VFS=${Math.max(1, Math.min(options.vfs ?? 8, total ?? 8))}\` and power-cycle.`
        : '';
    return fail(
      `the firmware left no MMIO space for the VF BARs of ${pf.address}, so VFs cannot be enabled (sriov_numvfs fails with "Cannot allocate memory"): ${evidence.join('; ')}`,
      `In the BIOS setup of ${machineName(snap)}, enable "SR-IOV Support" and "Above 4G Decoding" (also called "MMIO above 4 GB" or "64-bit MMIO"), then power-cycle. ${kernelFix}${firmware}`,
      [`${sysfs(pf)}/resource`],
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

function ariCheck(pf: PfView, host: HostView, options: CheckOptions): Outcome {
  const sriov = pf.device.sriov;
  const facts = [sriov?.offset, sriov?.stride, sriov?.numVfs, sriov?.totalVfs];
  for (const f of facts) if (isIssue(f)) return unknown('SR-IOV routing attributes', f);
  const [offset, stride, numVfs, totalVfs] = facts as (number | undefined)[];
  const busRange = logLines(host.snapshot, ['bus-range'], pf.address);
  const want = Math.max(options.vfs ?? 0, numVfs ?? 0) || (totalVfs ?? 0);
  if (offset === undefined || stride === undefined || want === 0) {
    return busRange[0] ? failBusRange(pf, host, `kernel log: ${quote(busRange[0])}`) : pass('no VFs to place (sriov_totalvfs is 0)');
  }
  const placement = placeVfs(pf.address, offset, stride, want);
  if (!placement) return unknown('VF placement', readIssue(`${sysfs(pf)}/sriov_offset`, 'EPARSE', `offset ${offset}, stride ${stride}`));
  const where = `${plural(want, 'VF')} at ${placement.first}${want > 1 ? `…${placement.last}` : ''} (offset ${offset}, stride ${stride})`;
  if (numVfs !== undefined && numVfs >= want && pf.vfs.length >= want) return pass(`${where}: enabled and on the bus`);

  const bridgeAddress = pf.device.upstream[0];
  const bridge = bridgeAddress ? host.device(bridgeAddress) : undefined;
  const problems: string[] = [];
  if (busRange[0]) problems.push(`kernel log: ${quote(busRange[0])}`);
  if (placement.needsBuses) {
    const subordinate = bridge?.subordinateBus;
    if (typeof subordinate === 'number' && placement.lastBus > subordinate) {
      problems.push(`they need bus ${hex2(placement.lastBus)}, but the port above (${bridgeAddress}) covers buses up to ${hex2(subordinate)}`);
    } else if (typeof subordinate !== 'number' && problems.length === 0) {
      const issue = isIssue(subordinate) ? subordinate : readIssue(`/sys/bus/pci/devices/${bridgeAddress ?? '?'}/subordinate_bus_number`, 'ENOENT', 'not a bridge attribute this kernel shows');
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
      ariSource = `${sysfs(pf)}/ari_enabled is ${attr ? 1 : 0}`;
    } else if (config !== undefined && !isIssue(config) && config.pcie) {
      ari = config.pcie.ariForwardingEnabled;
      ariSource = `DevCtl2 of ${bridgeAddress} has ARI forwarding ${ari ? 'on' : 'off'}${config.pcie.ariForwardingSupported ? '' : ' (and DevCap2 says it is not supported)'}`;
    } else if (problems.length === 0) {
      const issue = isIssue(attr) ? attr : config !== undefined && isIssue(config) ? config : readIssue(`/sys/bus/pci/devices/${bridgeAddress ?? pf.address}/config`, 'ESHORT', 'config space beyond 64 bytes needs root');
      return unknown(`ARI forwarding for ${where}`, issue, RUN_AS_ROOT);
    }
    if (ari === false) problems.push(`${ariSource}: without ARI forwarding the port above reaches only device 0 (8 functions) on bus ${hex2(placement.pfBus)}`);
  }
  if (problems.length > 0) return failBusRange(pf, host, `${where}: ${problems.join('; ')}`);
  if (placement.needsAri) return pass(`${where} need ARI: ${ariSource}`);
  if (placement.needsBuses) return pass(`${where}: the port above covers bus ${hex2(placement.lastBus)}`);
  return pass(`${where}: within the PF's own 8 functions, no ARI needed`);
}

function failBusRange(pf: PfView, host: HostView, detail: string): Outcome {
  const fix = kernelArgsFix(host.snapshot.platform, { add: ['pci=assign-busses'] });
  return fail(
    `the VFs of ${pf.address} cannot be addressed: ${detail}`,
    `Enable "ARI Support" (PCIe ARI forwarding) in the BIOS setup of ${machineName(host.snapshot)} so that VFs fit on the PF's bus; or move the card to a slot on a CPU root port that supports ARI; or let the kernel number the buses itself with \`pci=assign-busses\`: ${fix}`,
    [`${sysfs(pf)}/ari_enabled`, `${sysfs(pf)}/sriov_offset`],
  );
}

function acsCheck(pf: PfView, host: HostView): Outcome {
  const bridges = pf.device.upstream;
  if (bridges.length === 0) return pass('no bridge above: the PF is integrated in the root complex');
  const missing: string[] = [];
  for (const address of bridges) {
    const bridge = host.device(address);
    const config = bridge?.config;
    if (!bridge || !isBridgeClass(bridge.classCode)) continue;
    if (config === undefined) return unknown(`ACS on ${address}`, readIssue(`/sys/bus/pci/devices/${address}/config`, 'ENOENT'));
    if (isIssue(config)) return unknown(`ACS on ${address}`, config, config.code === 'ESHORT' ? RUN_AS_ROOT : undefined);
    if (!config.extendedReadable) {
      return unknown(`ACS on ${address}`, readIssue(`/sys/bus/pci/devices/${address}/config`, 'ESHORT', `${config.size} bytes: extended capabilities need root`), RUN_AS_ROOT);
    }
    if (!config.acs) missing.push(`${address} (no ACS capability)`);
    else if ((config.acs.control & ACS_REQUIRED) !== ACS_REQUIRED) missing.push(`${address} (ACSCtl 0x${config.acs.control.toString(16)}: ${acsMissing(config.acs.control)} off)`);
  }
  if (missing.length === 0) return pass(`SV, RR, CR and UF enabled on ${listText(bridges)}`);
  const shared = sharedGroups(pf, host);
  if (shared.length === 0) {
    return pass(`no ACS on ${listText(missing)}, yet the PF's and VFs' IOMMU groups hold nothing else (a kernel quirk isolates them): nothing to fix`);
  }
  return warn(
    `no ACS isolation on ${listText(missing)}: this is why IOMMU group${shared.length > 1 ? 's' : ''} ${listText(shared)} hold${shared.length > 1 ? '' : 's'} other devices too`,
    `Move the card to a slot on a CPU root port that enforces ACS, or enable ACS in the BIOS setup of ${machineName(host.snapshot)} where it is offered. \`pcie_acs_override=\` is an out-of-tree patch that stock kernels ignore; upstream \`pci=config_acs=\` can only configure ACS that the hardware has.`,
  );
}

function lockdownCheck(host: HostView): Outcome {
  const { lockdown, securityfs } = host.snapshot.platform;
  if (isIssue(lockdown)) return unknown('kernel lockdown', lockdown);
  const tools = host.pfs.filter((pf) => pf.family?.vfCountSource === 'nic-firmware' || pf.family?.vfCountSource === 'nvm');
  if (lockdown === undefined) {
    if (securityfs === true) return pass('no lockdown (the lockdown LSM is not active)');
    if (isIssue(securityfs)) return unknown('kernel lockdown', securityfs);
    return unknown('kernel lockdown', readIssue('/sys/kernel/security/lockdown', 'ENOENT', 'securityfs is not mounted under the root'), 'Mount securityfs (`mount -t securityfs securityfs /sys/kernel/security`) or run sriov-check where the host\'s /sys/kernel/security is visible.');
  }
  if (lockdown === 'none') return pass('lockdown is [none]');
  if (tools.length === 0) return pass(`lockdown is [${lockdown}]; no NIC here needs a firmware tool to set its VF count`);
  const names = tools.map((pf) => pf.subject);
  return warn(
    `lockdown is [${lockdown}] (Secure Boot): NIC firmware tools that write the device (mstconfig, mstflint, Broadcom bnxtnvm) are refused, so the VF settings of ${listText(names)} cannot be changed from this OS`,
    'Change the NIC firmware settings (SRIOV_EN, NUM_OF_VFS) before enabling Secure Boot, out of band through the BMC, or with Secure Boot off for that boot (`mokutil --disable-validation`).',
    ['/sys/kernel/security/lockdown'],
  );
}

// ── small helpers ───────────────────────────────────────────────────────────────────────────────────

const sysfs = (pf: PfView) => `/sys/bus/pci/devices/${pf.address}`;
const hex2 = (bus: number) => bus.toString(16).padStart(2, '0');

function acsMissing(control: number): string {
  return (['SV', 'RR', 'CR', 'UF'] as const).filter((bit) => (control & ACS[bit]) === 0).join(', ');
}
