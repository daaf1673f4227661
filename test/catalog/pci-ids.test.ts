import t from 'tap';
import * as fs from 'node:fs';
import { lookupPciNames, pciIdsVersion } from '../../src/parse/pci-ids.js';
import { skipWithout } from '../support/required-tools.js';

// A pci.ids excerpt in the real layout: header, vendors with devices, subsystems and comments, the class section.
const EXCERPT = [
  '#',
  '#\tList of PCI ID\'s',
  '#',
  '#\tVersion: 2099.01.02',
  '#\tDate:    2099-01-02 03:04:05',
  '#',
  '',
  '# Vendors, devices and subsystems. Please keep sorted.',
  '',
  '1000  Broadcom / LSI',
  '\t0001  53c810',
  '\t\t1000 1000  LSI53C810AE PCI to SCSI I/O Processor',
  '1017  Spea Software AG',
  '\t5343  SPEA 3D Accelerator',
  '8086  Intel Corporation',
  '\t1017  82540EP Gigabit Ethernet Controller (LOM)',
  '# a comment inside the block does not end it',
  '#dead  a commented-out device',
  '\t10fb  82599ES 10-Gigabit SFI/SFP+ Network Connection',
  '\t\t8086 000c  Ethernet X520 10GbE Dual Port KX4-KR Mezz',
  '\t\t15b3 0006  a subsystem line naming another vendor',
  '',
  '\t1572  Ethernet Controller X710 for 10GbE SFP+',
  '15b3  Mellanox Technologies',
  '\t1017  MT27800 Family [ConnectX-5]',
  '\t\t15b3 0020  Mellanox ConnectX-5 EN MCX516A-CCAT',
  '\t1018  MT27800 Family [ConnectX-5 Virtual Function]',
  'ffff  Illegal Vendor ID',
  '\t0bad  the last device of the last vendor',
  '',
  '# List of known device classes, subclasses and programming interfaces',
  '',
  'C 00  Unclassified device',
  '\t00  Non-VGA unclassified device',
  'C 02  Network controller',
  '\t00  Ethernet controller',
  '\t0002  a class-section line shaped like a device line',
  '',
].join('\n');

t.test('names a vendor and its devices', async (t) => {
  const names = lookupPciNames(EXCERPT, '8086', ['1572', '10fb']);
  t.equal(names.vendor, 'Intel Corporation');
  t.same(names.devices, {
    '1572': 'Ethernet Controller X710 for 10GbE SFP+',
    '10fb': '82599ES 10-Gigabit SFI/SFP+ Network Connection',
  });
});

t.test('a device id that exists under two vendors is named by the vendor asked for', async (t) => {
  t.equal(lookupPciNames(EXCERPT, '8086', ['1017']).devices['1017'], '82540EP Gigabit Ethernet Controller (LOM)');
  t.equal(lookupPciNames(EXCERPT, '15b3', ['1017']).devices['1017'], 'MT27800 Family [ConnectX-5]');
});

t.test('a device id of a later vendor is not found under an earlier one', async (t) => {
  // 1018 exists only under 15b3; 0001 only under 1000.
  t.same(lookupPciNames(EXCERPT, '8086', ['1018']).devices, {});
  t.same(lookupPciNames(EXCERPT, '15b3', ['0001']).devices, {});
});

t.test('a vendor id that is also a device id elsewhere is matched at column 0 only', async (t) => {
  // "1017" is a vendor line and a device line under 8086 and 15b3.
  const names = lookupPciNames(EXCERPT, '1017', ['5343', '1017']);
  t.equal(names.vendor, 'Spea Software AG');
  t.same(names.devices, { '5343': 'SPEA 3D Accelerator' });
});

t.test('subsystem lines are not devices', async (t) => {
  // "\t\t8086 000c" and "\t\t15b3 0006" hold ids 000c, 0006, 15b3 — none is a device of 8086.
  t.same(lookupPciNames(EXCERPT, '8086', ['000c', '0006', '15b3']).devices, {});
  t.same(lookupPciNames(EXCERPT, '15b3', ['0020']).devices, {});
});

t.test('comments and blank lines inside a block do not end it, and comments are not devices', async (t) => {
  // 10fb follows a comment, 1572 follows a blank line; "#dead  …" is a comment shaped like a device line.
  t.same(Object.keys(lookupPciNames(EXCERPT, '8086', ['10fb', '1572', 'dead']).devices).sort(), ['10fb', '1572']);
});

t.test('the last vendor ends where the class section begins', async (t) => {
  const names = lookupPciNames(EXCERPT, 'ffff', ['0bad', '0002']);
  t.equal(names.vendor, 'Illegal Vendor ID');
  t.same(names.devices, { '0bad': 'the last device of the last vendor' });
});

t.test('ids are case-insensitive; unknown vendors, unknown devices and malformed ids give nothing', async (t) => {
  t.same(lookupPciNames(EXCERPT, '15B3', ['101A', '1018']), { vendor: 'Mellanox Technologies', devices: { '1018': 'MT27800 Family [ConnectX-5 Virtual Function]' } });
  t.same(lookupPciNames(EXCERPT, 'abcd', ['1017']), { devices: {} });
  t.same(lookupPciNames(EXCERPT, '', ['1017']), { devices: {} });
  t.same(lookupPciNames(EXCERPT, '8086', ['', '101', '10fb0', 'x']).devices, {});
  t.same(lookupPciNames('', '8086', ['1572']), { devices: {} });
});

t.test('the first line of the text and a last line without a newline are read', async (t) => {
  const text = '8086  Intel Corporation\n\t1572  X710';
  t.same(lookupPciNames(text, '8086', ['1572']), { vendor: 'Intel Corporation', devices: { '1572': 'X710' } });
  t.same(lookupPciNames('8086  Intel Corporation', '8086', ['1572']), { vendor: 'Intel Corporation', devices: {} });
});

t.test('CRLF line ends are not part of the names', async (t) => {
  const text = EXCERPT.replaceAll('\n', '\r\n');
  t.same(lookupPciNames(text, '15b3', ['1017']), { vendor: 'Mellanox Technologies', devices: { '1017': 'MT27800 Family [ConnectX-5]' } });
});

t.test('the version comes from the header', async (t) => {
  t.equal(pciIdsVersion(EXCERPT), '2099.01.02');
  t.equal(pciIdsVersion('8086  Intel Corporation\n'), undefined);
});

const REAL = '/usr/share/misc/pci.ids';
t.test('the real pci.ids of this machine', { skip: skipWithout(t, REAL) }, async (t) => {
  const text = fs.readFileSync(REAL, 'utf8');
  const intel = lookupPciNames(text, '8086', ['1572', '1017', '1889']);
  t.match(intel.vendor, /^Intel/);
  t.match(intel.devices['1572'], /X710/);
  t.match(intel.devices['1017'], /82540/);
  t.match(intel.devices['1889'], /Adaptive Virtual Function/);
  const mellanox = lookupPciNames(text, '15b3', ['1017']);
  t.match(mellanox.vendor, /Mellanox/);
  t.match(mellanox.devices['1017'], /ConnectX-5/);
  // virtio-net: the pci-ids package's lookup names it after another vendor's 1000.
  t.match(lookupPciNames(text, '1af4', ['1000']).devices['1000'], /[Vv]irtio/);
  t.match(pciIdsVersion(text), /^\d{4}\.\d{2}\.\d{2}$/);
});
