// Where things live on a Linux host, as the readers look for them and the checks name them in their texts:
// one list each, so that what a check says it read is what was read.

/** Syslog files that hold kernel lines over time: the first one that can be read is used. */
export const SYSLOG_FILES = ['/var/log/kern.log', '/var/log/messages', '/var/log/syslog'] as const;
/** Files written once per boot with the boot messages (Debian/Ubuntu, SUSE): read as well. */
export const BOOT_LOG_FILES = ['/var/log/dmesg', '/var/log/boot.msg'] as const;
/**
 * The systemd journal: persistent, then volatile (Storage=auto keeps it under /run until /var/log/journal exists).
 * Each holds a directory per machine ID with the files `system.journal`, rotated `system@….journal` and, after an
 * unclean stop, `system@….journal~`. Read when no syslog file covers this boot (Debian 12, Proxmox VE 8).
 */
export const JOURNAL_DIRS = ['/var/log/journal', '/run/log/journal'] as const;
/** This boot's ID, which the journal stores with every entry. */
export const BOOT_ID_PATH = '/proc/sys/kernel/random/boot_id';
/** How much of the end of a kernel log is read: weeks of log, but the current boot is at the end. */
export const KERNEL_LOG_TAIL_BYTES = 4 * 1024 * 1024;

/** `module.parameter` pairs the checks report or judge (/sys/module/<module>/parameters/<parameter>). */
export const MODULE_PARAMETERS = [
  'kvm_intel.nested',
  'kvm_amd.nested',
  'vfio.enable_unsafe_noiommu_mode',
  'vfio_iommu_type1.allow_unsafe_interrupts',
] as const;
export const NOIOMMU_PARAMETER = 'vfio.enable_unsafe_noiommu_mode';
export const UNSAFE_INTERRUPTS_PARAMETER = 'vfio_iommu_type1.allow_unsafe_interrupts';

export const QEMU_BINARIES = [
  '/usr/bin/qemu-system-x86_64',
  '/usr/bin/qemu-system-aarch64',
  '/usr/bin/qemu-system-ppc64',
  '/usr/bin/qemu-system-s390x',
  '/usr/libexec/qemu-kvm',
  '/usr/bin/qemu-kvm',
  '/usr/bin/kvm',
] as const;
export const LIBVIRT_DAEMONS = ['/usr/sbin/libvirtd', '/usr/sbin/virtqemud'] as const;
export const LIBVIRT_SOCKETS = ['/run/libvirt/libvirt-sock', '/run/libvirt/virtqemud-sock'] as const;

/** The kernel modules that drive Azure Accelerated Networking VFs in a Linux guest: ConnectX-3, ConnectX-4/5/6, MANA. */
export const GUEST_VF_DRIVERS = ['mlx4_core', 'mlx5_core', 'mana'] as const;
