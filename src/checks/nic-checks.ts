// NIC layer: is there an SR-IOV PF, is SR-IOV switched on, are there enough VFs, are drivers in place.
// Rows are in the order an operator fixes things; each returns the concrete fix for this host.

import { isIssue, known, type Fact } from '../host/read-issue.js';
import type { CheckDefinition, CheckOptions, Outcome } from './check-types.js';
import { isAssignedDriver, isUioDriver, isVfioDriver } from './driver-kinds.js';
import { detectGuest, guestName } from './guest-detection.js';
import type { HostView, PfView } from './host-view.js';
import { fail, listText, pass, plural, skip, unknown, warn } from './outcome.js';
import { EXT_CAP_ID_SRIOV } from '../parse/pci-config.js';
import type { PciDevice } from '../snapshot/snapshot-types.js';

const sysfsDevice = (pf: PfView) => `/sys/bus/pci/devices/${pf.address}`;
const modelText = (pf: PfView) => pf.family?.name ?? pf.deviceName ?? 'this model';
const idText = (d: PciDevice) => `${known(d.vendorId) ?? '????'}:${known(d.deviceId) ?? '????'}`;
const wantedVfs = (options: CheckOptions) => Math.max(1, options.vfs ?? 1);

export const NIC_CHECKS: readonly CheckDefinition[] = [
  {
    id: 'nic.pf.present',
    layer: 'nic',
    scope: 'host',
    title: 'Is there an SR-IOV capable physical function?',
    reads: '/sys/bus/pci/devices/*/{uevent,sriov_totalvfs,config}, the NIC catalog',
    fix: 'Install an SR-IOV capable NIC; inside a VM, run the check on the hypervisor host instead.',
    run: presentCheck,
  },
  {
    id: 'nic.sriov.firmware-enabled',
    layer: 'nic',
    scope: 'pf',
    title: 'Is SR-IOV enabled in the BIOS and the NIC firmware?',
    reads: '<pf>/sriov_totalvfs (exists only when the kernel made the device a PF), <pf>/config (SR-IOV capability 0x0010)',
    fix: 'Enable "SR-IOV Global Enable" in the BIOS; NVIDIA/Mellanox: `mstconfig -d <bdf> set SRIOV_EN=1 NUM_OF_VFS=<n>`, then a cold reboot.',
    run: firmwareEnabledCheck,
  },
  {
    id: 'nic.pf.driver-bound',
    layer: 'nic',
    scope: 'pf',
    title: 'Is the PF driver bound?',
    reads: '<pf>/uevent (DRIVER=), <pf>/driver',
    fix: 'Load the PF driver (`modprobe <driver>`) or bind it: `echo <bdf> > /sys/bus/pci/drivers/<driver>/bind`.',
    run: driverBoundCheck,
  },
  {
    id: 'nic.vfs.total',
    layer: 'nic',
    scope: 'pf',
    title: 'Can the PF provide the VFs needed (--vfs)?',
    reads: '<pf>/sriov_totalvfs (what the kernel allows), the catalog\'s PF driver limit, <pf>/config (TotalVFs, for the message)',
    fix: 'Raise the firmware VF count (NVIDIA: `mstconfig … NUM_OF_VFS=<n>`), or use another PF.',
    requires: ['nic.sriov.firmware-enabled'],
    run: totalVfsCheck,
  },
  {
    id: 'nic.vfs.enabled',
    layer: 'nic',
    scope: 'pf',
    title: 'Are VFs enabled?',
    reads: '<pf>/sriov_numvfs, <pf>/virtfnN',
    fix: 'Write the count: `echo 0 > <pf>/sriov_numvfs; echo <n> > <pf>/sriov_numvfs` (a non-zero count cannot be changed directly).',
    requires: ['nic.vfs.total'],
    run: enabledVfsCheck,
  },
  {
    id: 'nic.vf.driver-available',
    layer: 'nic',
    scope: 'pf',
    title: 'Does the kernel have a driver for the VF device id?',
    reads: '<pf>/sriov_vf_device, lib/modules/<release>/{modules.alias,modules.builtin,modules.dep}, /proc/modules',
    fix: 'Install the VF driver module (iavf, ixgbevf, igbvf, mlx5_core, bnxt_en…; often in the linux-modules-extra or kernel-modules-extra package).',
    requires: ['nic.sriov.firmware-enabled'],
    run: vfDriverAvailableCheck,
  },
  {
    id: 'nic.vf.bound',
    layer: 'nic',
    scope: 'pf',
    title: 'Is every VF bound to its VF driver or to vfio-pci?',
    reads: '<vf>/uevent (DRIVER=), <pf>/sriov_drivers_autoprobe',
    fix: 'Bind each VF: `echo <driver> > <vf>/driver_override; echo <vf-bdf> > /sys/bus/pci/drivers_probe`.',
    requires: ['nic.vfs.enabled', 'nic.vf.driver-available'],
    run: vfBoundCheck,
  },
  {
    id: 'nic.vf.autoprobe',
    layer: 'nic',
    scope: 'pf',
    title: 'Do new VFs bind to a driver automatically?',
    reads: '<pf>/sriov_drivers_autoprobe',
    fix: '`echo 1 > <pf>/sriov_drivers_autoprobe`, or bind VFs explicitly with driver_override.',
    requires: ['nic.sriov.firmware-enabled'],
    run: autoprobeCheck,
  },
  {
    id: 'nic.pf.link',
    layer: 'nic',
    scope: 'pf',
    title: 'Is the PF link up?',
    reads: '/sys/class/net/<pf>/{operstate,speed}',
    fix: 'Connect the port and bring the PF up: `ip link set <pf> up`.',
    requires: ['nic.pf.driver-bound'],
    run: linkCheck,
  },
  {
    id: 'nic.pf.pcie-link',
    layer: 'nic',
    scope: 'pf',
    title: 'Does the PCIe link run at the speed and width the card supports?',
    reads: '<pf>/{current_link_speed,current_link_width,max_link_speed,max_link_width}',
    fix: 'Move the card to a slot wired for its full width and generation, or check the BIOS slot settings.',
    run: pcieLinkCheck,
  },
  {
    id: 'nic.pf.numa',
    layer: 'nic',
    scope: 'pf',
    title: 'Is the PF\'s NUMA node reported?',
    reads: '<pf>/numa_node, /sys/devices/system/node/node*',
    fix: 'Update the BIOS so that ACPI reports the slot\'s proximity (_PXM); pin VMs to the NIC\'s node.',
    run: numaCheck,
  },
  {
    id: 'nic.pf.model',
    layer: 'nic',
    scope: 'pf',
    title: 'Is the model in the catalog of known SR-IOV NICs?',
    reads: '<pf>/uevent (PCI_ID=), the NIC catalog, pci.ids',
    fix: 'Nothing to fix: an unknown model may work, but its VF limits and drivers are not known to this tool.',
    run: modelCheck,
  },
];

