// Builds PCI configuration space bytes the way real devices lay them out (Intel-style offsets: PM at 0x40,
// subsystem ids of a bridge at 0x60, MSI-X at 0x70, PCIe at 0xa0; extended: AER 0x100, DSN 0x140, ARI 0x150,
// SR-IOV 0x160, ACS 0x1b0), so that fixtures carry real `config` files and the parser is tested against bytes, not
// against our own summary. The host builder passes the same values it writes to the sysfs attributes, so that
// real pciutils reading the tree sees one device (test/fixtures-check/lspci.test.ts checks that it does).

export interface SriovCapabilitySpec {
  /** TotalVFs of the capability: what the silicon offers, before a PF driver lowers sriov_totalvfs. */
  readonly totalVfs: number;
  readonly initialVfs?: number;
  readonly numVfs: number;
  readonly offset: number;
  readonly stride: number;
  readonly vfDeviceId: string;
  readonly vfEnable?: boolean;
  readonly ariHierarchy?: boolean;
  /** Function Dependency Link (the PF's own function number when it depends on no other). */
  readonly dependencyLink?: number;
  /** VF BARs, as 64-bit prefetchable windows at their base (VF BAR 0 and 3 on Intel parts); unplaced: none. */
  readonly vfBars?: readonly Bar[];
}

/** A 64-bit prefetchable memory BAR (it takes registers index and index + 1). */
export interface Bar {
  readonly index: number;
  readonly address: bigint;
}

/** PCIe link: speeds as the code of LnkCap/LnkSta (1 = 2.5 GT/s, 2 = 5, 3 = 8, 4 = 16, 5 = 32; 0 = unknown). */
export interface LinkRegisters {
  readonly maxSpeed: number;
  readonly maxWidth: number;
  readonly speed: number;
  readonly width: number;
}

export interface ConfigSpaceSpec {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly classCode: string;
  readonly revision?: number;
  /** Type 0: at 0x2c/0x2e; type 1: in a subsystem id capability (0x0d). Absent: zero. */
  readonly subsystemVendorId?: string;
  readonly subsystemDeviceId?: string;
  /** 0 endpoint, 1 PCI-to-PCI bridge. */
  readonly headerType?: 0 | 1;
  /** Header type bit 7: one function of several in its slot (a VF never sets it). */
  readonly multifunction?: boolean;
  /** Interrupt pin (1 = INTA, 0 = none, as on a VF) and the line the firmware routed it to. */
  readonly interruptPin?: number;
  readonly interruptLine?: number;
  readonly bars?: readonly Bar[];
  /** Type 1: primary, secondary and subordinate bus numbers. */
  readonly buses?: { readonly primary: number; readonly secondary: number; readonly subordinate: number };
  /** PCIe port type code: 0 endpoint, 4 root port, 5 upstream, 6 downstream. */
  readonly portType?: number;
  readonly link?: LinkRegisters;
  readonly ariForwardingSupported?: boolean;
  readonly ariForwardingEnabled?: boolean;
  /** ARI capability on an endpoint, with the next function number. */
  readonly ari?: { readonly nextFunction: number };
  readonly acs?: { readonly capability: number; readonly control: number };
  readonly sriov?: SriovCapabilitySpec;
  /** Bytes a reader gets: 64 (not root), 256, or 4096 (root, PCIe). */
  readonly size?: 64 | 256 | 4096;
}

/** BAR flags: memory, 64-bit, prefetchable. */
const MEM64_PREFETCH = 0x0c;

function writeBars(buf: Buffer, at: number, bars: readonly Bar[]): void {
  for (const bar of bars) {
    buf.writeUInt32LE(Number((bar.address & 0xfffffff0n) | BigInt(MEM64_PREFETCH)), at + bar.index * 4);
    buf.writeUInt32LE(Number(bar.address >> 32n), at + bar.index * 4 + 4);
  }
}

