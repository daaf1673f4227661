// firmware.iommu.interrupt-remapping: VFIO assigns a device only when the IOMMU remaps its interrupts (else a
// VM could inject interrupts into the host). Live proof first (/proc/interrupts), then the kernel log; when it
// is off, the reason: the command line, a unit without the capability, the DMAR flag, or an AMD IVRS bug.

import { isIssue } from '../../fact.js';
import { UNSAFE_INTERRUPTS_PARAMETER } from '../../catalog/host-locations.js';
import { DMAR_FLAG_INTR_REMAP } from '../../parse/acpi-table.js';
import { cmdlineValues } from '../../parse/kernel-cmdline.js';
import type { HostSnapshot } from '../../snapshot/snapshot-types.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, listText, pass, plural, unknown, warn } from '../outcome.js';
import { remedies, together } from '../remediations.js';
import { machineName } from '../shared/guest-detection.js';
import { kernelArgsFix } from '../shared/kernel-args-fix.js';
import { kernelParameters, parameterOn } from '../shared/kernel-parameters.js';
import { logGap, logHint, logLines, quote } from '../shared/log-evidence.js';
import { IOMMU_BIOS_OPTION, vendorOf } from '../shared/vendor-terms.js';

const fix = remedies(
  'remove-unsafe-interrupts',
  'map-ivrs-ioapic',
  'bios-enable-ir-x2apic',
  'bios-offer-ir',
  'bios-enable-iommu-ir',
  'never-unsafe-interrupts',
);

export const iommuInterruptRemapping: HostCheck = {
  id: 'firmware.iommu.interrupt-remapping',
  layer: 'firmware',
  scope: 'host',
  title: 'Is interrupt remapping on?',
  reads:
    '/proc/interrupts (IR- chips), /sys/class/iommu/dmar*/intel-iommu/ecap (bit 3), /sys/firmware/acpi/tables/DMAR (flags), ' +
    '/proc/cmdline (intremap=), /sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts, kernel log',
  fix:
    'Enable interrupt remapping and x2APIC in the BIOS (AMD with an IVRS bug: BIOS update or `ivrs_ioapic[<id>]=00:14.0`); ' +
    'remove `intremap=off`/`nointremap`; never rely on allow_unsafe_interrupts.',
  requires: ['firmware.iommu.kernel-enabled'],
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const snap = host.snapshot;
  const params = kernelParameters(snap);
  const offToken = cmdlineValues(params, 'intremap').includes('off')
    ? 'intremap=off'
    : params.some((p) => p.name === 'nointremap')
      ? 'nointremap'
      : undefined;
  if (offToken) {
    return fail(
      `interrupt remapping is switched off on the kernel command line (\`${offToken}\`): ` +
        'VFIO refuses to assign devices without it ("No interrupt remapping support")',
      kernelArgsFix(snap.platform, { remove: [offToken] }),
      ['/proc/cmdline'],
    );
  }
  const unsafe = parameterOn(snap, UNSAFE_INTERRUPTS_PARAMETER);
  const interrupts = snap.iommu.interrupts;
  const live = interrupts !== undefined && !isIssue(interrupts) ? interrupts : undefined;
  const onLines = logLines(snap, ['ir-enabled']);
  const offLines = logLines(snap, ['ir-firmware-bug', 'ir-disabled', 'vfio-no-ir']);

  let enabled: string | undefined;
  let disabled: string | undefined;
  if (live && live.remapped > 0) {
    const chips = listText(live.chips.filter((c) => c.startsWith('IR-')));
    enabled = `/proc/interrupts shows ${plural(live.remapped, 'device interrupt')} through ${chips}`;
  } else if (live && live.notRemapped > 0) {
    const lines = plural(live.notRemapped, 'device interrupt');
    disabled = `/proc/interrupts shows ${lines} on ${listText(live.chips)} and none through an IR- chip`;
  } else if (onLines[0]) enabled = `kernel log: ${quote(onLines[0])}`;
  else if (offLines[0]) disabled = `kernel log: ${quote(offLines[0])}`;

  if (enabled) {
    if (!unsafe) return pass(`on: ${enabled}`);
    return warn(
      `interrupt remapping is on (${enabled}), but vfio_iommu_type1 allow_unsafe_interrupts is set: ` +
        'VFIO would also accept devices without that protection',
      fix('remove-unsafe-interrupts'),
      ['/sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts'],
    );
  }

  const why = offReason(snap, offLines[0] && !disabled?.startsWith('kernel log') ? quote(offLines[0]) : undefined);
  const unsafeNote = unsafe ? ' (allow_unsafe_interrupts is set here, so VFIO assigns devices anyway — without that protection)' : '';
  if (disabled) return fail(`interrupt remapping is off: ${disabled}; ${why.cause}${unsafeNote}`, why.remediation, ['/proc/interrupts']);
  if (why.proven) return fail(`interrupt remapping cannot be on: ${why.cause}${unsafeNote}`, why.remediation, ['/sys/class/iommu']);
  const gap = isIssue(interrupts) ? interrupts : logGap(snap);
  return unknown(
    'interrupt remapping: /proc/interrupts shows no device interrupt line and the kernel log says nothing about it',
    gap,
    isIssue(interrupts) ? undefined : logHint(gap),
  );
}

