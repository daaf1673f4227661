// What a bound driver name says about how a VF is used.

/** vfio-pci and its device-specific variants (mlx5_vfio_pci, ice_vfio_pci…): the VF is for a VM. */
export function isVfioDriver(driver: string): boolean {
  return driver === 'vfio-pci' || driver === 'vfio_pci' || /_vfio_pci$/.test(driver);
}

/** Userspace I/O drivers DPDK uses instead of vfio-pci. */
export function isUioDriver(driver: string): boolean {
  return driver === 'igb_uio' || driver === 'uio_pci_generic';
}

/** pci-stub holds a device away from host drivers (older assignment setups). */
export function isStubDriver(driver: string): boolean {
  return driver === 'pci-stub' || driver === 'pci_stub';
}

/** Bound to something that hands the device to a guest or to userspace: "assigned". */
export function isAssignedDriver(driver: string): boolean {
  return isVfioDriver(driver) || isUioDriver(driver) || isStubDriver(driver);
}

/** Counted by sriov_pf_vfs_assigned: handed to a VM (vfio-pci and its variants) or to userspace (UIO, DPDK). */
export function isVmOrUserspaceDriver(driver: string): boolean {
  return isVfioDriver(driver) || isUioDriver(driver);
}
