// Builds a host tree laid out like a real Linux host's /sys, /proc and /lib/modules: device directories under
// /sys/devices/pci<domain>:<bus>/<root port>/<device>, relative symlinks from /sys/bus/pci/devices,
// /sys/class/net, driver, iommu_group, virtfnN and physfn links, attribute files in the kernel's own formats
// (see reference/captures/sysfs.txt), real config space bytes. Used for committed fixtures, tests and benchmarks.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildConfigSpace, linkSpeedCode, type Bar, type ConfigSpaceSpec } from './config-space.js';
import { MODULE_PATHS, PCI_ALIASES } from './kernel-data.js';
import { type VmbusSpec, writeVmbus } from './vmbus-builder.js';

export interface NetdevSpec {
  readonly name: string;
  readonly mac: string;
  readonly operstate?: 'up' | 'down' | 'unknown' | 'lowerlayerdown';
  /** Mb/s; null writes an empty file, as the kernel shows for a link that is down. */
  readonly speed?: number | null;
  readonly mtu?: number;
  /** Queue pairs (rx-N and tx-N). */
  readonly queues?: number;
  readonly physPortName?: string;
  /** phys_switch_id, for a port of an embedded switch (a switchdev uplink and its representors). */
  readonly physSwitchId?: string;
  readonly ifindex?: number;
  readonly stats?: Partial<Record<StatName, number>>;
}

export const STAT_NAMES = [
  'collisions', 'multicast', 'rx_bytes', 'rx_compressed', 'rx_crc_errors', 'rx_dropped', 'rx_errors', 'rx_fifo_errors',
  'rx_frame_errors', 'rx_length_errors', 'rx_missed_errors', 'rx_nohandler', 'rx_over_errors', 'rx_packets',
  'tx_aborted_errors', 'tx_bytes', 'tx_carrier_errors', 'tx_compressed', 'tx_dropped', 'tx_errors', 'tx_fifo_errors',
  'tx_heartbeat_errors', 'tx_packets', 'tx_window_errors',
] as const;
export type StatName = (typeof STAT_NAMES)[number];

export interface PciLinkSpec {
  readonly speed: string;
  readonly width: number;
  readonly maxSpeed?: string;
  readonly maxWidth?: number;
}

export interface VfSpec {
  /** null: no driver bound. */
  readonly driver?: string | null;
  readonly netdev?: NetdevSpec | null;
  /** null: no IOMMU group (IOMMU off). */
  readonly iommuGroup?: number | null;
}

export interface SriovSpec {
  /** `sriov_totalvfs`: what the kernel allows, after the PF driver may have lowered it. */
  readonly totalVfs: number;
  /**
   * TotalVFs of the SR-IOV capability in config space, when the PF driver lowered sriov_totalvfs below it
   * (pci_sriov_set_totalvfs): ixgbe 64 → 63 (IXGBE_MAX_VFS_DRV_LIMIT), igb 8 → 7 (82576, I350). Default: totalVfs.
   */
  readonly hardwareTotalVfs?: number;
  readonly numVfs: number;
  readonly offset: number;
  readonly stride: number;
  readonly vfDeviceId: string;
  readonly autoprobe?: boolean;
  readonly vfTotalMsix?: number;
  readonly ariHierarchy?: boolean;
}

export interface PfSpec {
  readonly address: string;
  /** Address of the bridge above (a root port from `bridges`). */
  readonly bridge: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly classCode?: string;
  readonly subsystemVendorId?: string;
  readonly subsystemDeviceId?: string;
  readonly revision?: number;
  readonly driver?: string | null;
  readonly numaNode?: number;
  readonly iommuGroup?: number | null;
  readonly netdev?: NetdevSpec;
  readonly link?: PciLinkSpec;
  /** The kernel made it a PF: sriov_* files and virtfnN links. Undefined: no sriov_* files at all. */
  readonly sriov?: SriovSpec;
  /** SR-IOV capability in config space (defaults to `sriov`; set alone for firmware-disabled SR-IOV). */
  readonly sriovCapability?: SriovSpec | null;
  readonly ari?: { readonly nextFunction: number };
  /**
   * ACS capability of the function. Default: present with nothing offered (capability 0, control 0), as Intel and
   * NVIDIA NICs have it — every control hard-wired. null: no ACS capability at all.
   */
  readonly acs?: { readonly capability: number; readonly control: number } | null;
  readonly configSize?: 64 | 256 | 4096;
  /** `ari_enabled` (ARI forwarding on the PF's bus); omitted when undefined. */
  readonly ariEnabled?: boolean;
  /** The firmware placed the VF BAR windows (resource lines 8–13); false writes them as zeros. Default true. */
  readonly vfBarsAssigned?: boolean;
  /** Per-VF details by index; missing indexes use `vfDefaults`. */
  readonly vfs?: readonly VfSpec[];
  readonly vfDefaults?: VfSpec;
  /** VF netdev name for index i (when a VF driver with a netdev is bound). */
  readonly vfNetdevName?: (index: number) => string;
  /**
   * The PF's switch in switchdev mode (devlink eswitch mode switchdev): one representor netdev per VF on the PF's
   * own PCI device, phys_port_name pf<function>vf<index>, and the switch id on them and on the uplink.
   */
  readonly switchdev?: SwitchdevSpec;
}

export interface SwitchdevSpec {
  readonly switchId: string;
  /** By VF index; name, MAC and ifindex as the driver made them (eth<N> without a udev rule). */
  readonly representors: readonly Omit<NetdevSpec, 'physPortName' | 'physSwitchId'>[];
}

export interface BridgeSpec {
  readonly address: string;
  /** Bridge above, or undefined for a root port directly under the root complex. */
  readonly parent?: string;
  readonly vendorId?: string;
  readonly deviceId?: string;
  readonly portType?: 4 | 5 | 6;
  readonly ariForwardingSupported?: boolean;
  readonly ariForwardingEnabled?: boolean;
  readonly acs?: { readonly capability: number; readonly control: number };
  readonly iommuGroup?: number | null;
  readonly numaNode?: number;
  readonly configSize?: 64 | 256 | 4096;
  /** secondary/subordinate bus numbers; default: the buses of the devices placed below. */
  readonly busRange?: readonly [number, number];
}