function presentCheck(host: HostView): Outcome {
  const listIssue = host.snapshot.source.pciListIssue;
  if (listIssue) return unknown('PCI devices could not be listed', listIssue);
  const pfs = host.selectedPfs;
  const unreadable = host.unreadable.map((d) => d.classCode).filter(isIssue);
  if (pfs.length > 0) {
    const names = pfs.map((pf) => (pf.subject === pf.address ? `${pf.address} (${modelText(pf)})` : `${pf.subject} (${pf.address}, ${modelText(pf)})`));
    const note = unreadable.length ? `; ${plural(unreadable.length, 'PCI function')} could not be read` : '';
    return pass(`${plural(pfs.length, 'SR-IOV PF')}: ${listText(names)}${note}`);
  }
  const firstUnreadable = unreadable[0];
  if (firstUnreadable) return unknown(`no SR-IOV PF found, and ${plural(unreadable.length, 'PCI function')} could not be read`, firstUnreadable);
  const others = host.otherNics.map((d) => {
    const name = host.snapshot.names.devices[idText(d)];
    return `${d.address} ${name ?? 'network function'} [${idText(d)}]${known(d.driver) ? `, driver ${known(d.driver)}` : ''}`;
  });
  const found = others.length
    ? `no SR-IOV capable network function; found only ${listText(others)}`
    : 'no network functions on the PCI bus';
  const guest = detectGuest(host.snapshot);
  if (guest) {
    return fail(
      `${found}: this host is ${guestName(guest)} (${guest.evidence.join(', ')}), and a VM sees no SR-IOV PF`,
      'Run sriov-check on the hypervisor host. To use SR-IOV inside this VM, pass a VF through to it together with a virtual IOMMU (see hypervisor.host.bare-metal).',
    );
  }
  return fail(
    found,
    'Install an SR-IOV capable NIC (see docs/checks.md for the families this tool knows). Inside a VM no PF is visible: run sriov-check on the hypervisor host, or give the guest a VF together with a virtual IOMMU.',
  );
}

