// The VMBus part of a Hyper-V/Azure Linux guest, for the host builder: synthetic NICs (hv_netvsc) and PCI
// pass-through devices (hv_pci) that carry an Accelerated Networking VF, laid out as the kernel lays them out.
//
// Real layout (reference/hyperv.md §5, the `ls -la /sys/class/net` of a Standard_D8ds_v5 VM):
//   /sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:07/VMBUS:01/<instance>/net/eth0          (netvsc)
//   /sys/devices/…/VMBUS:01/<instance>/pci<domain>:00/<domain>:00:02.0/net/enP<domain decimal>s<slot>   (the VF)
// Each VMBus device has class_id and device_id as "{%pUl}" (drivers/hv/vmbus_drv.c), id (the channel's relid),
// modalias "vmbus:" + the class GUID's 16 bytes in memory order, and driver/subsystem links into /sys/bus/vmbus.
// hv_pci names a PCI slot after the VF's serial (/sys/bus/pci/slots/<serial>/address), which is where the `s<n>`
// of the VF's name comes from and how hv_netvsc finds the synthetic NIC the VF belongs to. A joined VF's netdev
// has a `master` and an `upper_<netvsc>` link, the netvsc netdev a `lower_<vf>` link (net/core/dev.c), and the
// VF carries IFF_SLAVE. No physfn: the PF stays on the host.

import type { NetdevSpec } from './host-builder.js';
import { NETVSC_CLASS, PCI_PASSTHROUGH_CLASS } from '../../src/readers/hyperv-guest-reader.js';

/** Generation 1 VMs: VMBus below the ACPI PCI root (the real sample above). */
export const GEN1_VMBUS_ROOT = '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:07/VMBUS:01';

export interface SyntheticNicSpec {
  /** The VMBus instance GUID (device_id); Azure derives it from the MAC. */
  readonly instance: string;
  /** The channel's relid (`id`, lsvmbus's "VMBUS ID"). */
  readonly relid: number;
  readonly netdev: NetdevSpec;
}

export interface PassthroughVfSpec {
  /** The VMBus instance GUID of the pass-through device; its second group is the PCI domain. */
  readonly instance: string;
  readonly relid: number;
  /** The VF's serial: hv_pci's slot name. */
  readonly serial: number;
  /** <domain>:00:<dev>.<fn> */
  readonly address: string;
  readonly vendorId: string;
  readonly deviceId: string;
  readonly subsystemVendorId?: string;
  readonly subsystemDeviceId?: string;
  readonly revision?: number;
  /** null: no driver bound (none installed or none loaded). */
  readonly driver: string | null;
  /** The VF's netdev when its driver made one; `master` names the netvsc netdev it is joined to. */
  readonly netdev?: NetdevSpec & { readonly master?: string };
}

export interface VmbusSpec {
  readonly root?: string;
  readonly nics: readonly SyntheticNicSpec[];
  readonly vfs?: readonly PassthroughVfSpec[];
}

/** What the host builder lends: its file writer and its PCI device and netdev writers. */
export interface VmbusTree {
  file(hostPath: string, content: string): void;
  link(hostPath: string, hostTarget: string): void;
  dir(hostPath: string): void;
  pciDevice(devicePath: string, device: PassthroughVfSpec): void;
  netdev(devicePath: string, netdev: NetdevSpec): void;
}

/** The 16 bytes of a GUID as the kernel keeps them (first three fields little-endian), in hex. */
export function guidBytesHex(guid: string): string {
  const [a, b, c, d, e] = guid.split('-') as [string, string, string, string, string];
  const swap = (hex: string) => (hex.match(/../g) as string[]).reverse().join('');
  return `${swap(a)}${swap(b)}${swap(c)}${d}${e}`;
}

export function writeVmbus(spec: VmbusSpec, tree: VmbusTree): void {
  const root = spec.root ?? GEN1_VMBUS_ROOT;
  const device = (instance: string, relid: number, classGuid: string, driver: string) => {
    const base = `${root}/${instance}`;
    const modalias = `vmbus:${guidBytesHex(classGuid)}`;
    tree.file(`${base}/class_id`, `{${classGuid}}\n`);
    tree.file(`${base}/device_id`, `{${instance}}\n`);
    tree.file(`${base}/id`, `${relid}\n`);
    tree.file(`${base}/modalias`, `${modalias}\n`);
    tree.file(`${base}/numa_node`, '0\n');
    tree.file(`${base}/uevent`, `DRIVER=${driver}\nMODALIAS=${modalias}\n`);
    tree.link(`${base}/subsystem`, '/sys/bus/vmbus');
    tree.link(`${base}/driver`, `/sys/bus/vmbus/drivers/${driver}`);
    tree.link(`/sys/bus/vmbus/drivers/${driver}/${instance}`, base);
    tree.link(`/sys/bus/vmbus/devices/${instance}`, base);
    return base;
  };

  const netdevPaths = new Map<string, string>();
  for (const nic of spec.nics) {
    const base = device(nic.instance, nic.relid, NETVSC_CLASS, 'hv_netvsc');
    tree.netdev(base, nic.netdev);
    netdevPaths.set(nic.netdev.name, `${base}/net/${nic.netdev.name}`);
  }

  const joins: { vf: string; master: string }[] = [];
  for (const vf of spec.vfs ?? []) {
    const base = device(vf.instance, vf.relid, PCI_PASSTHROUGH_CLASS, 'hv_pci');
    const domain = vf.address.slice(0, vf.address.indexOf(':'));
    const bus = `${base}/pci${domain}:00`;
    tree.dir(`${bus}/pci_bus/${domain}:00`);
    const devicePath = `${bus}/${vf.address}`;
    tree.pciDevice(devicePath, vf);
    tree.file(`/sys/bus/pci/slots/${vf.serial}/address`, `${vf.address.slice(0, vf.address.lastIndexOf('.'))}\n`);
    if (vf.driver && vf.netdev) {
      tree.netdev(devicePath, vf.netdev);
      const path = `${devicePath}/net/${vf.netdev.name}`;
      netdevPaths.set(vf.netdev.name, path);
      if (vf.netdev.master) joins.push({ vf: vf.netdev.name, master: vf.netdev.master });
    }
  }

  for (const join of joins) {
    const vfPath = netdevPaths.get(join.vf) as string;
    const masterPath = netdevPaths.get(join.master);
    if (masterPath === undefined) throw new Error(`fixture: VF ${join.vf} is joined to unknown netdev ${join.master}`);
    tree.link(`${vfPath}/master`, masterPath);
    tree.link(`${vfPath}/upper_${join.master}`, masterPath);
    tree.link(`${masterPath}/lower_${join.vf}`, vfPath);
    // IFF_UP | IFF_BROADCAST | IFF_SLAVE | IFF_MULTICAST, as `ip link` shows <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP>.
    tree.file(`${vfPath}/flags`, '0x1803\n');
  }
}