export interface DeviceSpec {
  readonly address: string;
  readonly parent?: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly classCode: string;
  readonly subsystemVendorId?: string;
  readonly subsystemDeviceId?: string;
  readonly driver?: string | null;
  readonly iommuGroup?: number | null;
  readonly numaNode?: number;
  readonly netdev?: NetdevSpec;
  readonly configSize?: 64 | 256 | 4096;
}

export type ExtraFile = string | Buffer | { readonly symlink: string };

export interface HostSpec {
  readonly kernelRelease: string;
  readonly cmdline: string;
  /** Loaded modules (/proc/modules and /sys/module/<name>). */
  readonly loadedModules: readonly string[];
  /** Modules compiled into the kernel (modules.builtin). */
  readonly builtinModules?: readonly string[];
  /** Modules installed on disk (modules.dep); defaults to loaded ones. */
  readonly installedModules?: readonly string[];
  /** Modules whose alias lines go into modules.alias; defaults to installed ones. */
  readonly aliasedModules?: readonly string[];
  /** Without /lib/modules/<release> at all. */
  readonly noModulesDir?: boolean;
  readonly numaNodes?: number;
  readonly iommuGroupType?: string;
  readonly bridges?: readonly BridgeSpec[];
  readonly pfs?: readonly PfSpec[];
  readonly devices?: readonly DeviceSpec[];
  /** Content of /usr/share/misc/pci.ids. */
  readonly pciIds?: string;
  /** /proc/cpuinfo, one block per logical CPU. */
  readonly cpu?: CpuSpec;
  /** ACPI tables in /sys/firmware/acpi/tables, with a real header. */
  readonly acpiTables?: readonly AcpiTableSpec[];
  /** IOMMU units in /sys/class/iommu. */
  readonly iommuUnits?: readonly IommuUnitSpec[];
  /** /proc/interrupts from the devices' drivers: IR- chips when remapped. */
  readonly interrupts?: { readonly remapped: boolean };
  /** A syslog file of the kernel's messages since boot (the boot header lines are added). */
  readonly kernelLog?: KernelLogSpec;
  /** /dev entries (empty files stand for device nodes). */
  readonly devNodes?: readonly string[];
  /** `module.parameter` → value, under /sys/module/<module>/parameters/. */
  readonly moduleParameters?: Readonly<Record<string, string>>;
  /** /sys/class/dmi/id/<field>. */
  readonly dmi?: Readonly<Record<string, string>>;
  /** /sys/kernel/security/lockdown (securityfs mounted); undefined: no securityfs. */
  readonly lockdown?: 'none' | 'integrity' | 'confidentiality';
  /** Any other file by host path (/etc/…, /var/log/…, /usr/bin/…). */
  readonly files?: Readonly<Record<string, ExtraFile>>;
  /** A Hyper-V/Azure guest's VMBus devices: synthetic NICs and pass-through VFs (vmbus-builder.ts). */
  readonly vmbus?: VmbusSpec;
}

export interface CpuSpec {
  readonly vendorId: string;
  readonly family: number;
  readonly model: number;
  readonly stepping: number;
  readonly modelName: string;
  readonly mhz: number;
  readonly flags: readonly string[];
  /** Logical CPUs (default 2). */
  readonly count?: number;
}

export interface AcpiTableSpec {
  readonly signature: 'DMAR' | 'IVRS' | 'IORT';
  readonly oemId: string;
  readonly oemTableId: string;
  /** DMAR: host address width and flags (bit 0 INTR_REMAP, bit 1 X2APIC_OPT_OUT). */
  readonly dmar?: { readonly hostAddressWidth: number; readonly flags: number };
}

export type IommuUnitSpec =
  | { readonly kind: 'intel'; readonly name: string; readonly address: string; readonly cap: string; readonly ecap: string; readonly version: string }
  /** AMD: the IOMMU is itself a PCI function (0000:00:00.2), listed in `devices`. */
  | { readonly kind: 'amd'; readonly name: string; readonly device: string; readonly cap: string; readonly features: string };

export interface KernelLogSpec {
  /** Host path, default /var/log/kern.log. */
  readonly path?: string;
  readonly hostname: string;
  /** Messages as dmesg prints them, `[    0.123456] DMAR: IOMMU enabled`. */
  readonly messages: readonly string[];
  /** Messages of an earlier boot of another kernel, before this boot's header. */
  readonly previousBoot?: { readonly release: string; readonly messages: readonly string[] };
}

const pad = (hex: string, n: number) => hex.toLowerCase().padStart(n, '0');

/** Address of VF `index` of a PF: routing ID = PF's + offset + stride × index (drivers/pci/iov.c). */
export function vfAddress(pfAddress: string, offset: number, stride: number, index: number): string {
  const [domain, bus, devfn] = pfAddress.split(':') as [string, string, string];
  const [dev, fn] = devfn.split('.') as [string, string];
  const rid = (parseInt(bus, 16) << 8) + (parseInt(dev, 16) << 3) + parseInt(fn, 10) + offset + stride * index;
  return `${domain}:${pad(((rid >> 8) & 0xff).toString(16), 2)}:${pad(((rid & 0xff) >> 3).toString(16), 2)}.${rid & 7}`;
}

class TreeWriter {
  constructor(readonly root: string) {}

  file(hostPath: string, content: string | Buffer): void {
    const real = path.join(this.root, hostPath);
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.writeFileSync(real, content);
  }

  dir(hostPath: string): void {
    fs.mkdirSync(path.join(this.root, hostPath), { recursive: true });
  }

  /** A link whose target is written relative to the link's own directory, as sysfs writes them. */
  link(hostPath: string, hostTarget: string): void {
    const real = path.join(this.root, hostPath);
    fs.mkdirSync(path.dirname(real), { recursive: true });
    const relative = path.posix.relative(path.posix.dirname(hostPath), hostTarget);
    fs.rmSync(real, { force: true });
    fs.symlinkSync(relative, real);
  }