function firmwareEnabledCheck(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const sriov = pf.device.sriov;
  if (sriov) {
    if (isIssue(sriov.totalVfs)) return unknown('sriov_totalvfs', sriov.totalVfs);
    return pass(`SR-IOV enabled: ${sysfsDevice(pf)}/sriov_totalvfs is ${sriov.totalVfs}`);
  }
  const config = pf.device.config;
  const capability = config !== undefined && !isIssue(config) ? config.sriov : undefined;
  const vfCount = options.vfs ?? (capability?.totalVfs || 8);
  const firmwareFix = pf.family?.vfCountSource === 'nic-firmware'
    ? ` NVIDIA/Mellanox NIC firmware: \`mstconfig -d ${pf.address} set SRIOV_EN=1 NUM_OF_VFS=${vfCount}\` (mstflint package), then power-cycle the host.`
    : '';
  const remediation = `Enable "SR-IOV Global Enable" (and "SR-IOV support" for the slot) in the BIOS setup, then reboot.${firmwareFix}`;
  if (capability) {
    return fail(
      `${modelText(pf)} has the SR-IOV capability (config space 0x${capability.offset.toString(16)}, TotalVFs ${capability.totalVfs}) but the kernel did not make it a PF: no sriov_totalvfs — SR-IOV is off in the BIOS or NIC firmware`,
      remediation,
      [`${sysfsDevice(pf)}/sriov_totalvfs`, `${sysfsDevice(pf)}/config`],
    );
  }
  const configNote =
    config !== undefined && !isIssue(config) && !config.extendedReadable ? ' (its SR-IOV capability could not be read: config space is 64 bytes without root)' : '';
  const hasCapList = config !== undefined && !isIssue(config) && config.extendedReadable && !(config.extendedCapabilities ?? []).includes(EXT_CAP_ID_SRIOV);
  return fail(
    `${modelText(pf)} [${idText(pf.device)}] is an SR-IOV model, but ${sysfsDevice(pf)} has no sriov_* attributes${hasCapList ? ' and no SR-IOV capability' : ''}: SR-IOV is off in the BIOS or NIC firmware${configNote}`,
    remediation,
    [`${sysfsDevice(pf)}/sriov_totalvfs`],
  );
}

function driverBoundCheck(pf: PfView): Outcome {
  const driver = pf.device.driver;
  if (isIssue(driver)) return unknown('PF driver', driver);
  const expected = pf.family?.pfDriver;
  if (driver === undefined) {
    const module = expected ?? '<driver>';
    return fail(
      `no driver is bound to ${pf.address} (${modelText(pf)}): sriov_numvfs cannot be written`,
      `Load the PF driver: \`modprobe ${module}\`; if it is loaded, bind it: \`echo ${pf.address} > /sys/bus/pci/drivers/${module}/bind\`. \`dmesg | grep ${pf.address}\` shows why a probe failed.`,
      [`${sysfsDevice(pf)}/driver`],
    );
  }
  if (isVfioDriver(driver)) {
    return warn(
      `the PF itself is bound to ${driver}: the host cannot manage its VFs (a userspace PF driver must, with vfio-pci's enable_sriov)`,
      `To use VFs from the host, bind the PF back to ${expected ?? 'its kernel driver'}: \`echo ${pf.address} > /sys/bus/pci/drivers/${driver}/unbind; echo ${pf.address} > /sys/bus/pci/drivers/${expected ?? '<driver>'}/bind\`.`,
    );
  }
  return pass(`bound to ${driver}`);
}

/**
 * The cap of the family's in-tree PF driver (igb 7, ixgbe 63), when that driver is bound or none is yet: it lowers
 * sriov_totalvfs below the capability's TotalVFs, and refuses more whatever sriov_totalvfs says (an older kernel).
 */
function driverCap(pf: PfView): { readonly limit: number; readonly driver: string; readonly reason: string } | undefined {
  const family = pf.family;
  if (family?.driverVfLimit === undefined) return undefined;
  const driver = known(pf.device.driver);
  if (driver !== undefined && driver !== family.pfDriver) return undefined;
  return { limit: family.driverVfLimit, driver: family.pfDriver, reason: family.driverVfLimitReason ?? `${family.pfDriver} allows ${family.driverVfLimit}` };
}