interface OffReason {
  readonly cause: string;
  readonly remediation: string;
  /** Registers, tables or a firmware-bug line show it cannot be on, whatever the live state says. */
  readonly proven: boolean;
}

/** Why remapping is off, or would be: registers and tables first, then what the kernel said. */
function offReason(snap: HostSnapshot, kernelSaid: string | undefined): OffReason {
  const machine = machineName(snap);
  const never = fix('never-unsafe-interrupts');
  const firmwareBug = logLines(snap, ['ir-firmware-bug']);
  if (firmwareBug.length > 0) {
    const ids = [...new Set(firmwareBug.flatMap((l) => [...l.text.matchAll(/IOAPIC\[(\d+)\]/g)].map((m) => m[1] as string)))];
    const id = ids[0] ?? '<id>';
    const kernelArgs = kernelArgsFix(snap.platform, { add: [`ivrs_ioapic[${id}]=00:14.0`] });
    return {
      cause:
        `the BIOS's IVRS table does not name the southbridge IOAPIC (${firmwareBug.map(quote).join(', ')}), ` +
        'so AMD-Vi turned remapping off',
      remediation: together(fix('map-ivrs-ioapic', { machine, id, kernelArgs }), never),
      proven: true,
    };
  }
  const units = Array.isArray(snap.iommu.units) ? snap.iommu.units : [];
  const withoutIr = units.filter((u) => u.interruptRemapping === false).map((u) => u.name);
  if (withoutIr.length > 0) {
    return {
      cause:
        `the VT-d unit${withoutIr.length > 1 ? 's' : ''} ${listText(withoutIr)} cannot remap interrupts (ecap bit 3 clear); ` +
        'every unit must',
      remediation: together(fix('bios-enable-ir-x2apic', { machine }), never),
      proven: true,
    };
  }
  const dmar = snap.platform.acpiTables.DMAR;
  if (dmar !== undefined && !isIssue(dmar) && dmar.dmarFlags !== undefined && (dmar.dmarFlags & DMAR_FLAG_INTR_REMAP) === 0) {
    return {
      cause: "the BIOS's DMAR table does not offer interrupt remapping (INTR_REMAP flag clear)",
      remediation: together(fix('bios-offer-ir', { machine }), never),
      proven: true,
    };
  }
  return {
    cause: `the kernel did not turn it on${kernelSaid ? `; kernel log: ${kernelSaid}` : ''}`,
    remediation: together(fix('bios-enable-iommu-ir', { option: IOMMU_BIOS_OPTION[vendorOf(snap)], machine }), never),
    proven: false,
  };
}
