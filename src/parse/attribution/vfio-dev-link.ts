// /sys/class/vfio-dev/vfio<X>: the class link of a VFIO cdev (drivers/vfio/vfio_main.c class_create("vfio-dev")).
// The device's parent is the PCI function, so the link reads
//   ../../devices/pci0000:00/0000:00:02.0/0000:02:00.0/vfio-dev/vfio3
// and the component before `vfio-dev` is the address that /dev/vfio/devices/vfio3 opens.

import { normalizePciAddress } from './pci-address-forms.js';

export function pciAddressOfVfioDev(linkTarget: string): string | undefined {
  const parts = linkTarget.split('/');
  const at = parts.lastIndexOf('vfio-dev');
  if (at < 1 || at !== parts.length - 2) return undefined;
  const address = parts[at - 1] as string;
  // Only a full address: `02:00.0` would be read as domain 0, which a sysfs path never abbreviates.
  return address.includes('.') && address.split(':').length === 3 ? normalizePciAddress(address) : undefined;
}