/** TotalVFs of the SR-IOV capability in config space (what the silicon offers), when it could be read. */
function hardwareTotalVfs(pf: PfView): number | undefined {
  const config = pf.device.config;
  return config !== undefined && !isIssue(config) ? config.sriov?.totalVfs : undefined;
}

function totalVfsCheck(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const sysfsTotal = pf.device.sriov?.totalVfs;
  if (isIssue(sysfsTotal)) return unknown('sriov_totalvfs', sysfsTotal);
  if (sysfsTotal === undefined) return skip('no sriov_totalvfs');
  const need = wantedVfs(options);
  const cap = driverCap(pf);
  const total = cap ? Math.min(sysfsTotal, cap.limit) : sysfsTotal;
  const limit = pf.family?.driverVfLimit;
  if (total >= need) {
    return pass(options.vfs ? `${total} VFs supported, ${need} needed` : `${total} VFs supported`);
  }
  if (cap && need > cap.limit) {
    const hardware = hardwareTotalVfs(pf) ?? pf.family?.maxVfsPerPf;
    return fail(
      `only ${total} VFs supported, ${need} needed: the driver ${cap.driver} allows at most ${cap.limit} VFs per PF${hardware !== undefined && hardware > cap.limit ? ` although the hardware offers ${hardware} (config space TotalVFs)` : ''} — ${cap.reason}`,
      `Plan for ${cap.limit} VFs per PF: spread the ${need} VFs over more PFs (each port is a PF), or use a NIC family whose driver allows ${need}.`,
      [`${sysfsDevice(pf)}/sriov_totalvfs`, `${sysfsDevice(pf)}/config`],
    );
  }
  const firmware = pf.family?.vfCountSource === 'nic-firmware';
  const fix = firmware
    ? `Raise the firmware VF count: \`mstconfig -d ${pf.address} set SRIOV_EN=1 NUM_OF_VFS=${need}\`, then power-cycle the host.`
    : pf.family?.vfCountSource === 'nvm'
      ? 'Raise the VF count in the NIC\'s NVM configuration (vendor tool), or use another PF.'
      : `Use another PF: ${modelText(pf)} provides at most ${total} VFs per PF${limit !== undefined ? ` (its driver allows ${limit})` : ''}.`;
  return fail(
    total === 0
      ? `sriov_totalvfs is 0: the ${firmware ? 'NIC firmware' : 'device'} offers no VFs`
      : `only ${total} VFs supported, ${need} needed`,
    fix,
    [`${sysfsDevice(pf)}/sriov_totalvfs`],
  );
}

function enabledVfsCheck(pf: PfView, _host: HostView, options: CheckOptions): Outcome {
  const num = pf.device.sriov?.numVfs;
  if (isIssue(num)) return unknown('sriov_numvfs', num);
  if (num === undefined) return skip('no sriov_numvfs');
  const need = options.vfs;
  const path = `${sysfsDevice(pf)}/sriov_numvfs`;
  const target = need ?? (typeof pf.device.sriov?.totalVfs === 'number' ? Math.min(pf.device.sriov.totalVfs, 8) : 8);
  if (num === 0) {
    return warn(`no VFs enabled${need ? `, ${need} needed` : ''}`, `Create them: \`echo ${target} > ${path}\` (and make it persistent, see hypervisor.vfs.persistent).`, [path]);
  }
  const visible = pf.vfs.length;
  if (visible < num) {
    return warn(
      `sriov_numvfs is ${num} but only ${visible} VF functions are on the PCI bus`,
      `Recreate the VFs: \`echo 0 > ${path}; echo ${num} > ${path}\`, and look for errors with \`dmesg | grep ${pf.address}\`.`,
      [path],
    );
  }
  if (need !== undefined && num < need) {
    return warn(`${num} VFs enabled, ${need} needed`, `Change the count (all-or-nothing): \`echo 0 > ${path}; echo ${need} > ${path}\`.`, [path]);
  }
  return pass(`${plural(num, 'VF')} enabled`);
}

/** Modules the kernel would bind to the VF id, in a usable state. */
function vfDriverModules(pf: PfView, host: HostView): Fact<string[]> {
  const vfId = pf.device.sriov?.vfDeviceId;
  const vendor = known(pf.device.vendorId);
  if (isIssue(vfId)) return vfId;
  if (vfId === undefined || vendor === undefined) return undefined;
  const aliases = host.snapshot.kernel.pciAliases[`${vendor}:${vfId}`];
  if (isIssue(aliases)) return aliases;
  return (aliases ?? []).filter((module) => {
    const state = host.snapshot.kernel.modules[module];
    return state === undefined || isIssue(state) || state !== 'absent';
  });
}

