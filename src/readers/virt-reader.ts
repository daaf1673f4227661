// Reads what a KVM/VFIO hypervisor host has: device nodes, module parameters that change isolation or
// nesting, QEMU and libvirt binaries and sockets. Existence only: nothing is opened or run.

import { LIBVIRT_DAEMONS, LIBVIRT_SOCKETS, MODULE_PARAMETERS, QEMU_BINARIES } from '../catalog/host-locations.js';
import { type HostFs } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue } from '../fact.js';
import { parseYesNo } from '../parse/sysfs-values.js';

/** A module parameter as /sys/module/<module>/parameters/<parameter> shows it. */
export interface ModuleParameter {
  readonly value: string;
  /** For a Y/N (or 1/0) switch: whether it is on; undefined for any other value. */
  readonly enabled?: boolean;
}

export interface VirtualizationInfo {
  /** /dev/null exists: the host's /dev is visible under the root (a container may not mount it). */
  readonly devVisible: Fact<boolean>;
  readonly kvmDevice: Fact<boolean>;
  readonly vfioDevice: Fact<boolean>;
  /** `module.parameter` → its value (kvm_intel.nested, vfio.enable_unsafe_noiommu_mode, …); absent when not loaded. */
  readonly moduleParameters: Readonly<Record<string, Fact<ModuleParameter>>>;
  /** QEMU binaries found (host paths). */
  readonly qemuBinaries: readonly string[];
  /** libvirt daemons installed (libvirtd, virtqemud). */
  readonly libvirtDaemons: readonly string[];
  /** libvirt control sockets present: the daemon (or its socket unit) is running. */
  readonly libvirtSockets: readonly string[];
  /** Paths that could not be checked. */
  readonly issues: readonly ReadIssue[];
}

export function readVirtualization(host: HostFs): VirtualizationInfo {
  const issues: ReadIssue[] = [];
  const present = (paths: readonly string[]) =>
    paths.filter((p) => {
      const found = host.exists(p);
      if (isIssue(found)) issues.push(found);
      return found === true;
    });
  const moduleParameters: Record<string, Fact<ModuleParameter>> = {};
  for (const key of MODULE_PARAMETERS) {
    const [module, parameter] = key.split('.') as [string, string];
    const text = host.readText(`/sys/module/${module}/parameters/${parameter}`);
    if (text === undefined) continue;
    if (isIssue(text)) moduleParameters[key] = text;
    else moduleParameters[key] = moduleParameter(text.trim());
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

function moduleParameter(value: string): ModuleParameter {
  const enabled = parseYesNo(value);
  return enabled === undefined ? { value } : { value, enabled };
}