  rawLink(hostPath: string, target: string): void {
    const real = path.join(this.root, hostPath);
    fs.mkdirSync(path.dirname(real), { recursive: true });
    fs.rmSync(real, { force: true });
    fs.symlinkSync(target, real);
  }
}

interface PciNode {
  readonly address: string;
  readonly devicePath: string;
}

export function buildHost(root: string, spec: HostSpec): void {
  const w = new TreeWriter(root);
  const nodes = new Map<string, PciNode>();
  const netdevs: { spec: NetdevSpec; devicePath: string }[] = [];
  const driverBindings: { driver: string; address: string; devicePath: string }[] = [];
  const groups = new Map<number, string[]>();

  const placeUnder = (address: string, parent: string | undefined): string => {
    if (parent === undefined) return `/sys/devices/pci${address.slice(0, 7)}/${address}`;
    const up = nodes.get(parent);
    if (!up) throw new Error(`fixture: ${address} is placed under unknown bridge ${parent}`);
    return `${up.devicePath}/${address}`;
  };

  // Legacy interrupt lines: every function but a VF has pin INTA routed to an IRQ (the `irq` file); VFs have none.
  let nextIrq = 16;

  // Slots (bus and device number) holding more than one function: their functions set header type bit 7.
  const pciSlot = (address: string) => address.slice(0, address.lastIndexOf('.'));
  const functions = [...(spec.bridges ?? []), ...(spec.pfs ?? []), ...(spec.devices ?? [])].map((f) => pciSlot(f.address));
  const multifunctionSlots = new Set(functions.filter((slot, i) => functions.indexOf(slot) !== i));

  /** Config space fields that are not the device's identity (which writeDevice fills from the same values as sysfs). */
  type ConfigExtras = Omit<ConfigSpaceSpec, 'vendorId' | 'deviceId' | 'classCode' | 'revision' | 'subsystemVendorId' | 'subsystemDeviceId' | 'interruptPin' | 'interruptLine' | 'bars' | 'link'>;

  const writeDevice = (d: {
    address: string;
    devicePath: string;
    vendorId: string;
    deviceId: string;
    classCode: string;
    subsystemVendorId?: string;
    subsystemDeviceId?: string;
    revision?: number;
    driver?: string | null;
    numaNode?: number;
    iommuGroup?: number | null;
    /** The config space beyond identity, BARs and link (capabilities, bus numbers); its size. */
    config: ConfigExtras;
    /** The `resource` lines: BARs 0–5, ROM, VF BARs, (bridges) windows. */
    resources: ResourceLines;
    /** A VF: no interrupt pin, BARs not in its config space (lspci shows them as virtual). */
    vf?: boolean;
    link?: PciLinkSpec;
    ariEnabled?: boolean;
  }) => {
    const base = d.devicePath;
    const subVendor = d.subsystemVendorId ?? d.vendorId;
    const subDevice = d.subsystemDeviceId ?? '0000';
    const klass = parseInt(d.classCode, 16);
    const revision = d.revision ?? 1;
    const irq = d.vf ? 0 : nextIrq++;
    const link = d.link ? { speed: d.link.speed, width: d.link.width, maxSpeed: d.link.maxSpeed ?? d.link.speed, maxWidth: d.link.maxWidth ?? d.link.width } : undefined;
    w.file(`${base}/vendor`, `0x${pad(d.vendorId, 4)}\n`);
    w.file(`${base}/device`, `0x${pad(d.deviceId, 4)}\n`);
    w.file(`${base}/class`, `0x${pad(d.classCode, 6)}\n`);
    w.file(`${base}/subsystem_vendor`, `0x${pad(subVendor, 4)}\n`);
    w.file(`${base}/subsystem_device`, `0x${pad(subDevice, 4)}\n`);
    w.file(`${base}/revision`, `0x${pad(revision.toString(16), 2)}\n`);
    w.file(`${base}/irq`, `${irq}\n`);
    w.file(`${base}/resource`, resourceText(d.resources));
    w.file(`${base}/numa_node`, `${d.numaNode ?? -1}\n`);
    w.file(`${base}/local_cpus`, 'ffffffff\n');
    w.file(`${base}/local_cpulist`, '0-31\n');
    w.file(`${base}/enable`, '1\n');
    w.file(`${base}/broken_parity_status`, '0\n');
    w.file(`${base}/msi_bus`, '1\n');
    w.file(`${base}/power_state`, 'D0\n');
    w.file(`${base}/dma_mask_bits`, '64\n');
    w.file(`${base}/consistent_dma_mask_bits`, '64\n');
    w.file(`${base}/driver_override`, '(null)\n');
    w.file(`${base}/d3cold_allowed`, '1\n');
    w.file(
      `${base}/config`,
      buildConfigSpace({
        ...d.config,
        multifunction: !d.vf && multifunctionSlots.has(pciSlot(d.address)),
        vendorId: d.vendorId,
        deviceId: d.deviceId,
        classCode: d.classCode,
        revision,
        subsystemVendorId: subVendor,
        subsystemDeviceId: subDevice,
        interruptPin: d.vf ? 0 : 1,
        interruptLine: irq & 0xff,
        // A VF's BAR registers read as zero: the kernel places its BARs from the PF's VF BAR windows.
        bars: d.vf ? [] : barsOf(d.resources),
        ...(link ? { link: { maxSpeed: linkSpeedCode(link.maxSpeed), maxWidth: link.maxWidth, speed: linkSpeedCode(link.speed), width: link.width } } : {}),
      }),
    );
    if (d.ariEnabled !== undefined) w.file(`${base}/ari_enabled`, d.ariEnabled ? '1\n' : '0\n');
    if (link) {
      w.file(`${base}/current_link_speed`, `${link.speed}\n`);
      w.file(`${base}/current_link_width`, `${link.width}\n`);
      w.file(`${base}/max_link_speed`, `${link.maxSpeed}\n`);
      w.file(`${base}/max_link_width`, `${link.maxWidth}\n`);
    }
    const modalias = `pci:v0000${d.vendorId.toUpperCase()}d0000${d.deviceId.toUpperCase()}sv0000${subVendor.toUpperCase()}sd0000${subDevice.toUpperCase()}bc${d.classCode.slice(0, 2).toUpperCase()}sc${d.classCode.slice(2, 4).toUpperCase()}i${d.classCode.slice(4, 6).toUpperCase()}`;
    w.file(`${base}/modalias`, `${modalias}\n`);
    const uevent = [
      ...(d.driver ? [`DRIVER=${d.driver}`] : []),
      `PCI_CLASS=${klass.toString(16).toUpperCase()}`,
      `PCI_ID=${d.vendorId.toUpperCase()}:${d.deviceId.toUpperCase()}`,
      `PCI_SUBSYS_ID=${subVendor.toUpperCase()}:${subDevice.toUpperCase()}`,
      `PCI_SLOT_NAME=${d.address}`,
      `MODALIAS=${modalias}`,
    ];
    w.file(`${base}/uevent`, `${uevent.join('\n')}\n`);
    w.link(`${base}/subsystem`, '/sys/bus/pci');
    w.link(`/sys/bus/pci/devices/${d.address}`, base);
    if (d.driver) {
      w.link(`${base}/driver`, `/sys/bus/pci/drivers/${d.driver}`);
      driverBindings.push({ driver: d.driver, address: d.address, devicePath: base });
    }
    if (d.iommuGroup !== undefined && d.iommuGroup !== null) {
      w.link(`${base}/iommu_group`, `/sys/kernel/iommu_groups/${d.iommuGroup}`);
      const members = groups.get(d.iommuGroup) ?? [];
      members.push(d.address);
      groups.set(d.iommuGroup, members);
    }
  };

  const writeNetdev = (devicePath: string, n: NetdevSpec) => {
    netdevs.push({ spec: n, devicePath });
    const base = `${devicePath}/net/${n.name}`;
    const up = (n.operstate ?? 'up') === 'up';
    w.file(`${base}/address`, `${n.mac}\n`);
    w.file(`${base}/addr_len`, '6\n');
    w.file(`${base}/broadcast`, 'ff:ff:ff:ff:ff:ff\n');
    w.file(`${base}/carrier`, up ? '1\n' : '0\n');
    w.file(`${base}/operstate`, `${n.operstate ?? 'up'}\n`);
    w.file(`${base}/speed`, n.speed === null || !up ? '\n' : `${n.speed ?? 10000}\n`);
    w.file(`${base}/duplex`, up ? 'full\n' : '\n');
    w.file(`${base}/mtu`, `${n.mtu ?? 1500}\n`);
    w.file(`${base}/ifindex`, `${n.ifindex ?? 2}\n`);
    w.file(`${base}/iflink`, `${n.ifindex ?? 2}\n`);
    w.file(`${base}/type`, '1\n');
    w.file(`${base}/flags`, up ? '0x1003\n' : '0x1002\n');
    w.file(`${base}/tx_queue_len`, '1000\n');
    w.file(`${base}/uevent`, `INTERFACE=${n.name}\nIFINDEX=${n.ifindex ?? 2}\n`);
    if (n.physPortName !== undefined) w.file(`${base}/phys_port_name`, `${n.physPortName}\n`);
    if (n.physSwitchId !== undefined) w.file(`${base}/phys_switch_id`, `${n.physSwitchId}\n`);
    for (const stat of STAT_NAMES) w.file(`${base}/statistics/${stat}`, `${n.stats?.[stat] ?? 0}\n`);
    for (let q = 0; q < (n.queues ?? 1); q++) {
      w.file(`${base}/queues/rx-${q}/rps_cpus`, '00000000\n');
      w.file(`${base}/queues/rx-${q}/rps_flow_cnt`, '0\n');
      w.file(`${base}/queues/tx-${q}/traffic_class`, '0\n');
      w.file(`${base}/queues/tx-${q}/tx_maxrate`, '0\n');
      w.file(`${base}/queues/tx-${q}/tx_timeout`, '0\n');
      w.file(`${base}/queues/tx-${q}/xps_cpus`, '00000000\n');
      w.file(`${base}/queues/tx-${q}/byte_queue_limits/limit`, '0\n');
    }
    w.link(`${base}/device`, devicePath);
    w.link(`${base}/subsystem`, '/sys/class/net');
    w.link(`/sys/class/net/${n.name}`, base);
  };

  // Bridges first: devices are placed under them. Their files are written last, when the buses behind them are known.
  for (const b of spec.bridges ?? []) nodes.set(b.address, { address: b.address, devicePath: placeUnder(b.address, b.parent) });

  for (const pf of spec.pfs ?? []) {
    const devicePath = placeUnder(pf.address, pf.bridge);
    nodes.set(pf.address, { address: pf.address, devicePath });
    const classCode = pf.classCode ?? '020000';
    const capability = pf.sriovCapability === null ? undefined : (pf.sriovCapability ?? pf.sriov);
    const hardwareTotal = capability ? (capability.hardwareTotalVfs ?? capability.totalVfs) : 0;
    const s = pf.sriov;
    // The firmware places the VF BAR windows only for a PF the kernel enabled SR-IOV on, and only when it had room.
    const vfWindows = s !== undefined && (pf.vfBarsAssigned ?? true) ? vfBarWindows(pf.address, hardwareTotal) : undefined;
    writeDevice({
      address: pf.address,
      devicePath,
      vendorId: pf.vendorId,
      deviceId: pf.deviceId,
      classCode,
      ...(pf.subsystemVendorId ? { subsystemVendorId: pf.subsystemVendorId } : {}),
      ...(pf.subsystemDeviceId ? { subsystemDeviceId: pf.subsystemDeviceId } : {}),
      ...(pf.revision !== undefined ? { revision: pf.revision } : {}),
      driver: pf.driver === undefined ? null : pf.driver,
      ...(pf.numaNode !== undefined ? { numaNode: pf.numaNode } : {}),
      ...(pf.iommuGroup !== undefined ? { iommuGroup: pf.iommuGroup } : {}),
      ...(pf.ariEnabled !== undefined ? { ariEnabled: pf.ariEnabled } : {}),
      link: pf.link ?? { speed: '8.0 GT/s PCIe', width: 8 },
      resources: { ...functionBars(pf.address), ...(vfWindows ? { vfBars: vfWindows } : {}) },
      config: {
        ari: pf.ari ?? { nextFunction: 0 },
        ...(pf.acs === null ? {} : { acs: pf.acs ?? { capability: 0, control: 0 } }),
        ...(capability
          ? {
              sriov: {
                totalVfs: hardwareTotal,
                numVfs: s?.numVfs ?? 0,
                offset: capability.offset,
                stride: capability.stride,
                vfDeviceId: capability.vfDeviceId,
                ariHierarchy: capability.ariHierarchy ?? true,
                dependencyLink: Number(pf.address.slice(-1)),
                ...(vfWindows ? { vfBars: vfWindows.map((r) => ({ index: r.index, address: r.start })) } : {}),
              },
            }
          : {}),
        size: pf.configSize ?? 4096,
      },
    });
    if (pf.netdev && pf.driver) writeNetdev(devicePath, pf.switchdev ? { ...pf.netdev, physSwitchId: pf.switchdev.switchId } : pf.netdev);
    // Representors hang off the PF's own device beside the uplink (SET_NETDEV_DEV to the PF in mlx5 and ice).
    const fn = Number(pf.address.slice(pf.address.lastIndexOf('.') + 1));
    pf.switchdev?.representors.forEach((rep, vf) => writeNetdev(devicePath, { ...rep, physPortName: `pf${fn}vf${vf}`, physSwitchId: pf.switchdev?.switchId }));
    if (!s) continue;
    w.file(`${devicePath}/sriov_totalvfs`, `${s.totalVfs}\n`);
    w.file(`${devicePath}/sriov_numvfs`, `${s.numVfs}\n`);
    w.file(`${devicePath}/sriov_offset`, `${s.offset}\n`);
    w.file(`${devicePath}/sriov_stride`, `${s.stride}\n`);
    w.file(`${devicePath}/sriov_vf_device`, `${s.vfDeviceId.toLowerCase().replace(/^0+(?=.)/, '')}\n`);
    w.file(`${devicePath}/sriov_drivers_autoprobe`, s.autoprobe === false ? '0\n' : '1\n');
    w.file(`${devicePath}/sriov_vf_total_msix`, `${s.vfTotalMsix ?? 0}\n`);
    const bridgePath = path.posix.dirname(devicePath);
    for (let i = 0; i < s.numVfs; i++) {
      const vf = { ...pf.vfDefaults, ...pf.vfs?.[i] };
      const address = vfAddress(pf.address, s.offset, s.stride, i);
      const vfPath = `${bridgePath}/${address}`;
      nodes.set(address, { address, devicePath: vfPath });
      writeDevice({
        address,
        devicePath: vfPath,
        vendorId: pf.vendorId,
        deviceId: s.vfDeviceId,
        classCode,
        ...(pf.subsystemVendorId ? { subsystemVendorId: pf.subsystemVendorId } : {}),
        ...(pf.subsystemDeviceId ? { subsystemDeviceId: pf.subsystemDeviceId } : {}),
        ...(pf.revision !== undefined ? { revision: pf.revision } : {}),
        driver: vf.driver === undefined ? null : vf.driver,
        ...(pf.numaNode !== undefined ? { numaNode: pf.numaNode } : {}),
        ...(vf.iommuGroup !== undefined ? { iommuGroup: vf.iommuGroup } : {}),
        vf: true,
        // A VF's link registers are reserved (zero): the kernel shows an unknown speed and width 0.
        link: { speed: 'Unknown', width: 0 },
        resources: { bars: (vfWindows ?? []).map((r) => ({ index: r.index - VF_BAR_FIRST, start: r.start + BigInt(i) * r.perVf, size: r.perVf })) },
        config: { ari: { nextFunction: 0 }, size: pf.configSize ?? 4096 },
      });
      w.link(`${devicePath}/virtfn${i}`, vfPath);
      w.link(`${vfPath}/physfn`, devicePath);
      if (vf.driver && vf.netdev !== null) {
        const name = vf.netdev?.name ?? pf.vfNetdevName?.(i);
        if (name !== undefined) writeNetdev(vfPath, { mac: `02:00:00:00:${pad(i.toString(16), 2)}:01`, ...vf.netdev, name });
      }
    }
  }

  for (const d of spec.devices ?? []) {
    const devicePath = placeUnder(d.address, d.parent);
    nodes.set(d.address, { address: d.address, devicePath });
    writeDevice({
      address: d.address,
      devicePath,
      vendorId: d.vendorId,
      deviceId: d.deviceId,
      classCode: d.classCode,
      ...(d.subsystemVendorId ? { subsystemVendorId: d.subsystemVendorId } : {}),
      ...(d.subsystemDeviceId ? { subsystemDeviceId: d.subsystemDeviceId } : {}),
      driver: d.driver === undefined ? null : d.driver,
      ...(d.numaNode !== undefined ? { numaNode: d.numaNode } : {}),
      ...(d.iommuGroup !== undefined ? { iommuGroup: d.iommuGroup } : {}),
      resources: functionBars(d.address),
      config: { size: d.configSize ?? 4096 },
    });
    if (d.netdev) writeNetdev(devicePath, d.netdev);
  }

  if (spec.vmbus) {
    writeVmbus(spec.vmbus, {
      file: (hostPath, content) => w.file(hostPath, content),
      link: (hostPath, target) => w.link(hostPath, target),
      dir: (hostPath) => w.dir(hostPath),
      netdev: writeNetdev,
      // A VF as hv_pci presents it: no interrupt pin, an unknown link, BARs the host placed for it.
      pciDevice: (devicePath, d) =>
        writeDevice({
          address: d.address,
          devicePath,
          vendorId: d.vendorId,
          deviceId: d.deviceId,
          classCode: '020000',
          ...(d.subsystemVendorId ? { subsystemVendorId: d.subsystemVendorId } : {}),
          ...(d.subsystemDeviceId ? { subsystemDeviceId: d.subsystemDeviceId } : {}),
          ...(d.revision !== undefined ? { revision: d.revision } : {}),
          driver: d.driver,
          iommuGroup: null,
          vf: true,
          link: { speed: 'Unknown', width: 0 },
          resources: functionBars(d.address),
          config: { size: 4096 },
        }),
    });
  }

  // Bridges: the bus range behind each, from what was placed below it (or as the spec says); an empty one still
  // has a secondary bus assigned (the next one).
  for (const b of spec.bridges ?? []) {
    const devicePath = (nodes.get(b.address) as PciNode).devicePath;
    const own = parseInt(b.address.slice(5, 7), 16);
    const below = [...nodes.values()].filter((n) => n.devicePath.startsWith(`${devicePath}/`)).map((n) => parseInt(n.address.slice(5, 7), 16));
    const [secondary, subordinate] = b.busRange ?? (below.length > 0 ? [Math.min(...below), Math.max(...below)] : [own + 1, own + 1]);
    writeDevice({
      address: b.address,
      devicePath,
      vendorId: b.vendorId ?? '8086',
      deviceId: b.deviceId ?? '2030',
      classCode: '060400',
      subsystemVendorId: b.vendorId ?? '8086',
      driver: 'pcieport',
      ...(b.numaNode !== undefined ? { numaNode: b.numaNode } : {}),
      ...(b.iommuGroup !== undefined ? { iommuGroup: b.iommuGroup } : {}),
      resources: { bars: [], bridgeWindows: true },
      config: {
        headerType: 1,
        buses: { primary: own, secondary, subordinate },
        portType: b.portType ?? 4,
        ariForwardingSupported: b.ariForwardingSupported ?? true,
        ariForwardingEnabled: b.ariForwardingEnabled ?? true,
        ...(b.acs ? { acs: b.acs } : {}),
        size: b.configSize ?? 4096,
      },
      link: { speed: '8.0 GT/s PCIe', width: 16 },
    });
    w.file(`${devicePath}/secondary_bus_number`, `${secondary}\n`);
    w.file(`${devicePath}/subordinate_bus_number`, `${subordinate}\n`);
  }

  for (const binding of driverBindings) {
    w.dir(`/sys/bus/pci/drivers/${binding.driver}`);
    w.link(`/sys/bus/pci/drivers/${binding.driver}/${binding.address}`, binding.devicePath);
  }
  for (const [group, members] of groups) {
    w.file(`/sys/kernel/iommu_groups/${group}/type`, `${spec.iommuGroupType ?? 'DMA-FQ'}\n`);
    w.file(`/sys/kernel/iommu_groups/${group}/reserved_regions`, '0x00000000fee00000 0x00000000feefffff msi\n');
    for (const address of members) {
      const node = nodes.get(address) as PciNode;
      w.link(`/sys/kernel/iommu_groups/${group}/devices/${address}`, node.devicePath);
    }
  }

  // The kernel creates both directories even when no IOMMU is on.
  w.dir('/sys/kernel/iommu_groups');
  w.dir('/sys/class/iommu');
  for (const unit of spec.iommuUnits ?? []) writeIommuUnit(w, unit, nodes);
  for (const table of spec.acpiTables ?? []) w.file(`/sys/firmware/acpi/tables/${table.signature}`, acpiTable(table));
  if (spec.cpu) w.file('/proc/cpuinfo', cpuinfo(spec.cpu));
  if (spec.interrupts) w.file('/proc/interrupts', procInterrupts(spec, spec.interrupts.remapped, spec.cpu?.count ?? 2));
  if (spec.kernelLog) w.file(spec.kernelLog.path ?? '/var/log/kern.log', kernelLog(spec, spec.kernelLog));
  for (const node of spec.devNodes ?? []) w.file(node, '');
  for (const [key, value] of Object.entries(spec.moduleParameters ?? {})) {
    const [module, parameter] = key.split('.') as [string, string];
    w.file(`/sys/module/${module}/parameters/${parameter}`, `${value}\n`);
  }
  if (spec.dmi) {
    // /sys/class/dmi/id is a link to the virtual dmi device, as on a real host.
    for (const [field, value] of Object.entries(spec.dmi)) w.file(`/sys/devices/virtual/dmi/id/${field}`, `${value}\n`);
    w.link('/sys/class/dmi/id', '/sys/devices/virtual/dmi/id');
  }
  if (spec.lockdown) {
    const modes = (['none', 'integrity', 'confidentiality'] as const).map((m) => (m === spec.lockdown ? `[${m}]` : m));
    w.file('/sys/kernel/security/lockdown', `${modes.join(' ')}\n`);
    w.file('/sys/kernel/security/lsm', 'lockdown,capability,landlock,yama,apparmor');
  }

  // The loopback interface every host has (virtual: not a PCI netdev).
  w.file('/sys/devices/virtual/net/lo/operstate', 'unknown\n');
  w.file('/sys/devices/virtual/net/lo/address', '00:00:00:00:00:00\n');
  w.link('/sys/class/net/lo', '/sys/devices/virtual/net/lo');
  w.dir('/sys/bus/pci/drivers');

  const numaNodes = spec.numaNodes ?? 1;
  for (let n = 0; n < numaNodes; n++) w.file(`/sys/devices/system/node/node${n}/cpulist`, `${n * 16}-${n * 16 + 15}\n`);

  // /proc
  w.file('/proc/sys/kernel/osrelease', `${spec.kernelRelease}\n`);
  w.file('/proc/cmdline', `${spec.cmdline}\n`);
  w.file('/proc/modules', spec.loadedModules.map((m) => `${m} 417792 0 - Live 0x0000000000000000\n`).join(''));
  for (const m of spec.loadedModules) w.file(`/sys/module/${m}/refcnt`, '0\n');
  w.file('/proc/net/dev', procNetDev(netdevs.map((n) => n.spec)));

  // /lib/modules/<release>
  if (!spec.noModulesDir) {
    const dir = `/lib/modules/${spec.kernelRelease}`;
    const installed = spec.installedModules ?? spec.loadedModules;
    const aliased = spec.aliasedModules ?? installed;
    const pathOf = (m: string) => MODULE_PATHS[m] ?? `kernel/drivers/misc/${m}.ko`;
    w.file(`${dir}/modules.builtin`, (spec.builtinModules ?? []).map((m) => `${pathOf(m)}\n`).join(''));
    w.file(`${dir}/modules.dep`, installed.map((m) => `${pathOf(m)}.zst:\n`).join(''));
    w.file(`${dir}/modules.alias`, ['# Aliases extracted from modules themselves.', ...aliased.flatMap((m) => PCI_ALIASES[m] ?? [])].join('\n') + '\n');
  }

  if (spec.pciIds !== undefined) w.file('/usr/share/misc/pci.ids', spec.pciIds);
  for (const [hostPath, content] of Object.entries(spec.files ?? {})) {
    if (typeof content === 'object' && !Buffer.isBuffer(content)) w.rawLink(hostPath, content.symlink);
    else w.file(hostPath, content);
  }
}

