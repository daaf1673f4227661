// How checks name a PF and its model in summaries and fixes.

import { known } from '../../fact.js';
import type { PciDevice } from '../../readers/pci-reader.js';
import type { PfView } from '../host-view.js';

/** `/sys/bus/pci/devices/<address>`: the PF's sysfs directory, as fixes quote it. */
export const sysfsPath = (pf: PfView): string => `/sys/bus/pci/devices/${pf.address}`;

/** The catalog family, else the pci.ids name, else "this model". */
export const modelText = (pf: PfView): string => pf.family?.name ?? pf.deviceName ?? 'this model';

/** `8086:1572`, with `????` for what could not be read. */
export const pciIdText = (device: PciDevice): string => `${known(device.vendorId) ?? '????'}:${known(device.deviceId) ?? '????'}`;
