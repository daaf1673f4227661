// PCI configuration space (the sysfs `config` file), decoded as far as it was readable.
//
// Without CAP_SYS_ADMIN the kernel returns only the first 64 bytes (the header); the capability list
// (0x40–0xff) needs 256 bytes and the PCIe extended capabilities (0x100–0xfff) need 4096. What lies beyond
// the readable size is reported as not readable — never as absent. Offsets and bits: PCI Local Bus 3.0,
// PCIe Base 4.0, include/uapi/linux/pci_regs.h.

import { type Parsed, parseIssue } from '../fact.js';

export const CAP_ID_PCIE = 0x10;
export const EXT_CAP_ID_ACS = 0x000d;
export const EXT_CAP_ID_ARI = 0x000e;
export const EXT_CAP_ID_SRIOV = 0x0010;

/** ACS control bits; Linux needs SV|RR|CR|UF enabled on every bridge up to the root for isolation. */
export const ACS = { SV: 0x01, TB: 0x02, RR: 0x04, CR: 0x08, UF: 0x10, EC: 0x20, DT: 0x40 } as const;
export const ACS_REQUIRED = ACS.SV | ACS.RR | ACS.CR | ACS.UF;

/**
 * The required ACS controls (SV, RR, CR, UF) that are off, as the kernel judges them (pci_acs_flags_enabled):
 * a control the capability register does not offer counts as hard-wired on, so only offered ones can be off.
 * Empty: the function isolates as Linux requires.
 */
export function acsControlsOff(acs: AcsCapability): string[] {
  const offered = ACS_REQUIRED & acs.capability;
  return (['SV', 'RR', 'CR', 'UF'] as const).filter((bit) => (offered & ACS[bit]) !== 0 && (acs.control & ACS[bit]) === 0);
}

export type PciePortType =
  | 'endpoint'
  | 'legacy-endpoint'
  | 'root-port'
  | 'upstream-port'
  | 'downstream-port'
  | 'pcie-to-pci-bridge'
  | 'pci-to-pcie-bridge'
  | 'rc-integrated-endpoint'
  | 'rc-event-collector'
  | 'unknown';

const PORT_TYPES: Record<number, PciePortType> = {
  0: 'endpoint',
  1: 'legacy-endpoint',
  4: 'root-port',
  5: 'upstream-port',
  6: 'downstream-port',
  7: 'pcie-to-pci-bridge',
  8: 'pci-to-pcie-bridge',
  9: 'rc-integrated-endpoint',
  10: 'rc-event-collector',
};

export interface PcieCapability {
  readonly offset: number;
  readonly version: number;
  readonly portType: PciePortType;
  /** DevCap2 bit 5: ARI Forwarding Supported (meaningful on root and downstream ports). */
  readonly ariForwardingSupported: boolean;
  /** DevCtl2 bit 5: ARI Forwarding Enable. */
  readonly ariForwardingEnabled: boolean;
}

export interface AcsCapability {
  readonly offset: number;
  readonly capability: number;
  readonly control: number;
}

export interface SriovCapability {
  readonly offset: number;
  readonly vfEnable: boolean;
  readonly vfMemorySpaceEnable: boolean;
  /** SR-IOV Control bit 4 — only implemented in the lowest-numbered PF of a device. */
  readonly ariCapableHierarchy: boolean;
  readonly initialVfs: number;
  readonly totalVfs: number;
  readonly numVfs: number;
  readonly vfOffset: number;
  readonly vfStride: number;
  readonly vfDeviceId: string;
}

export interface PciConfig {
  /** Bytes the kernel returned: 64 for a non-root reader, 256 or 4096 for root. */
  readonly size: number;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly headerType: number;
  /**
   * Header type bit 7: the device has more than one function (the kernel's pdev->multifunction). Absent in
   * snapshots written before it was read.
   */
  readonly multifunction?: boolean;
  /** Capability list readable (size ≥ 256). */
  readonly capabilitiesReadable: boolean;
  /** Extended capabilities readable (size ≥ 4096). */
  readonly extendedReadable: boolean;
  /** Standard capability ids in list order (undefined when not readable). */
  readonly capabilities?: readonly number[];
  readonly pcie?: PcieCapability;
  /** Extended capability ids in list order (undefined when not readable or not PCIe). */
  readonly extendedCapabilities?: readonly number[];
  readonly acs?: AcsCapability;
  readonly ari?: { readonly offset: number; readonly nextFunction: number };
  readonly sriov?: SriovCapability;
  /** Structural problems met while walking the lists (loops, pointers out of range). */
  readonly problems: readonly string[];
}


const HEADER_SIZE = 64;
const STANDARD_SIZE = 256;
const EXTENDED_SIZE = 4096;

