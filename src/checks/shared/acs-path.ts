// ACS on the path a PF's and its VFs' DMA takes to the root complex, judged as Linux judges it when it forms
// IOMMU groups (pci_device_group in drivers/iommu/iommu.c, pci_acs_enabled in drivers/pci/pci.c): every root port
// and switch downstream port up to the root needs SV, RR, CR and UF; a switch upstream port or an endpoint needs
// them only when it is one function of several (then its functions could talk inside the device). A bridge
// that cannot carry ACS at all (PCIe-to-PCI, conventional PCI) counts as lacking it. Read from config space,
// which a kernel quirk or pcie_acs_override cannot change: the hardware's answer, whatever the groups say.

import { isIssue, readIssue } from '../../fact.js';
import { isBridgeClass } from '../../parse/pci-class.js';
import { acsControlsOff, type AcsCapability, type PciConfig, type PciePortType } from '../../parse/pci-config.js';
import type { PciDevice } from '../../readers/pci-reader.js';
import type { Outcome } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { listText, unknown } from '../outcome.js';
import { sharedRemedy } from '../remediations.js';

export interface PathPort {
  readonly address: string;
  /** What it is on the path: "root port", "switch downstream port", "the PF, multifunction with …". */
  readonly role: string;
  readonly vendorId: string;
  readonly deviceId: string;
  /** undefined: no PCI Express capability (a conventional PCI bridge). */
  readonly portType?: PciePortType;
  readonly multifunction: boolean;
  readonly acs?: AcsCapability;
  /** Required controls the capability offers but leaves off (empty: it isolates, or it has no capability). */
  readonly controlsOff: readonly string[];
  /** Its config file, the evidence. */
  readonly configPath: string;
}

/** The ports that must isolate (bridges nearest the PF first, then the PF); or the outcome when one could not be read. */
export type AcsPath = { readonly ports: readonly PathPort[] } | { readonly unreadable: Outcome };

const ROLES: Partial<Record<PciePortType, string>> = {
  'root-port': 'root port',
  'downstream-port': 'switch downstream port',
  'upstream-port': 'switch upstream port',
  'pcie-to-pci-bridge': 'PCIe-to-PCI bridge',
  'pci-to-pcie-bridge': 'PCI-to-PCIe bridge',
};

/** Port types that isolate only as one function of several (PCIe 3.0 §6.12.1.2, as pci_acs_enabled reads it). */
const ONLY_AS_MULTIFUNCTION: readonly PciePortType[] = ['endpoint', 'legacy-endpoint', 'upstream-port', 'rc-integrated-endpoint'];

export function acsPath(pf: PfView, host: HostView): AcsPath {
  const ports: PathPort[] = [];
  for (const address of pf.device.upstream) {
    const bridge = host.device(address);
    if (!bridge || !isBridgeClass(bridge.classCode)) continue;
    const port = pathPort(bridge);
    if ('unreadable' in port) return port;
    if (needsAcs(port)) ports.push(port);
  }
  const own = pf.device.config;
  // The PF itself matters only as one function of several; header type bit 7 is in the 64 bytes anyone can read.
  if (own !== undefined && !isIssue(own) && own.multifunction === true) {
    const siblings = slotSiblings(pf.device, host).map((d) => d.address);
    const role = siblings.length > 0 ? `the PF, multifunction with ${listText(siblings, 3)}` : 'the PF, multifunction';
    const port = pathPort(pf.device, role);
    if ('unreadable' in port) return port;
    ports.push(port);
  }
  return { ports };
}

/** Isolates as Linux requires: an ACS capability with every required control it offers enabled. */
export function isolates(port: PathPort): boolean {
  return port.acs !== undefined && port.controlsOff.length === 0;
}

/** "0000:00:1c.0 (root port, no ACS capability)", "0000:17:00.0 (root port, ACSCtl 0x5: CR, UF off)". */
export function lackText(port: PathPort): string {
  const acs = port.acs;
  const why = acs === undefined ? 'no ACS capability' : `ACSCtl 0x${acs.control.toString(16)}: ${port.controlsOff.join(', ')} off`;
  return `${port.address} (${port.role}, ${why})`;
}

/** "0000:5d:00.0 (root port)". */
export function portText(port: PathPort): string {
  return `${port.address} (${port.role})`;
}

function needsAcs(port: PathPort): boolean {
  if (port.portType === undefined) return true;
  return ONLY_AS_MULTIFUNCTION.includes(port.portType) ? port.multifunction : true;
}

function pathPort(device: PciDevice, role?: string): PathPort | { readonly unreadable: Outcome } {
  const config = readableConfig(device);
  if ('unreadable' in config) return config;
  const portType = config.pcie?.portType;
  return {
    address: device.address,
    role: role ?? (portType !== undefined ? ROLES[portType] : undefined) ?? (portType === undefined ? 'PCI bridge' : `PCIe ${portType}`),
    vendorId: config.vendorId,
    deviceId: config.deviceId,
    ...(portType !== undefined ? { portType } : {}),
    multifunction: config.multifunction === true,
    ...(config.acs ? { acs: config.acs } : {}),
    controlsOff: config.acs ? acsControlsOff(config.acs) : [],
    configPath: `/sys/bus/pci/devices/${device.address}/config`,
  };
}

/** The device's config space with its extended capabilities, or why ACS on it is unknown. */
function readableConfig(device: PciDevice): PciConfig | { readonly unreadable: Outcome } {
  const path = `/sys/bus/pci/devices/${device.address}/config`;
  const what = `ACS on ${device.address}`;
  const config = device.config;
  if (config === undefined) return { unreadable: unknown(what, readIssue(path, 'ENOENT')) };
  if (isIssue(config)) {
    return { unreadable: unknown(what, config, config.code === 'ESHORT' ? sharedRemedy('run-as-root-for-config') : undefined) };
  }
  if (!config.extendedReadable) {
    const issue = readIssue(path, 'ESHORT', `${config.size} bytes: extended capabilities need root`);
    return { unreadable: unknown(what, issue, sharedRemedy('run-as-root-for-config')) };
  }
  return config;
}

/** The other functions in the device's slot (same bus and device number), VFs left out. */
function slotSiblings(device: PciDevice, host: HostView): PciDevice[] {
  const slot = device.address.slice(0, device.address.lastIndexOf('.'));
  return host.snapshot.pciDevices.filter(
    (d) => d.address !== device.address && d.physfn === undefined && d.address.slice(0, d.address.lastIndexOf('.')) === slot,
  );
}
