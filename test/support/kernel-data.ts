// Kernel build artefacts for fixture hosts: real modules.alias lines (as depmod writes them, taken from the
// reference's nic-table.md §2/§3) and the in-tree paths of the modules the fixtures mention.

/** `alias <pattern> <module>` lines per module, as in lib/modules/<release>/modules.alias. */
export const PCI_ALIASES: Readonly<Record<string, readonly string[]>> = {
  iavf: ['154C', '1571', '37CD', '1889'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* iavf`),
  ixgbevf: ['10ED', '152E', '1515', '1530', '1565', '1564', '15A8', '15A9', '15C5'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* ixgbevf`),
  igbvf: ['10CA', '1520'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* igbvf`),
  mlx5_core: ['1011', '1012', '1013', '1014', '1015', '1016', '1017', '1018', '1019', '101A', '101B', '101C', '101D', '101E', '101F', '1021', 'A2D2', 'A2D3', 'A2D6'].map(
    (d) => `alias pci:v000015B3d0000${d}sv*sd*bc*sc*i* mlx5_core`,
  ),
  bnxt_en: ['16D7', '1750', '1606', '1609', '16C1', '16CB', '16D3', '16DC', '16E1', '16E5', '1806', '1807', 'D800'].map((d) => `alias pci:v000014E4d0000${d}sv*sd*bc*sc*i* bnxt_en`),
  // bnx2x drives the BCM578xx PFs and their VFs alike.
  bnx2x: ['168A', '168E', '16A1', '16A2', '16A9', '16AD', '16AF'].map((d) => `alias pci:v000014E4d0000${d}sv*sd*bc*sc*i* bnx2x`),
  ice: ['1591', '1592', '1593', '159B', '188A', '124C', '124D'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* ice`),
  i40e: ['1572', '1574', '1580', '1581', '1583', '1584', '1585', '1586', '1589', '15FF', '158A', '158B', '0D58'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* i40e`),
  ixgbe: ['10FB', '10F8', '10F9', '154D', '1528', '1560', '1563', '15D1'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* ixgbe`),
  igb: ['10C9', '10E6', '10E7', '10E8', '1526', '150A', '1518', '150D', '1521', '1522', '1523', '1524'].map((d) => `alias pci:v00008086d0000${d}sv*sd*bc*sc*i* igb`),
  virtio_net: ['alias virtio:d00000001v* virtio_net'],
  // Hyper-V/Azure guests: the VF drivers of Accelerated Networking (ConnectX-3, ConnectX-4/5, MANA 1414:00ba) and
  // the VMBus drivers, whose aliases are the class GUID's bytes (vmbus-builder.ts guidBytesHex).
  mlx4_core: ['1003', '1004', '1007'].map((d) => `alias pci:v000015B3d0000${d}sv*sd*bc*sc*i* mlx4_core`),
  mana: ['alias pci:v00001414d000000BAsv*sd*bc*sc*i* mana'],
  hv_netvsc: ['alias vmbus:635161f83edfc546913ff2d2f965ed0e hv_netvsc'],
  pci_hyperv: ['alias vmbus:1df6c444444400449d52802e27ede19f pci_hyperv'],
  // vfio-pci binds any device, but only through driver_override: its alias has the vfio_pci: prefix.
  vfio_pci: ['alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci'],
};

/** Where `depmod` would find each module, relative to lib/modules/<release>/. */
export const MODULE_PATHS: Readonly<Record<string, string>> = {
  iavf: 'kernel/drivers/net/ethernet/intel/iavf/iavf.ko',
  ixgbevf: 'kernel/drivers/net/ethernet/intel/ixgbevf/ixgbevf.ko',
  igbvf: 'kernel/drivers/net/ethernet/intel/igbvf/igbvf.ko',
  ice: 'kernel/drivers/net/ethernet/intel/ice/ice.ko',
  i40e: 'kernel/drivers/net/ethernet/intel/i40e/i40e.ko',
  ixgbe: 'kernel/drivers/net/ethernet/intel/ixgbe/ixgbe.ko',
  igb: 'kernel/drivers/net/ethernet/intel/igb/igb.ko',
  mlx5_core: 'kernel/drivers/net/ethernet/mellanox/mlx5/core/mlx5_core.ko',
  bnxt_en: 'kernel/drivers/net/ethernet/broadcom/bnxt/bnxt_en.ko',
  bnx2x: 'kernel/drivers/net/ethernet/broadcom/bnx2x/bnx2x.ko',
  virtio_net: 'kernel/drivers/net/virtio_net.ko',
  mlx4_core: 'kernel/drivers/net/ethernet/mellanox/mlx4/mlx4_core.ko',
  mana: 'kernel/drivers/net/ethernet/microsoft/mana/mana.ko',
  hv_vmbus: 'kernel/drivers/hv/hv_vmbus.ko',
  hv_netvsc: 'kernel/drivers/net/hyperv/hv_netvsc.ko',
  pci_hyperv: 'kernel/drivers/pci/controller/pci-hyperv.ko',
  vfio: 'kernel/drivers/vfio/vfio.ko',
  vfio_pci: 'kernel/drivers/vfio/pci/vfio-pci.ko',
  vfio_pci_core: 'kernel/drivers/vfio/pci/vfio-pci-core.ko',
  vfio_iommu_type1: 'kernel/drivers/vfio/vfio_iommu_type1.ko',
  kvm: 'kernel/arch/x86/kvm/kvm.ko',
  kvm_intel: 'kernel/arch/x86/kvm/kvm-intel.ko',
  kvm_amd: 'kernel/arch/x86/kvm/kvm-amd.ko',
};
