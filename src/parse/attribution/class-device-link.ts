// The class links that name the PCI function behind a character device, read with one readlink each:
//   /sys/class/vfio-dev/vfio3 → ../../devices/pci0000:00/0000:00:02.0/0000:02:00.0/vfio-dev/vfio3
//     (drivers/vfio/vfio_main.c class_create("vfio-dev"): the node /dev/vfio/devices/vfio3 opens 0000:02:00.0)
//   /sys/class/infiniband_verbs/uverbs2 → ../../devices/pci0000:3a/0000:3a:00.0/0000:3b:00.2/infiniband_verbs/uverbs2
//     (/dev/infiniband/uverbs2, which DPDK's mlx5 driver opens instead of VFIO)
// The device's parent is the PCI function, so the address is the component before the class directory.

import { normalizePciAddress } from '../sysfs-values.js';

export type DeviceClass = 'vfio-dev' | 'infiniband_verbs';

export function pciAddressOfClassDevice(linkTarget: string, deviceClass: DeviceClass): string | undefined {
  const parts = linkTarget.split('/');
  const at = parts.lastIndexOf(deviceClass);
  if (at < 1 || at !== parts.length - 2) return undefined;
  const address = parts[at - 1] as string;
  // Only a full address: a sysfs path never abbreviates the domain.
  return address.includes('.') && address.split(':').length === 3 ? normalizePciAddress(address) : undefined;
}
