// The SR-IOV PFs of a host and their VFs, as the exporter labels them. Read afresh for every scrape: a PF
// that appears after start-up (driver reload, hot-plug) or a VF created or destroyed shows at the next one.

import { type HostFs } from '../host/host-fs.js';
import { describeIssue, isIssue } from '../host/read-issue.js';
import type { PciDevice } from '../snapshot/snapshot-types.js';
import { readPciDevices } from './pci-reader.js';

export interface SriovVf {
  /** Index on the PF (virtfnN). */
  readonly index: number;
  readonly address: string;
  /** The VF's PCI function; undefined when the virtfn link points at a function not in the device list. */
  readonly device?: PciDevice;
  /** Bound driver, when one is bound and readable. */
  readonly driver?: string;
  /** Its netdev in this network namespace (a VF in a VM, on vfio-pci or in a container has none here). */
  readonly netdev?: string;
}

export interface SriovPf {
  readonly address: string;
  /** The `pf` label: the PF's netdev, or its PCI address when it has none. */
  readonly label: string;
  readonly netdev?: string;
  readonly device: PciDevice;
  readonly vfs: readonly SriovVf[];
}

export interface SriovInventory {
  readonly pfs: readonly SriovPf[];
  /** What could not be read (the device list, a virtfn link), one line each. */
  readonly problems: readonly string[];
}

export function readSriovInventory(host: HostFs): SriovInventory {
  const pci = readPciDevices(host);
  const problems: string[] = pci.listIssue ? [`PCI devices: ${describeIssue(pci.listIssue)}`] : [];
  const byAddress = new Map(pci.devices.map((d) => [d.address, d]));
  const pfs: SriovPf[] = [];
  // A PF is what the kernel made one: a function with sriov_totalvfs. PFs whose SR-IOV is off in firmware
  // have none; the readiness checks report those.
  for (const device of pci.devices) {
    if (device.sriov === undefined || device.physfn !== undefined) continue;
    const netdev = pfNetdev(host, device);
    const vfs: SriovVf[] = [];
    for (const link of device.virtfns ?? []) {
      if (isIssue(link.address)) {
        problems.push(`${device.address} virtfn${link.index}: ${describeIssue(link.address)}`);
        continue;
      }
      if (link.address === undefined) continue;
      const vf = byAddress.get(link.address);
      const netdevs = vf && Array.isArray(vf.netdevs) ? (vf.netdevs as readonly string[]) : [];
      vfs.push({
        index: link.index,
        address: link.address,
        ...(vf ? { device: vf } : {}),
        ...(vf && typeof vf.driver === 'string' ? { driver: vf.driver } : {}),
        ...(netdevs[0] !== undefined ? { netdev: netdevs[0] } : {}),
      });
    }
    pfs.push({ address: device.address, label: netdev ?? device.address, ...(netdev ? { netdev } : {}), device, vfs });
  }
  return { pfs, problems };
}

/** Port representors (switchdev mode) hang off the PF too; their phys_port_name is pf0vf3, pf0, c1pf0vf3. */
const REPRESENTOR_PORT = /^(c\d+)?pf\d+(vf\d+|sf\d+)?$/;

/** The PF's own netdev: the only one, or among several the one that is not a representor. */
function pfNetdev(host: HostFs, device: PciDevice): string | undefined {
  const names = Array.isArray(device.netdevs) ? (device.netdevs as readonly string[]) : [];
  if (names.length <= 1) return names[0];
  const own = names.find((name) => {
    const port = host.readText(`${device.devicePath}/net/${name}/phys_port_name`);
    return !(typeof port === 'string' && REPRESENTOR_PORT.test(port.trim()));
  });
  return own ?? names[0];
}
