// hypervisor.vfio.modules: VFs reach VMs through VFIO — vfio-pci and the type1 IOMMU backend, and the
// /dev/vfio/vfio container node QEMU opens.

import { isIssue, known } from '../../fact.js';
import type { ModuleState } from '../../readers/kernel-reader.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, listText, pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { isUsable } from '../shared/module-states.js';

const fix = remedies('install-vfio-modules', 'recreate-vfio-node');

export const vfioModules: HostCheck = {
  id: 'hypervisor.vfio.modules',
  layer: 'hypervisor',
  scope: 'host',
  title: 'Can VFIO hand devices to VMs (vfio-pci, vfio_iommu_type1)?',
  reads: '/proc/modules, lib/modules/<release>/{modules.builtin,modules.dep}, /dev/vfio/vfio',
  fix: "Install the kernel's VFIO modules; `modprobe vfio-pci` (libvirt loads it on demand for managed hostdevs).",
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const snap = host.snapshot;
  const states: [string, ModuleState][] = [];
  for (const module of ['vfio_pci', 'vfio_iommu_type1']) {
    const state = snap.kernel.modules[module];
    if (isIssue(state)) return unknown(`${module} module`, state);
    states.push([module, state ?? 'absent']);
  }
  const missing = states.filter(([, s]) => s === 'absent').map(([m]) => m);
  const release = known(snap.kernel.release) ?? 'the running kernel';
  if (missing.length > 0) {
    return fail(
      `kernel ${release} has no ${listText(missing)}: VFs cannot be handed to VMs through VFIO`,
      fix('install-vfio-modules', { release }),
      [`/lib/modules/${release}/modules.dep`],
    );
  }
  const vfio = snap.kernel.modules.vfio;
  const loaded = typeof vfio === 'string' && isUsable(vfio);
  if (loaded && snap.virtualization.devVisible === true && snap.virtualization.vfioDevice === false) {
    const summary = 'vfio is loaded but /dev/vfio/vfio is missing: QEMU cannot open the VFIO container';
    return warn(summary, fix('recreate-vfio-node'), ['/dev/vfio/vfio']);
  }
  const text = states.map(([m, s]) => `${m} ${s === 'on-disk' ? 'installed (loaded on demand)' : s}`);
  return pass(`${listText(text)}${snap.virtualization.vfioDevice === true ? ', /dev/vfio/vfio present' : ''}`);
}