function procNetDev(netdevs: readonly NetdevSpec[]): string {
  const header =
    'Inter-|   Receive                                                |  Transmit\n' +
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
  const row = (name: string, s: Partial<Record<StatName, number>>) => {
    const v = (k: StatName) => s[k] ?? 0;
    const fields = [
      v('rx_bytes'), v('rx_packets'), v('rx_errors'), v('rx_dropped') + v('rx_missed_errors'), v('rx_fifo_errors'),
      v('rx_length_errors') + v('rx_over_errors') + v('rx_crc_errors') + v('rx_frame_errors'), v('rx_compressed'), v('multicast'),
      v('tx_bytes'), v('tx_packets'), v('tx_errors'), v('tx_dropped'), v('tx_fifo_errors'), v('collisions'),
      v('tx_carrier_errors') + v('tx_aborted_errors') + v('tx_window_errors') + v('tx_heartbeat_errors'), v('tx_compressed'),
    ];
    return `${name.padStart(6)}: ${fields.map((f, i) => String(f).padStart(i === 0 || i === 8 ? 8 : 7)).join(' ')}\n`;
  };
  return header + row('lo', {}) + netdevs.map((n) => row(n.name, n.stats ?? {})).join('');
}

/** A memory range of the `resource` file. */
interface ResourceRange {
  /** Resource index: BARs 0–5, ROM 6, VF BARs 7–12, bridge windows 13–16. */
  readonly index: number;
  readonly start: bigint;
  readonly size: bigint;
}