function vfDriverAvailableCheck(pf: PfView, host: HostView): Outcome {
  const vfId = pf.device.sriov?.vfDeviceId;
  if (isIssue(vfId)) return unknown('sriov_vf_device', vfId);
  const vendor = known(pf.device.vendorId) ?? '????';
  const id = `${vendor}:${vfId ?? '????'}`;
  const modules = vfDriverModules(pf, host);
  if (isIssue(modules)) return unknown(`modules aliased to VF ${id}`, modules);
  const expected = pf.family?.vfDriver;
  if (modules && modules.length > 0) {
    const states = modules.map((m) => {
      const state = host.snapshot.kernel.modules[m];
      return typeof state === 'string' ? `${m} (${state})` : m;
    });
    return pass(`VF ${id} is handled by ${listText(states)}`);
  }
  if (host.snapshot.kernel.modulesDir === undefined) {
    return unknown(`driver for VF ${id}`, { kind: 'issue', path: '/proc/sys/kernel/osrelease', code: 'ENOENT', detail: 'kernel release unknown, so modules.alias cannot be found' });
  }
  const vfDrivers = pf.vfs.map((vf) => known(vf.driver)).filter((d): d is string => d !== undefined);
  if (pf.vfs.length > 0 && vfDrivers.length === pf.vfs.length && vfDrivers.every(isAssignedDriver)) {
    return pass(`no host driver for VF ${id}, and none is needed: every VF is bound to ${listText([...new Set(vfDrivers)])}`);
  }
  return fail(
    `no kernel module in ${host.snapshot.kernel.modulesDir}/modules.alias matches VF ${id}${expected ? ` (expected ${expected})` : ''}`,
    `Install the VF driver${expected ? ` ${expected}` : ''} for kernel ${known(host.snapshot.kernel.release) ?? ''} (often in linux-modules-extra or kernel-modules-extra), or bind the VFs to vfio-pci for passthrough.`,
    [`${host.snapshot.kernel.modulesDir}/modules.alias`],
  );
}

function vfBoundCheck(pf: PfView, host: HostView): Outcome {
  if (pf.vfs.length === 0) return skip('no VF functions on the PCI bus');
  const modules = vfDriverModules(pf, host);
  const hostDrivers = new Set([...(Array.isArray(modules) ? modules : []), ...(pf.family ? [pf.family.vfDriver] : [])]);
  const counts = new Map<string, number>();
  const unbound: string[] = [];
  const odd: string[] = [];
  for (const vf of pf.vfs) {
    const driver = vf.driver;
    if (isIssue(driver)) return unknown(`driver of VF ${vf.address}`, driver);
    if (driver === undefined) {
      unbound.push(vf.address);
      continue;
    }
    counts.set(driver, (counts.get(driver) ?? 0) + 1);
    if (!hostDrivers.has(driver.replace(/-/g, '_')) && !isVfioDriver(driver) && !isUioDriver(driver)) odd.push(`${vf.address} (${driver})`);
  }
  const bound = [...counts].map(([driver, n]) => `${n} on ${driver}`);
  const autoprobe = pf.device.sriov?.driversAutoprobe;
  if (unbound.length > 0) {
    const driver = pf.family?.vfDriver ?? 'vfio-pci';
    const first = unbound[0] as string;
    const fix = `Bind them: \`echo ${driver} > /sys/bus/pci/devices/${first}/driver_override; echo ${first} > /sys/bus/pci/drivers_probe\` (for each VF), or \`echo vfio-pci > …/driver_override\` for passthrough.`;
    const summary = `${plural(unbound.length, 'VF')} of ${pf.vfs.length} ${unbound.length === 1 ? 'has' : 'have'} no driver (${listText(unbound, 4)})${bound.length ? `; ${listText(bound)}` : ''}`;
    if (autoprobe === false) return warn(`${summary}; autoprobe is off, so they wait to be bound`, fix);
    return fail(`${summary} although autoprobe is on: the VF driver failed to probe them`, `${fix} \`dmesg | grep ${first}\` shows the probe error.`);
  }
  if (odd.length > 0) {
    return warn(`VFs bound to drivers that are neither the VF driver nor vfio-pci: ${listText(odd, 4)}`, 'Rebind them to the VF driver or to vfio-pci if they are meant for VMs.');
  }
  return pass(`all ${plural(pf.vfs.length, 'VF')} bound: ${listText(bound)}`);
}