export function buildConfigSpace(spec: ConfigSpaceSpec): Buffer {
  const buf = Buffer.alloc(4096);
  const bridge = (spec.headerType ?? 0) === 1;
  buf.writeUInt16LE(parseInt(spec.vendorId, 16), 0x00);
  buf.writeUInt16LE(parseInt(spec.deviceId, 16), 0x02);
  buf.writeUInt16LE(0x0406, 0x04); // command: memory space + bus master
  buf.writeUInt16LE(0x0010, 0x06); // status: capability list present
  buf.writeUInt8(spec.revision ?? 1, 0x08);
  const klass = parseInt(spec.classCode, 16);
  buf.writeUInt8(klass & 0xff, 0x09);
  buf.writeUInt8((klass >> 8) & 0xff, 0x0a);
  buf.writeUInt8((klass >> 16) & 0xff, 0x0b);
  buf.writeUInt8((spec.headerType ?? 0) | (spec.multifunction ? 0x80 : 0), 0x0e);
  writeBars(buf, 0x10, spec.bars ?? []);
  if (bridge) {
    const buses = spec.buses ?? { primary: 0, secondary: 0, subordinate: 0 };
    buf.writeUInt8(buses.primary, 0x18);
    buf.writeUInt8(buses.secondary, 0x19);
    buf.writeUInt8(buses.subordinate, 0x1a);
  } else {
    buf.writeUInt16LE(parseInt(spec.subsystemVendorId ?? '0', 16), 0x2c);
    buf.writeUInt16LE(parseInt(spec.subsystemDeviceId ?? '0', 16), 0x2e);
  }
  buf.writeUInt8(0x40, 0x34);
  buf.writeUInt8(spec.interruptLine ?? 0, 0x3c);
  buf.writeUInt8(spec.interruptPin ?? 0, 0x3d);

  // Standard capabilities: Power Management → (bridge: subsystem ids) → MSI-X → PCI Express.
  buf.writeUInt8(0x01, 0x40);
  buf.writeUInt8(bridge ? 0x60 : 0x70, 0x41);
  buf.writeUInt16LE(0x0003, 0x42);
  if (bridge) {
    buf.writeUInt8(0x0d, 0x60);
    buf.writeUInt8(0x70, 0x61);
    buf.writeUInt16LE(parseInt(spec.subsystemVendorId ?? '0', 16), 0x64);
    buf.writeUInt16LE(parseInt(spec.subsystemDeviceId ?? '0', 16), 0x66);
  }
  buf.writeUInt8(0x11, 0x70);
  buf.writeUInt8(0xa0, 0x71);
  buf.writeUInt16LE(0x003f, 0x72);
  const pcie = 0xa0;
  buf.writeUInt8(0x10, pcie);
  buf.writeUInt8(0x00, pcie + 1);
  buf.writeUInt16LE(0x0002 | ((spec.portType ?? 0) << 4), pcie + 2);
  const link = spec.link ?? { maxSpeed: 0, maxWidth: 0, speed: 0, width: 0 };
  // LnkCap: max speed (3:0), max width (9:4); LnkSta: current speed (3:0), negotiated width (9:4).
  buf.writeUInt32LE((link.maxSpeed & 0xf) | ((link.maxWidth & 0x3f) << 4), pcie + 0x0c);
  buf.writeUInt16LE((link.speed & 0xf) | ((link.width & 0x3f) << 4), pcie + 0x12);
  buf.writeUInt32LE(spec.ariForwardingSupported ? 0x20 : 0, pcie + 0x24);
  buf.writeUInt16LE(spec.ariForwardingEnabled ? 0x20 : 0, pcie + 0x28);
  // LnkCap2: the supported speeds vector (bit 1 = 2.5 GT/s … bit 5 = 32 GT/s), every speed up to the maximum.
  buf.writeUInt32LE(link.maxSpeed > 0 ? ((1 << (link.maxSpeed + 1)) - 2) & 0xfe : 0, pcie + 0x2c);

  // Extended capabilities, chained in offset order.
  const ext: { offset: number; id: number; version: number; write: (at: number) => void }[] = [
    { offset: 0x100, id: 0x0001, version: 2, write: () => undefined },
    { offset: 0x140, id: 0x0003, version: 1, write: (at) => buf.writeUInt32LE(0xffffb7a6, at + 4) },
  ];
  if (spec.ari) {
    const nextFunction = spec.ari.nextFunction;
    ext.push({ offset: 0x150, id: 0x000e, version: 1, write: (at) => buf.writeUInt16LE((nextFunction & 0xff) << 8, at + 4) });
  }
  const sriov = spec.sriov;
  if (sriov) {
    ext.push({
      offset: 0x160,
      id: 0x0010,
      version: 1,
      write: (at) => {
        const control = (sriov.vfEnable ?? sriov.numVfs > 0 ? 0x09 : 0) | (sriov.ariHierarchy ? 0x10 : 0);
        buf.writeUInt16LE(control, at + 0x08);
        buf.writeUInt16LE(sriov.initialVfs ?? sriov.totalVfs, at + 0x0c);
        buf.writeUInt16LE(sriov.totalVfs, at + 0x0e);
        buf.writeUInt16LE(sriov.numVfs, at + 0x10);
        buf.writeUInt8(sriov.dependencyLink ?? 0, at + 0x12);
        buf.writeUInt16LE(sriov.offset, at + 0x14);
        buf.writeUInt16LE(sriov.stride, at + 0x16);
        buf.writeUInt16LE(parseInt(sriov.vfDeviceId, 16), at + 0x1a);
        buf.writeUInt32LE(0x553, at + 0x1c);
        buf.writeUInt32LE(0x1, at + 0x20);
        writeBars(buf, at + 0x24, sriov.vfBars ?? []);
      },
    });
  }
  const acs = spec.acs;
  if (acs) {
    ext.push({
      offset: 0x1b0,
      id: 0x000d,
      version: 1,
      write: (at) => {
        buf.writeUInt16LE(acs.capability, at + 4);
        buf.writeUInt16LE(acs.control, at + 6);
      },
    });
  }
  ext.sort((a, b) => a.offset - b.offset);
  ext.forEach((cap, i) => {
    const next = ext[i + 1]?.offset ?? 0;
    buf.writeUInt32LE((((next & 0xffc) << 20) | ((cap.version & 0xf) << 16) | cap.id) >>> 0, cap.offset);
    cap.write(cap.offset);
  });
  return buf.subarray(0, spec.size ?? 4096);
}

/** The LnkCap/LnkSta speed code of a sysfs link speed ("8.0 GT/s PCIe" → 3); 0 for "Unknown". */
export function linkSpeedCode(sysfs: string): number {
  const gts = /^([\d.]+) GT\/s/.exec(sysfs)?.[1];
  return ({ '2.5': 1, '5.0': 2, '8.0': 3, '16.0': 4, '32.0': 5, '64.0': 6 } as Record<string, number>)[gts ?? ''] ?? 0;
}
