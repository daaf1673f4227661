import t from 'tap';
import { parsePciConfig, ACS_REQUIRED, EXT_CAP_ID_ACS, EXT_CAP_ID_ARI, EXT_CAP_ID_SRIOV, CAP_ID_PCIE } from '../../src/parse/pci-config.js';
import { buildConfigSpace } from '../support/config-space.js';
import { parsedValue } from '../support/parsed.js';

const x550 = {
  vendorId: '8086',
  deviceId: '1563',
  classCode: '020000',
  ari: { nextFunction: 1 },
  acs: { capability: 0, control: 0 },
  // X550-T2 from reference lspci.txt: Total VFs 64, offset 128, stride 2, VF 1565, ARIHierarchy+.
  sriov: { totalVfs: 64, numVfs: 0, offset: 128, stride: 2, vfDeviceId: '1565', ariHierarchy: true },
};

t.test('a root read (4096 bytes) decodes PCIe, ARI, ACS and SR-IOV capabilities', async (t) => {
  const c = parsedValue(parsePciConfig(buildConfigSpace(x550)));
  t.equal(c.vendorId, '8086');
  t.equal(c.deviceId, '1563');
  t.ok(c.capabilitiesReadable && c.extendedReadable);
  t.ok(c.capabilities?.includes(CAP_ID_PCIE));
  t.equal(c.pcie?.portType, 'endpoint');
  t.same(c.extendedCapabilities, [0x0001, 0x0003, EXT_CAP_ID_ARI, EXT_CAP_ID_SRIOV, EXT_CAP_ID_ACS]);
  t.same(c.ari, { offset: 0x150, nextFunction: 1 });
  t.match(c.sriov, { offset: 0x160, totalVfs: 64, numVfs: 0, vfOffset: 128, vfStride: 2, vfDeviceId: '1565', ariCapableHierarchy: true, vfEnable: false });
  t.same(c.acs, { offset: 0x1b0, capability: 0, control: 0 });
  t.same(c.problems, []);
});

t.test('root port: ARI forwarding supported vs enabled, and ACS flags', async (t) => {
  const port = (enabled: boolean) =>
    parsedValue(
      parsePciConfig(buildConfigSpace({ vendorId: '8086', deviceId: '2030', classCode: '060400', headerType: 1, portType: 4, ariForwardingSupported: true, ariForwardingEnabled: enabled, acs: { capability: 0x1f, control: 0x1d } })),
    );
  const on = port(true);
  const off = port(false);
  t.equal(on.pcie?.portType, 'root-port');
  t.ok(on.pcie?.ariForwardingSupported);
  t.ok(on.pcie?.ariForwardingEnabled);
  t.ok(off.pcie?.ariForwardingSupported);
  t.notOk(off.pcie?.ariForwardingEnabled);
  t.equal((on.acs?.control ?? 0) & ACS_REQUIRED, ACS_REQUIRED);
});

t.test('a non-root read of 64 bytes keeps the ids but cannot see capabilities', async (t) => {
  const result = parsedValue(parsePciConfig(buildConfigSpace({ ...x550, size: 64 })));
  t.equal(result.size, 64);
  t.equal(result.vendorId, '8086');
  t.notOk(result.capabilitiesReadable);
  t.notOk(result.extendedReadable);
  t.equal(result.capabilities, undefined, 'not readable is not "no capabilities"');
  t.equal(result.sriov, undefined);
});

t.test('256 bytes: standard capabilities yes, extended no', async (t) => {
  const result = parsedValue(parsePciConfig(buildConfigSpace({ ...x550, size: 256 })));
  t.ok(result.capabilitiesReadable && !result.extendedReadable);
  t.equal(result.extendedCapabilities, undefined);
});

t.test('truncated and garbage config files are errors, not crashes', async (t) => {
  t.match(parsePciConfig(Buffer.alloc(10)), { kind: 'issue', code: 'ESHORT' });
  t.match(parsePciConfig(Buffer.alloc(64, 0xff)), { kind: 'issue', code: 'EPARSE' });
  t.match(parsePciConfig(Buffer.alloc(0)), { kind: 'issue', code: 'ESHORT' });
});

t.test('capability list loops and wild pointers are reported and stop the walk', async (t) => {
  const bytes = Buffer.from(buildConfigSpace(x550));
  bytes.writeUInt8(0x40, 0xa1); // PCIe cap points back to PM: a loop
  const looped = parsePciConfig(bytes);
  t.match(parsedValue(looped).problems.join(' '), /loops/);
  const ext = Buffer.from(buildConfigSpace(x550));
  ext.writeUInt32LE((0x100 << 20) | 0x0001, 0x100); // AER points to itself
  const extLoop = parsePciConfig(ext);
  t.match(parsedValue(extLoop).problems.join(' '), /extended capability list loops/);
  const wild = Buffer.from(buildConfigSpace(x550));
  wild.writeUInt8(0x10, 0x34); // pointer into the header
  const w = parsePciConfig(wild);
  t.match(parsedValue(w).problems.join(' '), /out of range/);
});

t.test('header type bit 7: one function of several, readable in the 64 bytes anyone gets', async (t) => {
  for (const size of [64, 4096] as const) {
    t.equal(parsedValue(parsePciConfig(buildConfigSpace({ ...x550, multifunction: true, size }))).multifunction, true, `${size} bytes: multifunction`);
    t.equal(parsedValue(parsePciConfig(buildConfigSpace({ ...x550, size }))).multifunction, false, `${size} bytes: single function`);
  }
  const bridge = parsedValue(parsePciConfig(buildConfigSpace({ ...x550, headerType: 1, multifunction: true })));
  t.equal(bridge.headerType, 1, 'the bit is not part of the layout number');
});
