// Reads what a KVM/VFIO hypervisor host has: device nodes, module parameters that change isolation or
// nesting, QEMU and libvirt binaries and sockets. Existence only: nothing is opened or run.

import { type HostFs } from '../host/host-fs.js';
import { type ReadIssue, isIssue } from '../fact.js';
import { parseYesNo } from '../parse/sysfs-values.js';
import type { VirtualizationInfo } from '../snapshot/snapshot-types.js';

/** `module.parameter` pairs the checks report or judge. */
export const MODULE_PARAMETERS = [
  'kvm_intel.nested',
  'kvm_amd.nested',
  'vfio.enable_unsafe_noiommu_mode',
  'vfio_iommu_type1.allow_unsafe_interrupts',
] as const;

export const QEMU_BINARIES = [
  '/usr/bin/qemu-system-x86_64',
  '/usr/bin/qemu-system-aarch64',
  '/usr/bin/qemu-system-ppc64',
  '/usr/bin/qemu-system-s390x',
  '/usr/libexec/qemu-kvm',
  '/usr/bin/qemu-kvm',
  '/usr/bin/kvm',
] as const;
export const LIBVIRT_DAEMONS = ['/usr/sbin/libvirtd', '/usr/sbin/virtqemud'] as const;
export const LIBVIRT_SOCKETS = ['/run/libvirt/libvirt-sock', '/run/libvirt/virtqemud-sock'] as const;

export const NOIOMMU_PARAMETER = 'vfio.enable_unsafe_noiommu_mode';

/** Whether a Y/N module parameter read into moduleParameters is on. */
export function moduleParameterOn(parameters: VirtualizationInfo['moduleParameters'], key: string): boolean {
  const value = parameters[key];
  return typeof value === 'string' && parseYesNo(value) === true;
}

export function readVirtualization(host: HostFs): VirtualizationInfo {
  const issues: ReadIssue[] = [];
  const present = (paths: readonly string[]) =>
    paths.filter((p) => {
      const found = host.exists(p);
      if (isIssue(found)) issues.push(found);
      return found === true;
    });
  const moduleParameters: Record<string, ReturnType<HostFs['readText']>> = {};
  for (const key of MODULE_PARAMETERS) {
    const [module, parameter] = key.split('.') as [string, string];
    const value = host.readText(`/sys/module/${module}/parameters/${parameter}`);
    if (value !== undefined) moduleParameters[key] = typeof value === 'string' ? value.trim() : value;
  }
  return {
    devVisible: host.exists('/dev/null'),
    kvmDevice: host.exists('/dev/kvm'),
    vfioDevice: host.exists('/dev/vfio/vfio'),
    moduleParameters,
    qemuBinaries: present(QEMU_BINARIES),
    libvirtDaemons: present(LIBVIRT_DAEMONS),
    libvirtSockets: present(LIBVIRT_SOCKETS),
    issues,
  };
}