/** What a device's `resource` file lists. */
interface ResourceLines {
  readonly bars: readonly ResourceRange[];
  /** VF BAR windows of a PF (resources 7–12), each with the size of one VF's BAR. */
  readonly vfBars?: readonly (ResourceRange & { readonly perVf: bigint })[];
  /** A bridge: 17 lines (its windows 13–16 after the endpoint's 13). */
  readonly bridgeWindows?: boolean;
}

/** Resource index of VF BAR 0. */
const VF_BAR_FIRST = 7;
/** 64-bit prefetchable memory (IORESOURCE_MEM | PREFETCH | MEM_64 | SIZEALIGN), as the kernel prints the flags. */
const PREF64_FLAGS = 0x14220cn;

/** Where a function's BARs lie: a 256 MiB slot per routing ID, far above 4 GiB, so that no two functions overlap. */
function slotOf(address: string): bigint {
  const rid = parseInt(address.slice(5, 7), 16) * 256 + parseInt(address.slice(8, 10), 16) * 8 + Number(address.slice(11));
  return 0x3800_0000_0000n + BigInt(rid) * 0x1000_0000n;
}

/** Intel-style BARs of a function: 64-bit prefetchable BAR 0 (8 MiB) and BAR 3 (32 KiB). */
function functionBars(address: string): ResourceLines {
  const base = slotOf(address);
  return { bars: [{ index: 0, start: base, size: 0x80_0000n }, { index: 3, start: base + 0x80_0000n, size: 0x8000n }] };
}

