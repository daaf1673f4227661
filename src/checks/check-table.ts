// The check table: every check sriov-check runs, in report order (layer by layer, in fix order within
// a layer). Each check is one file holding its row and its decision. A check id is a public contract:
// docs/checks.md lists each one, and a test keeps them equal.

import type { CheckDefinition } from './check-types.js';
import { cpuVirtualization } from './firmware/cpu-virtualization.js';
import { iommuAcpiTable } from './firmware/iommu-acpi-table.js';
import { iommuCmdline } from './firmware/iommu-cmdline.js';
import { iommuInterruptRemapping } from './firmware/iommu-interrupt-remapping.js';
import { iommuKernelEnabled } from './firmware/iommu-kernel-enabled.js';
import { iommuPassthrough } from './firmware/iommu-passthrough.js';
import { kernelLockdown } from './firmware/kernel-lockdown.js';
import { pciAcs } from './firmware/pci-acs.js';
import { pciAriForwarding } from './firmware/pci-ari-forwarding.js';
import { pciMmio } from './firmware/pci-mmio.js';
import { hostBareMetal } from './hypervisor/host-bare-metal.js';
import { iommuVfGroups } from './hypervisor/iommu-vf-groups.js';
import { iommuVfIsolation } from './hypervisor/iommu-vf-isolation.js';
import { kvmDevice } from './hypervisor/kvm-device.js';
import { qemuPresent } from './hypervisor/qemu-present.js';
import { vfioModules } from './hypervisor/vfio-modules.js';
import { vfioNoiommu } from './hypervisor/vfio-noiommu.js';
import { vfsPersistent } from './hypervisor/vfs-persistent.js';
import { pfDriverBound } from './nic/pf-driver-bound.js';
import { pfLink } from './nic/pf-link.js';
import { pfModel } from './nic/pf-model.js';
import { pfNuma } from './nic/pf-numa.js';
import { pfPcieLink } from './nic/pf-pcie-link.js';
import { pfPresent } from './nic/pf-present.js';
import { sriovFirmwareEnabled } from './nic/sriov-firmware-enabled.js';
import { vfAutoprobe } from './nic/vf-autoprobe.js';
import { vfBound } from './nic/vf-bound.js';
import { vfDriverAvailable } from './nic/vf-driver-available.js';
import { vfRepresentors } from './nic/vf-representors.js';
import { vfsEnabled } from './nic/vfs-enabled.js';
import { vfsFree } from './nic/vfs-free.js';
import { vfsTotal } from './nic/vfs-total.js';

export const CHECKS: readonly CheckDefinition[] = [
  // NIC layer
  pfPresent,
  sriovFirmwareEnabled,
  pfDriverBound,
  vfsTotal,
  vfsEnabled,
  vfsFree,
  vfDriverAvailable,
  vfBound,
  vfAutoprobe,
  pfLink,
  vfRepresentors,
  pfPcieLink,
  pfNuma,
  pfModel,
  // Firmware / BIOS layer
  cpuVirtualization,
  iommuAcpiTable,
  iommuCmdline,
  iommuKernelEnabled,
  iommuInterruptRemapping,
  iommuPassthrough,
  pciMmio,
  pciAriForwarding,
  pciAcs,
  kernelLockdown,
  // Hypervisor layer
  hostBareMetal,
  kvmDevice,
  vfioModules,
  vfioNoiommu,
  iommuVfGroups,
  iommuVfIsolation,
  qemuPresent,
  vfsPersistent,
];
