// Builds PCI configuration space bytes the way real devices lay them out (Intel-style offsets: PM at 0x40,
// MSI-X at 0x70, PCIe at 0xa0; extended: AER 0x100, DSN 0x140, ARI 0x150, SR-IOV 0x160, ACS 0x1b0), so that
// fixtures carry real `config` files and the parser is tested against bytes, not against our own summary.

export interface SriovCapabilitySpec {
  readonly totalVfs: number;
  readonly initialVfs?: number;
  readonly numVfs: number;
  readonly offset: number;
  readonly stride: number;
  readonly vfDeviceId: string;
  readonly vfEnable?: boolean;
  readonly ariHierarchy?: boolean;
}

export interface ConfigSpaceSpec {
  readonly vendorId: string;
  readonly deviceId: string;
  readonly classCode: string;
  readonly revision?: number;
  /** 0 endpoint, 1 PCI-to-PCI bridge. */
  readonly headerType?: 0 | 1;
  /** PCIe port type code: 0 endpoint, 4 root port, 5 upstream, 6 downstream. */
  readonly portType?: number;
  readonly ariForwardingSupported?: boolean;
  readonly ariForwardingEnabled?: boolean;
  /** ARI capability on an endpoint, with the next function number. */
  readonly ari?: { readonly nextFunction: number };
  readonly acs?: { readonly capability: number; readonly control: number };
  readonly sriov?: SriovCapabilitySpec;
  /** Bytes a reader gets: 64 (not root), 256, or 4096 (root, PCIe). */
  readonly size?: 64 | 256 | 4096;
}

export function buildConfigSpace(spec: ConfigSpaceSpec): Buffer {
  const buf = Buffer.alloc(4096);
  buf.writeUInt16LE(parseInt(spec.vendorId, 16), 0x00);
  buf.writeUInt16LE(parseInt(spec.deviceId, 16), 0x02);
  buf.writeUInt16LE(0x0406, 0x04); // command: memory space + bus master
  buf.writeUInt16LE(0x0010, 0x06); // status: capability list present
  buf.writeUInt8(spec.revision ?? 1, 0x08);
  const klass = parseInt(spec.classCode, 16);
  buf.writeUInt8(klass & 0xff, 0x09);
  buf.writeUInt8((klass >> 8) & 0xff, 0x0a);
  buf.writeUInt8((klass >> 16) & 0xff, 0x0b);
  buf.writeUInt8(spec.headerType ?? 0, 0x0e);
  buf.writeUInt8(0x40, 0x34);

  // Standard capabilities: Power Management → MSI-X → PCI Express.
  buf.writeUInt8(0x01, 0x40);
  buf.writeUInt8(0x70, 0x41);
  buf.writeUInt16LE(0x0003, 0x42);
  buf.writeUInt8(0x11, 0x70);
  buf.writeUInt8(0xa0, 0x71);
  buf.writeUInt16LE(0x003f, 0x72);
  buf.writeUInt8(0x10, 0xa0);
  buf.writeUInt8(0x00, 0xa1);
  buf.writeUInt16LE(0x0002 | ((spec.portType ?? 0) << 4), 0xa2);
  buf.writeUInt32LE(spec.ariForwardingSupported ? 0x20 : 0, 0xa0 + 0x24);
  buf.writeUInt16LE(spec.ariForwardingEnabled ? 0x20 : 0, 0xa0 + 0x28);

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
        buf.writeUInt16LE(sriov.offset, at + 0x14);
        buf.writeUInt16LE(sriov.stride, at + 0x16);
        buf.writeUInt16LE(parseInt(sriov.vfDeviceId, 16), at + 0x1a);
        buf.writeUInt32LE(0x553, at + 0x1c);
        buf.writeUInt32LE(0x1, at + 0x20);
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