/** The VF BAR windows of a PF with `totalVfs` VFs: VF BAR 0 of 64 KiB and VF BAR 3 of 16 KiB each (iavf, ixgbevf). */
function vfBarWindows(address: string, totalVfs: number): (ResourceRange & { readonly perVf: bigint })[] {
  const base = slotOf(address);
  const n = BigInt(totalVfs);
  return [
    { index: VF_BAR_FIRST, start: base + 0x100_0000n, size: n * 0x1_0000n, perVf: 0x1_0000n },
    { index: VF_BAR_FIRST + 3, start: base + 0x200_0000n, size: n * 0x4000n, perVf: 0x4000n },
  ];
}

/** The BAR registers a function's config space holds for its resources 0–5. */
function barsOf(resources: ResourceLines): Bar[] {
  return resources.bars.filter((r) => r.index < 6).map((r) => ({ index: r.index, address: r.start }));
}

/** `resource` (drivers/pci/pci-sysfs.c): "0x%016llx 0x%016llx 0x%016llx" per resource; unplaced ones are zeros. */
function resourceText(resources: ResourceLines): string {
  const hex = (n: bigint) => `0x${n.toString(16).padStart(16, '0')}`;
  const rows = Array.from({ length: resources.bridgeWindows ? 17 : 13 }, () => `${hex(0n)} ${hex(0n)} ${hex(0n)}`);
  for (const r of [...resources.bars, ...(resources.vfBars ?? [])]) if (r.size > 0n) rows[r.index] = `${hex(r.start)} ${hex(r.start + r.size - 1n)} ${hex(PREF64_FLAGS)}`;
  return `${rows.join('\n')}\n`;
}