export function parsePciConfig(bytes: Uint8Array): Parsed<PciConfig> {
  if (bytes.length < HEADER_SIZE) {
    return parseIssue('ESHORT', `${bytes.length} bytes, the header alone is ${HEADER_SIZE}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vendor = view.getUint16(0x00, true);
  if (vendor === 0xffff || vendor === 0x0000) {
    return parseIssue('EPARSE', `vendor id 0x${hex(vendor, 4)} is not a present device`);
  }
  const problems: string[] = [];
  const headerType = view.getUint8(0x0e) & 0x7f;
  const multifunction = (view.getUint8(0x0e) & 0x80) !== 0;
  const capabilitiesReadable = bytes.length >= STANDARD_SIZE;
  const extendedReadable = bytes.length >= EXTENDED_SIZE;

  let capabilities: number[] | undefined;
  let pcie: PcieCapability | undefined;
  if (capabilitiesReadable) {
    capabilities = [];
    const hasList = (view.getUint16(0x06, true) & 0x10) !== 0;
    const pointerOffset = headerType === 2 ? 0x14 : 0x34;
    let pointer = hasList ? view.getUint8(pointerOffset) & 0xfc : 0;
    const seen = new Set<number>();
    while (pointer !== 0) {
      if (pointer < HEADER_SIZE || pointer + 2 > STANDARD_SIZE) {
        problems.push(`capability pointer 0x${hex(pointer, 2)} out of range`);
        break;
      }
      if (seen.has(pointer)) {
        problems.push(`capability list loops at 0x${hex(pointer, 2)}`);
        break;
      }
      seen.add(pointer);
      const id = view.getUint8(pointer);
      capabilities.push(id);
      if (id === CAP_ID_PCIE && pcie === undefined) pcie = decodePcie(view, pointer);
      pointer = view.getUint8(pointer + 1) & 0xfc;
    }
  }

  let extendedCapabilities: number[] | undefined;
  let acs: AcsCapability | undefined;
  let ari: { offset: number; nextFunction: number } | undefined;
  let sriov: SriovCapability | undefined;
  if (extendedReadable && pcie !== undefined) {
    extendedCapabilities = [];
    let offset = 0x100;
    const seen = new Set<number>();
    while (offset !== 0) {
      if (offset < 0x100 || offset + 4 > EXTENDED_SIZE) {
        problems.push(`extended capability pointer 0x${hex(offset, 3)} out of range`);
        break;
      }
      if (seen.has(offset)) {
        problems.push(`extended capability list loops at 0x${hex(offset, 3)}`);
        break;
      }
      seen.add(offset);
      const header = view.getUint32(offset, true);
      if (header === 0 || header === 0xffffffff) break;
      const id = header & 0xffff;
      extendedCapabilities.push(id);
      if (id === EXT_CAP_ID_ACS && acs === undefined && offset + 8 <= EXTENDED_SIZE) {
        acs = { offset, capability: view.getUint16(offset + 4, true), control: view.getUint16(offset + 6, true) };
      } else if (id === EXT_CAP_ID_ARI && ari === undefined && offset + 8 <= EXTENDED_SIZE) {
        ari = { offset, nextFunction: (view.getUint16(offset + 4, true) >> 8) & 0xff };
      } else if (id === EXT_CAP_ID_SRIOV && sriov === undefined && offset + 0x1c <= EXTENDED_SIZE) {
        sriov = decodeSriov(view, offset);
      }
      offset = (header >>> 20) & 0xffc;
    }
  }

  return {
    size: bytes.length,
    vendorId: hex(vendor, 4),
    deviceId: hex(view.getUint16(0x02, true), 4),
    headerType,
    multifunction,
    capabilitiesReadable,
    extendedReadable,
    ...(capabilities !== undefined ? { capabilities } : {}),
    ...(pcie !== undefined ? { pcie } : {}),
    ...(extendedCapabilities !== undefined ? { extendedCapabilities } : {}),
    ...(acs !== undefined ? { acs } : {}),
    ...(ari !== undefined ? { ari } : {}),
    ...(sriov !== undefined ? { sriov } : {}),
    problems,
  };
}

function decodePcie(view: DataView, offset: number): PcieCapability {
  const flags = view.getUint16(offset + 0x02, true);
  const version = flags & 0x0f;
  const portType = PORT_TYPES[(flags >> 4) & 0x0f] ?? 'unknown';
  // DevCap2/DevCtl2 exist only in version 2 capabilities (PCIe 2.0+), which are 0x3c bytes long.
  const hasV2 = version >= 2 && offset + 0x2a <= STANDARD_SIZE;
  const devCap2 = hasV2 ? view.getUint32(offset + 0x24, true) : 0;
  const devCtl2 = hasV2 ? view.getUint16(offset + 0x28, true) : 0;
  return {
    offset,
    version,
    portType,
    ariForwardingSupported: (devCap2 & 0x20) !== 0,
    ariForwardingEnabled: (devCtl2 & 0x20) !== 0,
  };
}

function decodeSriov(view: DataView, offset: number): SriovCapability {
  const control = view.getUint16(offset + 0x08, true);
  return {
    offset,
    vfEnable: (control & 0x01) !== 0,
    vfMemorySpaceEnable: (control & 0x08) !== 0,
    ariCapableHierarchy: (control & 0x10) !== 0,
    initialVfs: view.getUint16(offset + 0x0c, true),
    totalVfs: view.getUint16(offset + 0x0e, true),
    numVfs: view.getUint16(offset + 0x10, true),
    vfOffset: view.getUint16(offset + 0x14, true),
    vfStride: view.getUint16(offset + 0x16, true),
    vfDeviceId: hex(view.getUint16(offset + 0x1a, true), 4),
  };
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, '0');
}
