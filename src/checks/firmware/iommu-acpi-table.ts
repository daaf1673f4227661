// firmware.iommu.acpi-table: the kernel enables only an IOMMU the firmware describes (DMAR on Intel, IVRS on
// AMD, IORT on Arm); when the BIOS switches VT-d / AMD-Vi off, the table is gone and no command line helps.

import { isIssue } from '../../fact.js';
import { cmdlineValues } from '../../parse/kernel-cmdline.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, listText, pass, plural, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { detectGuest, guestName, machineName } from '../shared/guest-detection.js';
import { kernelParameters } from '../shared/kernel-parameters.js';
import { IOMMU_BIOS_OPTION, IOMMU_NAME, IOMMU_TABLES, TABLE_DESCRIBES, vendorOf } from '../shared/vendor-terms.js';

const fix = remedies('give-guest-viommu', 'bios-enable-iommu');

export const iommuAcpiTable: HostCheck = {
  id: 'firmware.iommu.acpi-table',
  layer: 'firmware',
  scope: 'host',
  title: 'Does the firmware describe an IOMMU (ACPI DMAR / IVRS / IORT)?',
  reads: '/sys/firmware/acpi/tables/{DMAR,IVRS,IORT}, /proc/cpuinfo (vendor_id)',
  fix: 'Enable Intel VT-d or AMD IOMMU (AMD-Vi) in the BIOS; the kernel command line cannot replace it.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const vendor = vendorOf(host.snapshot);
  const tables = host.snapshot.platform.acpiTables;
  const expected = IOMMU_TABLES[vendor];
  for (const name of expected) {
    const table = tables[name];
    if (isIssue(table)) return unknown(`ACPI ${name} table`, table);
    if (table === undefined) continue;
    const detail = table.readable
      ? `OEM ${table.oemId ?? '?'} ${table.oemTableId ?? ''}`.trim() + `, ${table.length ?? '?'} bytes`
      : 'its bytes are readable only by root';
    const path = `/sys/firmware/acpi/tables/${name}`;
    return pass(`ACPI ${name} table present (${detail}): the firmware describes ${TABLE_DESCRIBES[name]}`, [path]);
  }
  const names = expected.join(', ');
  const evidence = expected.map((n) => `/sys/firmware/acpi/tables/${n}`);
  // A device-tree platform (Arm) has no ACPI tables at all; IOMMU units the kernel registered prove the firmware
  // described one anyway.
  const units = Array.isArray(host.snapshot.iommu.units) ? host.snapshot.iommu.units : [];
  if (units.length > 0) {
    const registered = `${plural(units.length, 'IOMMU unit')} (${listText(units.map((u) => u.name))})`;
    return pass(`no ACPI ${names} table, but the kernel registered ${registered}: described by the device tree`);
  }
  const guest = detectGuest(host.snapshot);
  if (guest) {
    return fail(
      `no ACPI ${names} table: this is ${guestName(guest)} without a virtual IOMMU, so nothing can be assigned to VMs inside it`,
      fix('give-guest-viommu'),
      evidence,
    );
  }
  const params = kernelParameters(host.snapshot);
  const option = vendor === 'amd' ? 'amd_iommu' : 'intel_iommu';
  const asked = cmdlineValues(params, option).includes('on') ? `${option}=on` : undefined;
  const note = asked
    ? `; \`${asked}\` is already on the kernel command line, but the kernel cannot enable an IOMMU the firmware does not describe: ` +
      'the command line cannot fix this'
    : '';
  return fail(
    `no ACPI ${names} table in /sys/firmware/acpi/tables: ${IOMMU_NAME[vendor]} is disabled in the BIOS (or the platform has none)${note}`,
    fix('bios-enable-iommu', { option: IOMMU_BIOS_OPTION[vendor], machine: machineName(host.snapshot), tables: names }),
    evidence,
  );
}