function autoprobeCheck(pf: PfView): Outcome {
  const autoprobe = pf.device.sriov?.driversAutoprobe;
  if (isIssue(autoprobe)) return unknown('sriov_drivers_autoprobe', autoprobe);
  if (autoprobe === undefined || autoprobe) return pass('on: new VFs bind to their driver');
  const drivers = pf.vfs.map((vf) => known(vf.driver));
  if (pf.vfs.length > 0 && drivers.every((d) => d !== undefined && isAssignedDriver(d))) {
    return pass('off, and every VF is bound explicitly for passthrough');
  }
  return warn(
    'off: new VFs are created without a driver',
    `\`echo 1 > ${sysfsDevice(pf)}/sriov_drivers_autoprobe\`, or bind each VF with driver_override as part of VF setup.`,
  );
}

function linkCheck(pf: PfView): Outcome {
  const netdev = pf.netdev;
  if (!netdev) return skip(`no network interface (driver ${known(pf.device.driver) ?? 'none'})`);
  if (isIssue(netdev.operstate)) return unknown(`operstate of ${netdev.name}`, netdev.operstate);
  const speed = typeof netdev.speedMbps === 'number' ? `, ${netdev.speedMbps} Mb/s` : '';
  if (netdev.operstate === 'up') return pass(`${netdev.name} is up${speed}`);
  return warn(
    `${netdev.name} is ${netdev.operstate ?? 'in an unknown state'}: VFs share the PF's port, so they have no link either`,
    `Check the cable or transceiver and bring the PF up: \`ip link set ${netdev.name} up\`.`,
  );
}

function pcieLinkCheck(pf: PfView): Outcome {
  const d = pf.device;
  const facts = [d.currentLinkSpeed, d.currentLinkWidth, d.maxLinkSpeed, d.maxLinkWidth];
  for (const fact of facts) if (isIssue(fact)) return unknown('PCIe link attributes', fact);
  const [speed, width, maxSpeed, maxWidth] = facts as [
    { gts: number; text: string } | null | undefined,
    number | null | undefined,
    { gts: number; text: string } | null | undefined,
    number | null | undefined,
  ];
  if (!speed || !width || !maxSpeed || !maxWidth) return skip('the kernel reports no PCIe link for this function');
  const now = `${speed.text} x${width}`;
  if (speed.gts < maxSpeed.gts || width < maxWidth) {
    return warn(
      `PCIe link runs at ${now}, the card supports ${maxSpeed.text} x${maxWidth}: VF throughput is capped by the slot`,
      'Move the card to a slot wired for its full width and PCIe generation, or check the BIOS slot settings (bifurcation, link speed).',
    );
  }
  return pass(`PCIe link at ${now}`);
}

function numaCheck(pf: PfView, host: HostView): Outcome {
  const node = pf.device.numaNode;
  if (isIssue(node)) return unknown('numa_node', node);
  const nodes = host.snapshot.numaNodes;
  if (node !== undefined && node >= 0) return pass(`NUMA node ${node}: pin VMs that use these VFs to CPUs of node ${node}`);
  if (typeof nodes === 'number' && nodes > 1) {
    return warn(
      `the firmware reports no NUMA node for ${pf.address} on a host with ${nodes} nodes: VMs cannot be placed next to the NIC`,
      'Update the BIOS (ACPI _PXM for the slot) or find the socket of the slot in the board manual and pin VMs by hand.',
    );
  }
  return pass('single NUMA node host: no placement needed');
}

function modelCheck(pf: PfView): Outcome {
  const id = idText(pf.device);
  if (pf.family) {
    const limits = pf.family.notes.length ? `; ${pf.family.notes[0]}` : '';
    return pass(`${pf.family.name} [${id}], PF driver ${pf.family.pfDriver}, VF driver ${pf.family.vfDriver}${limits}`);
  }
  return warn(
    `${pf.deviceName ?? 'model'} [${id}] is not in the catalog of known SR-IOV NICs: VF limits and drivers are not known to this tool`,
    'Nothing to fix on the host; report the model so it can be added to the catalog.',
  );
}

