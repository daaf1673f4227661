// takeSnapshot: reads a host through HostFs into a HostSnapshot. The only place that decides what to read;
// the checks never touch the host.

import type { ConsumerSummary } from '../attribution/consumer-types.js';
import { attributionVfs } from '../readers/attribution/attribution-vfs.js';
import { VfConsumerReader } from '../readers/attribution/vf-consumer-reader.js';
import { NIC_FAMILIES } from '../catalog/nic-catalog.js';
import { resolvePciNames } from '../readers/pci-names-reader.js';
import { type HostFs } from '../host/host-fs.js';
import { type Fact, isIssue, known } from '../fact.js';
import { readHypervGuest } from '../readers/hyperv-guest-reader.js';
import { readIommu } from '../readers/iommu-reader.js';
import { readKernel } from '../readers/kernel-reader.js';
import { readKernelLog } from '../readers/kernel-log-reader.js';
import { readNetDevices } from '../readers/net-reader.js';
import { isNetworkClass } from '../parse/pci-class.js';
import { readPciDevices } from '../readers/pci-reader.js';
import { readPlatform } from '../readers/platform-reader.js';
import { readVfPersistence } from '../readers/persistence-reader.js';
import { readSystemInfo } from '../readers/system-reader.js';
import { type Topology, topologyOf } from '../readers/topology-reader.js';
import { NOIOMMU_PARAMETER } from '../catalog/host-locations.js';
import { readVirtualization } from '../readers/virt-reader.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type HostSnapshot } from './snapshot-types.js';
import type { PciDevice } from '../readers/pci-reader.js';

export interface SnapshotOptions {
  readonly toolName: string;
  readonly toolVersion: string;
  /** Consult systeminformation (only meaningful for the live root). */
  readonly enrichSystem: boolean;
  /** --kernel-log: read this file (or `-`, standard input) instead of the log files under the root. */
  readonly kernelLog?: string;
  readonly now?: Date;
  /** Read who holds each VF (sriov-check: the report's vfs and --vfs counting free VFs). */
  readonly consumers?: boolean;
}

/** Modules every run asks about, beyond the drivers of the NICs found. */
const BASE_MODULES = ['kvm', 'kvm_intel', 'kvm_amd', 'vfio', 'vfio_pci', 'vfio_pci_core', 'vfio_iommu_type1'];

export async function takeSnapshot(host: HostFs, options: SnapshotOptions): Promise<HostSnapshot> {
  const pci = readPciDevices(host);
  const networkNonVfs = pci.devices.filter((d) => d.physfn === undefined && isNetworkClass(d.classCode));
  // Netdevs of PFs and other NICs; a VF's netdev name is known from its PCI device, its details are not needed.
  const netDevices = readNetDevices(host, networkNonVfs);

  const ids = new Set<string>();
  for (const d of networkNonVfs) {
    if (typeof d.vendorId !== 'string') continue;
    if (typeof d.deviceId === 'string') ids.add(`${d.vendorId}:${d.deviceId}`);
    const vf = d.sriov?.vfDeviceId;
    if (typeof vf === 'string') ids.add(`${d.vendorId}:${vf}`);
  }
  const moduleNames = [...BASE_MODULES, ...NIC_FAMILIES.flatMap((f) => [f.pfDriver, f.vfDriver])];
  const kernel = readKernel(host, { moduleNames, pciIds: [...ids] });
  const names = resolvePciNames(host, [...ids].map((id) => ({ vendorId: id.slice(0, 4), deviceId: id.slice(5) })));
  const system = await readSystemInfo(options.enrichSystem && host.isLiveRoot);

  // Read before the IOMMU: only in VFIO's no-IOMMU mode are the VF groups' names worth reading.
  const virtualization = readVirtualization(host);
  const guest = readHypervGuest(host);
  const topology = topologyOf(pci.devices, netDevices);
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tool: { name: options.toolName, version: options.toolVersion },
    takenAt: (options.now ?? new Date()).toISOString(),
    source: {
      rootfs: host.roots.rootfs,
      sysfs: host.roots.sysfs,
      procfs: host.roots.procfs,
      live: host.isLiveRoot,
      ...(typeof process.geteuid === 'function' ? { euid: process.geteuid() } : {}),
      ...(pci.listIssue ? { pciListIssue: pci.listIssue } : {}),
    },
    system,
    kernel,
    numaNodes: countNumaNodes(host),
    pciDevices: pci.devices as PciDevice[],
    netDevices,
    // From the records just read: the one model of PFs, VFs and representors, at no further read.
    topology,
    names: { source: names.source ?? 'none: no pci.ids file found', vendors: names.vendors, devices: names.devices },
    platform: readPlatform(host),
    iommu: readIommu(host, pci.devices, { noiommuMode: known(virtualization.moduleParameters[NOIOMMU_PARAMETER])?.enabled === true }),
    kernelLog: readKernelLog(host, {
      ...(options.kernelLog !== undefined ? { file: options.kernelLog } : {}),
      ...(typeof kernel.release === 'string' ? { release: kernel.release } : {}),
    }),
    virtualization,
    vfPersistence: readVfPersistence(host, known(kernel.parameters)),
    // One directory listing on a host without VMBus; only a guest's is kept.
    ...(guest.vmbus === false ? {} : { hypervGuest: guest }),
    ...(options.consumers ? { consumers: readConsumers(host, topology, options.now ?? new Date()) } : {}),
  };
}

function countNumaNodes(host: HostFs): Fact<number> {
  const entries = host.list('/sys/devices/system/node');
  if (entries === undefined || isIssue(entries)) return entries;
  return entries.filter((e) => /^node\d+$/.test(e)).length;
}

/** One attribution read, for one preflight run (no cache outlives it). */
function readConsumers(host: HostFs, topology: Topology, now: Date): ConsumerSummary[] {
  const reading = new VfConsumerReader().read(host, attributionVfs(topology), now.getTime());
  return reading.consumers.map((c) => ({ address: c.address, kind: c.kind, consumer: c.consumer, namespace: c.namespace }));
}
