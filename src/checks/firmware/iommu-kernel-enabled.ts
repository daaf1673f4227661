// firmware.iommu.kernel-enabled: the firmware describes an IOMMU, but did the kernel enable it (IOMMU groups
// exist)? Many Intel kernels leave VT-d off without `intel_iommu=on`.

import { isIssue, known } from '../../fact.js';
import { cmdlineValues } from '../../parse/kernel-cmdline.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, listText, pass, plural, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { kernelArgsFix } from '../shared/kernel-args-fix.js';
import { kernelParameters } from '../shared/kernel-parameters.js';
import { logLines, quote } from '../shared/log-evidence.js';
import { IOMMU_NAME, vendorOf } from '../shared/vendor-terms.js';

const fix = remedies('find-iommu-off-reason');

export const iommuKernelEnabled: HostCheck = {
  id: 'firmware.iommu.kernel-enabled',
  layer: 'firmware',
  scope: 'host',
  title: 'Did the kernel enable the IOMMU?',
  reads: '/sys/class/iommu/*, entries of /sys/kernel/iommu_groups, /proc/cmdline, kernel log',
  fix: 'Intel: add `intel_iommu=on iommu=pt` to the kernel command line; otherwise see the kernel log for why the IOMMU stayed off.',
  requires: ['firmware.iommu.acpi-table', 'firmware.iommu.cmdline'],
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const { units, groupCount } = host.snapshot.iommu;
  if (isIssue(units)) return unknown('IOMMU units', units);
  if (isIssue(groupCount)) return unknown('IOMMU groups', groupCount);
  const unitNames = (units ?? []).map((u) => u.name);
  const groups = groupCount ?? 0;
  if (groups > 0) {
    const named = unitNames.length ? ` (${listText(unitNames)})` : '';
    return pass(`${plural(unitNames.length, 'IOMMU unit')}${named}, ${plural(groups, 'IOMMU group')}`);
  }
  const vendor = vendorOf(host.snapshot);
  const evidence = ['/sys/class/iommu', '/sys/kernel/iommu_groups'];
  if (vendor === 'intel' && !cmdlineValues(kernelParameters(host.snapshot), 'intel_iommu').includes('on')) {
    return fail(
      'the firmware describes VT-d but the kernel did not enable it: /sys/kernel/iommu_groups is empty ' +
        'and `intel_iommu=on` is not on the kernel command line (this kernel does not turn VT-d on by default)',
      kernelArgsFix(host.snapshot.platform, { add: ['intel_iommu=on', 'iommu=pt'] }),
      evidence,
    );
  }
  const logged = logLines(host.snapshot, ['iommu-disabled', 'iommu-enabled'])[0];
  return fail(
    `the firmware describes ${IOMMU_NAME[vendor]} but the kernel did not enable it: no IOMMU groups in /sys/kernel/iommu_groups` +
      `${logged ? `; kernel log: ${quote(logged)}` : ''}`,
    fix('find-iommu-off-reason', { release: known(host.snapshot.kernel.release) ?? '$(uname -r)' }),
    evidence,
  );
}