function writeIommuUnit(w: TreeWriter, unit: IommuUnitSpec, nodes: ReadonlyMap<string, PciNode>): void {
  if (unit.kind === 'intel') {
    const base = `/sys/devices/virtual/iommu/${unit.name}`;
    w.file(`${base}/intel-iommu/address`, `${unit.address}\n`);
    w.file(`${base}/intel-iommu/cap`, `${unit.cap}\n`);
    w.file(`${base}/intel-iommu/ecap`, `${unit.ecap}\n`);
    w.file(`${base}/intel-iommu/version`, `${unit.version}\n`);
    w.dir(`${base}/devices`);
    w.link(`/sys/class/iommu/${unit.name}`, base);
    return;
  }
  const device = nodes.get(unit.device);
  if (!device) throw new Error(`fixture: AMD IOMMU ${unit.name} needs PCI device ${unit.device} in devices`);
  const base = `${device.devicePath}/iommu/${unit.name}`;
  w.file(`${base}/amd-iommu/cap`, `${unit.cap}\n`);
  w.file(`${base}/amd-iommu/features`, `${unit.features}\n`);
  w.dir(`${base}/devices`);
  w.link(`/sys/class/iommu/${unit.name}`, base);
}

function acpiTable(table: AcpiTableSpec): Buffer {
  const body = table.dmar ? 12 : 0; // DMAR: width, flags, 10 reserved bytes before the remapping structures
  const b = Buffer.alloc(36 + body + 16);
  b.write(table.signature, 0, 'latin1');
  b.writeUInt32LE(b.length, 4);
  b.writeUInt8(table.signature === 'IVRS' ? 2 : 1, 8);
  b.write(table.oemId.padEnd(6, ' ').slice(0, 6), 10, 'latin1');
  b.write(table.oemTableId.padEnd(8, ' ').slice(0, 8), 16, 'latin1');
  b.writeUInt32LE(1, 24);
  b.write('INTL', 28, 'latin1');
  b.writeUInt32LE(0x20200925, 32);
  if (table.dmar) {
    b.writeUInt8(table.dmar.hostAddressWidth - 1, 36); // the table stores width - 1
    b.writeUInt8(table.dmar.flags, 37);
  }
  let sum = 0;
  for (const byte of b) sum = (sum + byte) & 0xff;
  b.writeUInt8((0x100 - sum) & 0xff, 9);
  return b;
}

