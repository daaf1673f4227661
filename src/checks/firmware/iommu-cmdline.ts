// firmware.iommu.cmdline: a kernel command line can turn an IOMMU the firmware describes off again.

import { isIssue } from '../../fact.js';
import { cmdlineValues } from '../../parse/kernel-cmdline.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, pass, procfsMissing, unknown } from '../outcome.js';
import { kernelArgsFix } from '../shared/kernel-args-fix.js';
import { vendorOf } from '../shared/vendor-terms.js';

/** Parameters about the IOMMU the summary shows as they were written. */
const SHOWN = /^(?:intel_iommu|amd_iommu|iommu|iommu\.passthrough|iommu\.strict)$/;

export const iommuCmdline: HostCheck = {
  id: 'firmware.iommu.cmdline',
  layer: 'firmware',
  scope: 'host',
  title: 'Does the kernel command line leave the IOMMU on?',
  reads: '/proc/cmdline (intel_iommu=, amd_iommu=, iommu=)',
  fix: 'Remove `intel_iommu=off`, `amd_iommu=off` or `iommu=off` from the boot loader configuration (GRUB, grubby, rpm-ostree).',
  remedies: [],
  run,
};

function run(host: HostView): Outcome {
  const params = host.snapshot.kernel.parameters;
  if (isIssue(params)) return unknown('kernel command line', params);
  if (params === undefined) return unknown('kernel command line', procfsMissing('/proc/cmdline'));
  const vendor = vendorOf(host.snapshot);
  const off: string[] = [];
  if (vendor !== 'amd' && cmdlineValues(params, 'intel_iommu').includes('off')) off.push('intel_iommu=off');
  if (vendor !== 'intel' && cmdlineValues(params, 'amd_iommu').includes('off')) off.push('amd_iommu=off');
  if (cmdlineValues(params, 'iommu').includes('off')) off.push('iommu=off');
  const shown = params.filter((p) => SHOWN.test(p.name)).map((p) => p.raw);
  if (off.length > 0) {
    const add = vendor === 'intel' ? ['intel_iommu=on', 'iommu=pt'] : ['iommu=pt'];
    return fail(
      `the kernel command line turns the IOMMU off: ${off.map((o) => `\`${o}\``).join(', ')}`,
      kernelArgsFix(host.snapshot.platform, { remove: off, add }),
      ['/proc/cmdline'],
    );
  }
  return pass(`nothing turns the IOMMU off${shown.length ? ` (${shown.join(' ')})` : ''}`);
}
