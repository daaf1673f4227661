// What a process's open file tells about the devices it holds: the target of /proc/<pid>/fd/N as readlink
// gives it. Only the kinds that name a VF's holder are kept; every other file is `undefined` (and never stored).
//
//   /dev/vfio/<N>, /dev/vfio/noiommu-<N>   a VFIO group: its holder owns every device of IOMMU group N
//                                          (drivers/vfio/group.c names the node "%s%d", "noiommu-" in no-IOMMU mode)
//   /dev/vfio/devices/vfio<X>              one device through the cdev interface (Linux 6.6+, iommufd)
//   anon_inode:[vfio-device]               a device fd from VFIO_GROUP_GET_DEVICE_FD: no identity in the link
//                                          (Linux 6.18+ names the device in fdinfo: see fdinfo.ts)
//   /dev/vfio/vfio, /dev/iommu             the container and iommufd: a VFIO user, but no device named
//   /dev/infiniband/uverbs<N>              RDMA verbs: mlx5 VFs used by DPDK's mlx5 driver without VFIO
//   …/dpdk/<prefix>/config, fbarray_* …    a DPDK primary's runtime directory (lib/eal/unix/eal_filesystem.c);
//                                          the kernel writes the real path, so /var/run shows as /run

export type FdTarget =
  | { readonly kind: 'vfio-group'; readonly group: string; readonly noiommu: boolean }
  | { readonly kind: 'vfio-cdev'; readonly device: string }
  | { readonly kind: 'vfio-device' }
  | { readonly kind: 'vfio-container' }
  | { readonly kind: 'iommufd' }
  | { readonly kind: 'uverbs'; readonly device: string }
  | { readonly kind: 'dpdk-runtime'; readonly prefix: string };

const GROUP = /^\/dev\/vfio\/(noiommu-)?(\d{1,10})$/;
const CDEV = /^\/dev\/vfio\/devices\/(vfio\d{1,10})$/;
const UVERBS = /^\/dev\/infiniband\/(uverbs\d{1,10})$/;
// A runtime directory ends in /dpdk/<prefix>/ (under /run, /var/run, $XDG_RUNTIME_DIR or /tmp); the files a
// process keeps open there are `config` (the primary's lock) and the fbarray_* memory maps.
const DPDK = /\/dpdk\/([^/]{1,255})\/(?:config|fbarray_[^/]+|hugepage_info)$/;

export function classifyFdTarget(target: string): FdTarget | undefined {
  if (target.startsWith('/dev/vfio/')) {
    if (target === '/dev/vfio/vfio') return { kind: 'vfio-container' };
    const group = GROUP.exec(target);
    if (group) return { kind: 'vfio-group', group: group[2] as string, noiommu: group[1] !== undefined };
    const cdev = CDEV.exec(target);
    if (cdev) return { kind: 'vfio-cdev', device: cdev[1] as string };
    return undefined;
  }
  if (target === 'anon_inode:[vfio-device]') return { kind: 'vfio-device' };
  if (target === '/dev/iommu') return { kind: 'iommufd' };
  const uverbs = UVERBS.exec(target);
  if (uverbs) return { kind: 'uverbs', device: uverbs[1] as string };
  const dpdk = DPDK.exec(target);
  if (dpdk) return { kind: 'dpdk-runtime', prefix: dpdk[1] as string };
  return undefined;
}

/** Whether a target means the process holds VFIO or RDMA devices (the ones worth classifying). */
export function holdsDevice(target: FdTarget): boolean {
  return target.kind === 'vfio-group' || target.kind === 'vfio-cdev' || target.kind === 'vfio-device' || target.kind === 'uverbs';
}
