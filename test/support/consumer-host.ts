// Fixture hosts for attribution: a Debian KVM host (scenarios/common.ts) with an Intel X710 PF whose VFs a
// case binds and hands out, a ConnectX-5 PF for verbs devices, and what the consumers leave on the host:
// /proc/<pid> trees (cmdline with NULs, fd links to /dev/vfio/…), VFIO cdevs and verbs devices in sysfs with
// their class links, libvirt/Proxmox/kubelet/CNI files. Built into a directory at test time.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { debianIntelHost, KVM_VFIO_MODULES, X710_IDENTITY, xeonRootPort } from '../fixtures/scenarios/common.js';
import { type ProcessSpec, SYSTEMD, processFiles } from './consumer-files.js';
import { type ExtraFile, type HostSpec, type VfSpec, buildHost, vfAddress } from './host-builder.js';

export interface ConsumerHost {
  /** VFs of the X710 port ens1f0 (0000:3b:00.0): VF i is 0000:3b:02.i. */
  readonly vfs: readonly VfSpec[];
  /** VFs of the ConnectX-5 port (0000:5e:00.0, mlx5_core): VF i is 0000:5e:00.(2+i). */
  readonly mlxVfs?: readonly VfSpec[];
  /** VFIO cdev index per VF on a VFIO driver (default: 0, 1, 2 … in address order). */
  readonly cdevs?: Readonly<Record<string, number>>;
  /** Verbs device index per VF (`uverbs<N>`). */
  readonly uverbs?: Readonly<Record<string, number>>;
  /** Processes besides init. */
  readonly processes?: readonly ProcessSpec[];
  /** procfs mounted with hidepid=2 as seen by a non-root reader: no other user's pid directories, init's included. */
  readonly hidepid?: boolean;
  readonly files?: Readonly<Record<string, ExtraFile>>;
}

export const X710_PF = '0000:3b:00.0';
export const MLX_PF = '0000:5e:00.0';

/** VF i of the X710 port. */
export const vf = (i: number) => vfAddress(X710_PF, 16, 1, i);
/** VF i of the ConnectX-5 port. */
export const mlxVf = (i: number) => vfAddress(MLX_PF, 2, 1, i);

export function consumerHostSpec(host: ConsumerHost, processes: readonly ProcessSpec[]): HostSpec {
  const files: Record<string, ExtraFile> = { '/var/run': { symlink: '/run' } };
  for (const p of processes) Object.assign(files, processFiles(p));
  Object.assign(files, host.files ?? {});
  const mlxVfs = host.mlxVfs ?? [];
  return debianIntelHost({
    loadedModules: ['i40e', 'iavf', 'mlx5_core', ...KVM_VFIO_MODULES],
    bridges: [xeonRootPort('0000:3a:00.0', 0, 10), xeonRootPort('0000:5d:00.0', 0, 30)],
    pfs: [
      {
        address: X710_PF,
        bridge: '0000:3a:00.0',
        ...X710_IDENTITY,
        driver: 'i40e',
        numaNode: 0,
        iommuGroup: 11,
        ariEnabled: true,
        netdev: { name: 'ens1f0', mac: '3c:fd:fe:9e:6b:40', speed: 10000, queues: 8, ifindex: 4 },
        sriov: { totalVfs: 64, numVfs: host.vfs.length, offset: 16, stride: 1, vfDeviceId: '154c' },
        vfs: host.vfs,
        vfNetdevName: (i) => `ens1f0v${i}`,
      },
      ...(mlxVfs.length > 0
        ? [{
            address: MLX_PF,
            bridge: '0000:5d:00.0',
            vendorId: '15b3',
            deviceId: '1017',
            subsystemVendorId: '15b3',
            subsystemDeviceId: '0121',
            driver: 'mlx5_core',
            numaNode: 0,
            iommuGroup: 31,
            ariEnabled: true,
            netdev: { name: 'ens2f0np0', mac: 'b8:ce:f6:0a:1c:2e', speed: 25000, queues: 8, physPortName: 'p0', ifindex: 6 },
            sriov: { totalVfs: 8, numVfs: mlxVfs.length, offset: 2, stride: 1, vfDeviceId: '1018' },
            vfs: mlxVfs,
            vfNetdevName: (i: number) => `ens2f0v${i}`,
          }]
        : []),
    ],
    files,
  });
}

export function buildConsumerHost(root: string, host: ConsumerHost): void {
  const processes = [...(host.hidepid ? [] : [SYSTEMD]), ...(host.processes ?? [])];
  buildHost(root, consumerHostSpec(host, processes));
  for (const p of processes) fs.mkdirSync(path.join(root, `proc/${p.pid}/fd`), { recursive: true });

  // Every function bound to a VFIO driver has vfio-dev/vfio<N> (Linux 6.1+) and /sys/class/vfio-dev/vfio<N>.
  const vfioBound = [...host.vfs.map((s, i) => [vf(i), s] as const), ...(host.mlxVfs ?? []).map((s, i) => [mlxVf(i), s] as const)]
    .filter(([, s]) => s.driver?.includes('vfio'))
    .map(([address]) => address);
  vfioBound.forEach((address, i) => writeVfioDev(root, address, host.cdevs?.[address] ?? i));
  for (const [address, n] of Object.entries(host.uverbs ?? {})) classDevice(root, address, 'infiniband_verbs', `uverbs${n}`, 'ibdev', `mlx5_${n + 2}\n`);
}

/** Files written into a built host (a process started later): contents, or links written as given. */
export function writeExtraFiles(root: string, files: Readonly<Record<string, ExtraFile>>): void {
  for (const [hostPath, content] of Object.entries(files)) {
    const real = path.join(root, hostPath);
    fs.mkdirSync(path.dirname(real), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) fs.symlinkSync(content.symlink, real);
    else fs.writeFileSync(real, content);
  }
}

/** A function bound to a VFIO driver: <device>/vfio-dev/vfio<index>/dev and /sys/class/vfio-dev/vfio<index>. */
export function writeVfioDev(root: string, address: string, index: number): void {
  classDevice(root, address, 'vfio-dev', `vfio${index}`, 'dev', `509:${index}\n`);
}

/** <device>/<class>/<name>/<file> and the class link /sys/class/<class>/<name>, relative as the kernel's. */
function classDevice(root: string, address: string, deviceClass: string, name: string, file: string, content: string): void {
  const devicePath = path.posix.resolve('/sys/bus/pci/devices', fs.readlinkSync(path.join(root, `sys/bus/pci/devices/${address}`)));
  const dir = path.join(root, devicePath, deviceClass, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
  const link = path.join(root, `sys/class/${deviceClass}/${name}`);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.posix.relative(`/sys/class/${deviceClass}`, `${devicePath}/${deviceClass}/${name}`), link);
}
