import t from 'tap';
import {
  normalizePciAddress,
  parseBareHex,
  parseBit,
  parseLinkSpeed,
  parseLinkWidth,
  parseMac,
  parsePrefixedHex,
  parseSigned,
  parseUevent,
  parseUnsigned,
} from '../../src/parse/sysfs-values.js';

t.test('ids: "0x%04x" attributes and the bare "%x" of sriov_vf_device', async (t) => {
  t.equal(parsePrefixedHex('0x8086\n', 4), '8086');
  t.equal(parsePrefixedHex('0x020000\n', 6), '020000');
  t.equal(parsePrefixedHex('0x159B\n', 4), '159b');
  t.equal(parsePrefixedHex('8086\n', 4), undefined, 'vendor without 0x is not the kernel format');
  t.equal(parsePrefixedHex('0x123456\n', 4), undefined, 'too long');
  t.equal(parseBareHex('1889\n', 4), '1889');
  t.equal(parseBareHex('10ed\n', 4), '10ed');
  t.equal(parseBareHex('zz\n', 4), undefined);
});

t.test('decimals: any u32 (sriov_vf_total_msix 4294967033), numa_node -1, garbage', async (t) => {
  t.equal(parseUnsigned('4294967033\n'), 4294967033);
  t.equal(parseUnsigned('128\n'), 128);
  t.equal(parseUnsigned('-1\n'), undefined);
  t.equal(parseUnsigned('\u0000\u0001garbage'), undefined);
  t.equal(parseUnsigned(''), undefined);
  t.equal(parseSigned('-1\n'), -1);
  t.equal(parseSigned('1\n'), 1);
  t.equal(parseBit('1\n'), true);
  t.equal(parseBit('0\n'), false);
  t.equal(parseBit('2\n'), undefined);
});

t.test('link speed and width: "16.0 GT/s PCIe", older "8 GT/s", "Unknown" on VFs', async (t) => {
  t.same(parseLinkSpeed('16.0 GT/s PCIe\n'), { gts: 16, text: '16.0 GT/s PCIe' });
  t.same(parseLinkSpeed('2.5 GT/s\n'), { gts: 2.5, text: '2.5 GT/s' });
  t.equal(parseLinkSpeed('Unknown\n'), null);
  t.equal(parseLinkSpeed('fast\n'), undefined);
  t.equal(parseLinkWidth('8\n'), 8);
  t.equal(parseLinkWidth('0\n'), null);
  t.equal(parseLinkWidth('255\n'), null);
});

t.test('uevent, addresses and MACs', async (t) => {
  const u = parseUevent('DRIVER=ice\nPCI_CLASS=20000\nPCI_ID=8086:159B\nPCI_SLOT_NAME=0000:a2:00.0\n');
  t.equal(u.get('DRIVER'), 'ice');
  t.equal(u.get('PCI_ID'), '8086:159B');
  t.equal(normalizePciAddress('3b:00.0'), '0000:3b:00.0');
  t.equal(normalizePciAddress('0000:3B:00.1'), '0000:3b:00.1');
  t.equal(normalizePciAddress('ens1f0'), undefined);
  t.equal(parseMac('3C:FD:FE:BB:1E:10\n'), '3c:fd:fe:bb:1e:10');
  t.equal(parseMac('not-a-mac'), undefined);
});
