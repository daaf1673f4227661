// Small platform formats: ACPI table headers, lockdown, os-release, the PCI resource file, VT-d registers.

import t from 'tap';
import { parseAcpiHeader } from '../../src/parse/acpi-table.js';
import { ECAP_IR, parseRegister, registerBit } from '../../src/parse/iommu-registers.js';
import { parseLockdown } from '../../src/parse/lockdown.js';
import { parseOsRelease } from '../../src/parse/os-release.js';
import { iovResources, isAssigned, parsePciResources } from '../../src/parse/pci-resource.js';

function acpi(signature: string, length: number, oem: string, extra: number[] = []): Buffer {
  const b = Buffer.alloc(36 + extra.length);
  b.write(signature, 0, 'latin1');
  b.writeUInt32LE(length, 4);
  b.writeUInt8(1, 8);
  b.write(oem.padEnd(6, ' '), 10, 'latin1');
  b.write('PLATFORM', 16, 'latin1');
  extra.forEach((x, i) => b.writeUInt8(x, 36 + i));
  return b;
}

t.test('ACPI headers: signature, length, OEM, DMAR flags', async (t) => {
  t.same(parseAcpiHeader(acpi('DMAR', 0x88, 'DELL', [45, 0x03]), 'DMAR'), { signature: 'DMAR', length: 0x88, revision: 1, oemId: 'DELL', oemTableId: 'PLATFORM', dmarFlags: 3 });
  t.same(parseAcpiHeader(acpi('IVRS', 0xd0, 'AMD'), 'IVRS'), { signature: 'IVRS', length: 0xd0, revision: 1, oemId: 'AMD', oemTableId: 'PLATFORM' });
  t.match(parseAcpiHeader(acpi('APIC', 0x88, 'DELL'), 'DMAR'), { kind: 'issue', code: 'EPARSE', detail: /signature "APIC"/ });
  t.match(parseAcpiHeader(Buffer.from('DMAR'), 'DMAR'), { kind: 'issue', code: 'ESHORT' });
  t.match(parseAcpiHeader(acpi('DMAR', 4, 'X'), 'DMAR'), { kind: 'issue', code: 'EPARSE', detail: /shorter than its header/ });
});

t.test('lockdown: the bracketed mode', async (t) => {
  t.equal(parseLockdown('[none] integrity confidentiality\n'), 'none');
  t.equal(parseLockdown('none [integrity] confidentiality\n'), 'integrity');
  t.equal(parseLockdown('none integrity [confidentiality]\n'), 'confidentiality');
  t.equal(parseLockdown('none integrity confidentiality\n'), undefined);
});

t.test('os-release: id, id_like, quoted values', async (t) => {
  t.same(parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n'), {
    id: 'debian',
    idLike: [],
    versionId: '12',
    prettyName: 'Debian GNU/Linux 12 (bookworm)',
  });
  t.same(parseOsRelease('ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n'), { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'], versionId: '9.3' });
  t.equal(parseOsRelease('NAME=nothing\n'), undefined);
});

t.test('resource: 13 rows of an endpoint, the VF BAR windows 7–12', async (t) => {
  const row = (s: string, e: string, f: string) => `0x${s.padStart(16, '0')} 0x${e.padStart(16, '0')} 0x${f.padStart(16, '0')}`;
  const zero = row('0', '0', '0');
  const assigned = [row('38fffe000000', '38fffe7fffff', '14220c'), zero, zero, row('38ffff808000', '38ffff80ffff', '14220c'), zero, zero, zero, row('38fffd000000', '38fffd7fffff', '14220c'), zero, zero, row('38ffff400000', '38ffff47ffff', '14220c'), zero, zero].join('\n');
  const rows = parsePciResources(`${assigned}\n`);
  t.equal(rows?.length, 13);
  const iov = iovResources(rows ?? []);
  t.same(iov?.map(isAssigned), [true, false, false, true, false, false]);
  const unassigned = [row('fbe00000', 'fbffffff', '40200'), ...Array.from({ length: 12 }, () => zero)].join('\n');
  t.same(iovResources(parsePciResources(unassigned) ?? [])?.some(isAssigned), false);
  t.equal(iovResources(parsePciResources(row('0', '0', '0')) ?? []), undefined, 'a kernel without IOV lists fewer rows');
  t.equal(parsePciResources('garbage\n'), undefined);
});

t.test('VT-d registers: hex without 0x, bit 3 of ecap is interrupt remapping', async (t) => {
  // Real values (reference iommu.txt): ecap f050da, f020da and 29a00f0505e all have IR; 0x2 would not.
  for (const ecap of ['f050da', 'f020da', '29a00f0505e']) t.equal(registerBit(parseRegister(`${ecap}\n`) as string, ECAP_IR), true, ecap);
  t.equal(registerBit('f0502', ECAP_IR), false);
  t.equal(parseRegister('0xf050da'), undefined);
  t.equal(parseRegister(''), undefined);
});
