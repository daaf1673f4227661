// /proc/<pid>/fdinfo/<fd> of a VFIO device fd: Linux 6.18 adds "vfio-device-syspath: /sys/devices/…/<bdf>"
// (Alex Mastro's patch), the only name an `anon_inode:[vfio-device]` fd has.

import { normalizePciAddress } from '../sysfs-values.js';

/** The PCI address of the device behind a VFIO device fd, or undefined when fdinfo does not say. */
export function vfioDeviceFromFdinfo(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith('vfio-device-syspath:')) continue;
    const syspath = line.slice('vfio-device-syspath:'.length).trim().replace(/\/+$/, '');
    return normalizePciAddress(syspath.slice(syspath.lastIndexOf('/') + 1));
  }
  return undefined;
}
