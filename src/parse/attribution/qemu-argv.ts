// The few facts a QEMU command line gives about its VM (reference vf-attribution.md §2), from an allow-list of
// options: -name, -uuid, -id and -pidfile (Proxmox), and the vfio-pci devices' host=/sysfsdev=/id=/fd=.
// Nothing else of the argv leaves this file: it can hold secrets (`-object secret,data=…`).
//
//   libvirt   -name guest=web01,debug-threads=on -uuid … -device {"driver":"vfio-pci","host":"0000:03:00.0",…}
//             older: -device vfio-pci,host=0000:3b:02.0,id=hostdev0,…; with iommufd it may pass the device as
//             an open fd (-device vfio-pci,iommufd=iommufd0,fd=23) and no host= at all
//   Proxmox   -id 100 -name web01,debug-threads=on -pidfile /var/run/qemu-server/100.pid
//             -device vfio-pci,host=0000:d0:15.1,id=hostpci0,…
//   Nova      libvirt's, the domain named instance-0000xxxx
//   KubeVirt  libvirt's, the domain named <namespace>_<vm>

import { normalizePciAddress } from '../sysfs-values.js';
import { isRecord } from './json-fields.js';
import { parseQemuOpts } from './qemu-options.js';

export interface QemuVfioDevice {
  /** The host device, from host= or the last component of sysfsdev=; undefined when passed as an fd. */
  readonly address?: string;
  /** QEMU's device id (libvirt `hostdev0`, `ua-sriov-…`; Proxmox `hostpci0`). */
  readonly id?: string;
}

export interface QemuArgs {
  /** The guest name of -name, commas unescaped. */
  readonly guest?: string;
  readonly uuid?: string;
  /** Proxmox's VMID (-id). */
  readonly vmid?: number;
  readonly pidfile?: string;
  readonly vfioDevices: readonly QemuVfioDevice[];
}

/** Whether argv[0] or comm is QEMU (Proxmox runs it as /usr/bin/kvm; RHEL as qemu-kvm). */
export function isQemu(program: string | undefined, comm: string): boolean {
  const looks = (name: string) => name.startsWith('qemu-system-') || name === 'qemu-kvm' || name === 'kvm';
  return (program !== undefined && looks(program)) || looks(comm);
}

/** Virtual machine monitors other than QEMU, known by comm only (reference §2: "recognised by comm only"). */
export const OTHER_VMMS: readonly string[] = ['cloud-hypervisor', 'crosvm', 'firecracker'];

export function parseQemuArgv(argv: readonly string[]): QemuArgs {
  let guest: string | undefined;
  let uuid: string | undefined;
  let vmid: number | undefined;
  let pidfile: string | undefined;
  const vfioDevices: QemuVfioDevice[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) continue;
    const option = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    const value = argv[i + 1];
    if (value === undefined) break;
    switch (option) {
      case 'name':
        guest = parseQemuOpts(value, 'guest').get('guest') ?? guest;
        break;
      case 'uuid':
        if (/^[0-9a-fA-F-]{32,36}$/.test(value)) uuid = value.toLowerCase();
        break;
      case 'id':
        if (/^\d{1,9}$/.test(value)) vmid = Number(value);
        break;
      case 'pidfile':
        pidfile = value;
        break;
      case 'device': {
        const device = vfioDevice(value);
        if (device) vfioDevices.push(device);
        break;
      }
      default:
        continue; // an option without a value we read: do not skip what follows
    }
    i++;
  }
  return {
    ...(guest !== undefined ? { guest } : {}),
    ...(uuid !== undefined ? { uuid } : {}),
    ...(vmid !== undefined ? { vmid } : {}),
    ...(pidfile !== undefined ? { pidfile } : {}),
    vfioDevices,
  };
}

function vfioDevice(value: string): QemuVfioDevice | undefined {
  const fields = value.trimStart().startsWith('{') ? jsonFields(value) : parseQemuOpts(value, 'driver');
  if (fields === undefined) return undefined;
  const driver = fields.get('driver');
  // vfio-pci and vfio-pci-nohotplug (and QEMU's other vfio-pci-* types) take the same host= property.
  if (driver === undefined || !driver.startsWith('vfio-pci')) return undefined;
  const host = fields.get('host');
  const sysfsdev = fields.get('sysfsdev');
  const address =
    (host !== undefined ? normalizePciAddress(host) : undefined) ??
    (sysfsdev !== undefined ? normalizePciAddress(sysfsdev.replace(/\/+$/, '').split('/').pop() ?? '') : undefined);
  const id = fields.get('id');
  return { ...(address !== undefined ? { address } : {}), ...(id !== undefined ? { id } : {}) };
}

/** The string and number members of a JSON -device (libvirt ≥ 7.9 with QEMU ≥ 6.0). */
function jsonFields(value: string): ReadonlyMap<string, string> | undefined {
  let object: unknown;
  try {
    object = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isRecord(object)) return undefined;
  const fields = new Map<string, string>();
  for (const [key, member] of Object.entries(object)) {
    if (typeof member === 'string' || typeof member === 'number') fields.set(key, String(member));
  }
  return fields;
}

/**
 * KubeVirt names the domain `<namespace>_<vm>` (VMINamespaceKeyFunc). Namespaces are DNS labels and cannot
 * hold `_`, so the first `_` splits exactly; undefined for any other name.
 */
export function splitKubevirtDomain(name: string): { readonly namespace: string; readonly vm: string } | undefined {
  const cut = name.indexOf('_');
  if (cut <= 0 || cut === name.length - 1) return undefined;
  const namespace = name.slice(0, cut);
  const vm = name.slice(cut + 1);
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) return undefined;
  if (!/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(vm)) return undefined;
  return { namespace, vm };
}
