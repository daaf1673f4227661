// Synthetic hosts of any size for tests and benchmarks: N Intel E810 PFs, M VFs each bound to iavf with a host
// netdev and Q queue pairs, one root port per PF pair, IOMMU groups per VF.

import type { HostSpec, PfSpec } from './host-builder.js';
import { debianIntelHost, KVM_VFIO_MODULES, xeonRootPort } from '../fixtures/scenarios/common.js';

export interface SyntheticOptions {
  readonly pfs: number;
  readonly vfsPerPf: number;
  /** Queue pairs per VF netdev. */
  readonly queues?: number;
  /** Bind VFs to vfio-pci (no host netdev) instead of iavf. */
  readonly vfio?: boolean;
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

export function syntheticHost(options: SyntheticOptions): HostSpec {
  const pfs: PfSpec[] = [];
  const bridges = [];
  let group = 100;
  for (let p = 0; p < options.pfs; p++) {
    // Two ports per card, each card on its own bus behind its own root port.
    const card = Math.floor(p / 2);
    const port = p % 2;
    const bus = 0x10 + card * 4;
    const bridge = `0000:${hex2(bus - 1)}:00.0`;
    if (port === 0) bridges.push(xeonRootPort(bridge, card % 2, group++));
    const name = `ens${card + 1}f${port}`;
    pfs.push({
      address: `0000:${hex2(bus)}:00.${port}`,
      bridge,
      vendorId: '8086',
      deviceId: '159b',
      subsystemVendorId: '8086',
      subsystemDeviceId: '0003',
      driver: 'ice',
      numaNode: card % 2,
      iommuGroup: group++,
      ariEnabled: true,
      ari: { nextFunction: port === 0 ? 1 : 0 },
      link: { speed: '16.0 GT/s PCIe', width: 8 },
      netdev: { name, mac: `3c:fd:fe:${hex2(card)}:${hex2(port)}:00`, speed: 25000, queues: 16, ifindex: 10 + p },
      // Port 1's VFs follow port 0's on the same bus: offset grows with the VF count.
      sriov: { totalVfs: 128, numVfs: options.vfsPerPf, offset: port === 0 ? 8 : 8 + options.vfsPerPf, stride: 1, vfDeviceId: '1889', ariHierarchy: port === 0 },
      vfDefaults: options.vfio ? { driver: 'vfio-pci' } : { driver: 'iavf' },
      vfs: Array.from({ length: options.vfsPerPf }, (_, i) => ({
        iommuGroup: group++,
        ...(options.vfio ? {} : { netdev: { name: `${name}v${i}`, mac: `02:${hex2(card)}:${hex2(port)}:00:${hex2(i >> 8)}:${hex2(i & 0xff)}`, queues: options.queues ?? 4, ifindex: 1000 + p * 1000 + i } }),
      })),
    });
  }
  return debianIntelHost({ loadedModules: ['ice', 'iavf', ...KVM_VFIO_MODULES], bridges, pfs });
}