function cpuinfo(cpu: CpuSpec): string {
  const count = cpu.count ?? 2;
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push(
      [
        `processor\t: ${i}`,
        `vendor_id\t: ${cpu.vendorId}`,
        `cpu family\t: ${cpu.family}`,
        `model\t\t: ${cpu.model}`,
        `model name\t: ${cpu.modelName}`,
        `stepping\t: ${cpu.stepping}`,
        `cpu MHz\t\t: ${cpu.mhz.toFixed(3)}`,
        `physical id\t: 0`,
        `siblings\t: ${count}`,
        `core id\t\t: ${i}`,
        `cpu cores\t: ${count}`,
        `apicid\t\t: ${i * 2}`,
        `fpu\t\t: yes`,
        `fpu_exception\t: yes`,
        `cpuid level\t: 22`,
        `wp\t\t: yes`,
        `flags\t\t: ${cpu.flags.join(' ')}`,
        `bogomips\t: ${(cpu.mhz * 2).toFixed(2)}`,
        `clflush size\t: 64`,
        `cache_alignment\t: 64`,
        `address sizes\t: 46 bits physical, 48 bits virtual`,
        `power management:`,
        '',
      ].join('\n'),
    );
  }
  return `${blocks.join('\n')}\n`;
}

/** IRQ lines for what drivers would have requested: a timer, each bound PF and host-driven VF. */
function procInterrupts(spec: HostSpec, remapped: boolean, cpus: number): string {
  const ir = remapped ? 'IR-' : '';
  const header = `${' '.repeat(11)}${Array.from({ length: cpus }, (_, i) => `CPU${i}`.padEnd(11)).join('')}\n`;
  let irq = 24;
  const lines: string[] = [];
  const line = (n: string, chip: string, hw: string, name: string) =>
    `${n.padStart(4)}: ${Array.from({ length: cpus }, (_, i) => String(i === 0 ? 17 : 0).padStart(10)).join(' ')}  ${chip.padEnd(8)} ${hw.padEnd(11)} ${name}`;
  lines.push(line('0', `${ir}IO-APIC`, '2-edge', 'timer'));
  lines.push(line('8', `${ir}IO-APIC`, '8-edge', 'rtc0'));
  const msix = (address: string, driver: string, vectors: number, label: string) => {
    for (let v = 0; v < vectors; v++) lines.push(line(String(irq++), `${ir}PCI-MSIX-${address}`, `${v}-edge`, v === 0 ? `${driver}-${address}:misc` : `${driver}-${label}-TxRx-${v - 1}`));
  };
  for (const pf of spec.pfs ?? []) {
    if (!pf.driver) continue;
    msix(pf.address, pf.driver, 1 + Math.min(pf.netdev?.queues ?? 1, 4), pf.netdev?.name ?? pf.address);
    const s = pf.sriov;
    if (!s) continue;
    for (let i = 0; i < s.numVfs; i++) {
      const vf = { ...pf.vfDefaults, ...pf.vfs?.[i] };
      if (!vf.driver || vf.driver === 'vfio-pci') continue; // vfio requests vectors only when a VM runs
      msix(vfAddress(pf.address, s.offset, s.stride, i), vf.driver, 2, vf.netdev?.name ?? pf.vfNetdevName?.(i) ?? 'vf');
    }
  }
  for (const d of spec.devices ?? []) if (d.driver && d.classCode.startsWith('02')) msix(d.address, d.driver, 2, d.netdev?.name ?? d.address);
  return `${header}${lines.join('\n')}\nNMI:${Array.from({ length: cpus }, () => '0'.padStart(11)).join('')}   Non-maskable interrupts\n`;
}

function kernelLog(spec: HostSpec, log: KernelLogSpec): string {
  let second = 0;
  const stamp = (day: number) => {
    const s = second++;
    return `Mar ${String(day).padStart(2)} 08:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  // The build string as Debian and Ubuntu kernels print it.
  const built = (release: string) =>
    release.endsWith('-generic')
      ? '(buildd@lcy02-amd64-080) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #1-Ubuntu SMP'
      : '(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC';
  const boot = (day: number, release: string, cmdline: string, messages: readonly string[]) => [
    `${stamp(day)} ${log.hostname} kernel: [    0.000000] Linux version ${release} ${built(release)}`,
    `${stamp(day)} ${log.hostname} kernel: [    0.000000] Command line: ${cmdline}`,
    ...messages.map((m) => `${stamp(day)} ${log.hostname} kernel: ${m}`),
  ];
  const previous = log.previousBoot ? boot(3, log.previousBoot.release, spec.cmdline, log.previousBoot.messages) : [];
  return `${[...previous, ...boot(4, spec.kernelRelease, spec.cmdline, log.messages)].join('\n')}\n`;
}
