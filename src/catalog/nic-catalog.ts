// The SR-IOV NIC families sriov-check knows, keyed by PCI vendor/device id: one row per family, read top to bottom.
//
// Source of every id, driver and limit: reference/captures/nic-table.md — §1 catalog, §2 VF-driver module aliases,
// §3 PF-driver module aliases, §4 sriov-network-operator supported-nic-ids, §5 quoted limits. Which family a §3-only
// id belongs to was checked against the names in pci.ids (2023-04). Ids are 4 lowercase hex digits, as sysfs prints
// them after parsePrefixedHex. Not listed on purpose: virtio-net (1af4) and Amazon ENA (1d0f) — the operator lists
// them, but they are guest-side devices, never SR-IOV PFs on a host.

/** Where a PF's `sriov_totalvfs` comes from, i.e. what an operator changes to get more VFs. */
export type VfCountSource =
  /** The SR-IOV capability of the silicon (the PF driver may lower it further). */
  | 'hardware'
  /** The NIC firmware configuration (mlx5: NUM_OF_VFS, set with mstconfig/mlxconfig). */
  | 'nic-firmware'
  /** The adapter's NVM configuration (Broadcom). */
  | 'nvm';

export interface NicFamily {
  /** Stable kebab-case id, e.g. `intel-x710`. */
  readonly id: string;
  /** Human name of the family, e.g. "Intel Ethernet 700 series (X710/XL710/XXV710/X722)". */
  readonly name: string;
  /** PCI vendor id, 4 lowercase hex digits. */
  readonly vendorId: string;
  /** Device ids of the physical functions. */
  readonly pfDeviceIds: readonly string[];
  /** Device ids the family's VFs carry, the usual one first; which one a PF makes is in its `sriov_vf_device`. */
  readonly vfDeviceIds: readonly string[];
  /** VF device ids as seen inside a Hyper-V guest (the same VFs, another id). */
  readonly hyperVVfDeviceIds?: readonly string[];
  /** PF kernel module, as named in modules.alias. */
  readonly pfDriver: string;
  /** VF kernel module, as named in modules.alias (may be the PF's own module). */
  readonly vfDriver: string;
  /** VFs one PF offers in hardware (lspci "Total VFs"), when it does not depend on the card. */
  readonly maxVfsPerPf?: number;
  /** VFs one device offers in total, shared by its PFs. */
  readonly maxVfsPerDevice?: number;
  /** Most VFs per PF the in-tree PF driver enables, when lower than the hardware's. */
  readonly driverVfLimit?: number;
  /** Why the PF driver allows no more than driverVfLimit (set together with it). */
  readonly driverVfLimitReason?: string;
  /** Where the VF count comes from; absent when the references do not say. */
  readonly vfCountSource?: VfCountSource;
  /** The command that sets the VF count in the NIC's firmware (placeholders `<bdf>`, `<n>`), when there is one. */
  readonly firmwareTool?: string;
  /** Short facts an operator needs when VFs are fewer than expected or do not bind. */
  readonly notes: readonly string[];
}

/** What every family driven by one PF driver shares: the modules, the VF limits, where the count comes from. */
type DriverFacts = Pick<NicFamily, 'pfDriver' | 'vfDriver' | 'maxVfsPerPf' | 'driverVfLimit' | 'driverVfLimitReason' | 'vfCountSource' | 'notes'>;

// §5: igb_main.c "Maximum of 7 VFs per PF, using max"; lspci still reports 8.
const IGB: DriverFacts = {
  pfDriver: 'igb',
  vfDriver: 'igbvf',
  maxVfsPerPf: 8,
  driverVfLimit: 7,
  // igb_probe_vfs: pci_sriov_set_totalvfs(pdev, 7); igb_enable_sriov refuses num_vfs > 7 with -EPERM.
  driverVfLimitReason: 'igb lowers sriov_totalvfs to 7 and refuses more ("Maximum of 7 VFs per PF")',
  vfCountSource: 'hardware',
  notes: ['igb allows 7 of the 8 hardware VFs per PF ("Maximum of 7 VFs per PF, using max"); lspci still shows 8'],
};

// §5: ixgbe_sriov.h IXGBE_MAX_VFS_DRV_LIMIT (IXGBE_MAX_VF_FUNCTIONS - 1), IXGBE_MAX_VFS_4TC 32, IXGBE_MAX_VFS_8TC 16.
const IXGBE: DriverFacts = {
  pfDriver: 'ixgbe',
  vfDriver: 'ixgbevf',
  maxVfsPerPf: 64,
  driverVfLimit: 63,
  // ixgbe_probe: pci_sriov_set_totalvfs(pdev, IXGBE_MAX_VFS_DRV_LIMIT).
  driverVfLimitReason: 'ixgbe lowers sriov_totalvfs to 63 (IXGBE_MAX_VFS_DRV_LIMIT: one of the 64 pools stays with the PF)',
  vfCountSource: 'hardware',
  notes: [
    'ixgbe allows 63 of the 64 hardware VFs per port (IXGBE_MAX_VFS_DRV_LIMIT)',
    'with DCB traffic classes ixgbe allows fewer VFs: 32 with 4 TCs, 16 with 8 (older drivers 31/15)',
  ],
};

// §1, §5: Broadcom per-PF maxima are not public; real systems report them in sriov_totalvfs.
const BNXT: DriverFacts = {
  pfDriver: 'bnxt_en',
  vfDriver: 'bnxt_en',
  vfCountSource: 'nvm',
  notes: ['VFs per PF come from the NVM; sriov_totalvfs reports them', 'bnxt_en drives both PF and VF'],
};

// §1, §5: NVIDIA adapters expose up to 127 VFs per port; sriov_totalvfs follows the firmware's NUM_OF_VFS.
const MLX5_COUNT = 'mlx5 VF count is the firmware NUM_OF_VFS (mstconfig/mlxconfig), at most 127 per port; sriov_totalvfs follows it';
const MLX5_GEN_VF = 'VF id 101e ("ConnectX Family mlx5Gen Virtual Function") is shared by ConnectX-6 Dx and newer';
const MLX5_VFIO = 'a live-migratable VF can be bound to mlx5_vfio_pci instead of mlx5_core';

/** An NVIDIA/Mellanox mlx5 family: one module drives PF and VF, the VF count lives in NIC firmware. */
function mlx5(id: string, name: string, pfDeviceId: string, vfDeviceId: string, notes: readonly string[] = []): NicFamily {
  return {
    id,
    name,
    vendorId: '15b3',
    pfDeviceIds: [pfDeviceId],
    vfDeviceIds: [vfDeviceId],
    pfDriver: 'mlx5_core',
    vfDriver: 'mlx5_core',
    maxVfsPerPf: 127,
    vfCountSource: 'nic-firmware',
    firmwareTool: 'mstconfig -d <bdf> set SRIOV_EN=1 NUM_OF_VFS=<n>',
    notes: [MLX5_COUNT, ...notes],
  };
}

/** A Marvell OCTEON chip (§4 only): each PF id has its own VF id. */
function octeon(id: string, name: string, pfDeviceId: string, vfDeviceId: string): NicFamily {
  return { id, name, vendorId: '177d', pfDeviceIds: [pfDeviceId], vfDeviceIds: [vfDeviceId], pfDriver: 'rvu_nicpf', vfDriver: 'rvu_nicvf', notes: [] };
}

export const NIC_FAMILIES: readonly NicFamily[] = [
  // ── Intel 1GbE, igb/igbvf (§1, §2, §5) ──
  {
    id: 'intel-82576',
    name: 'Intel 82576 Gigabit Ethernet',
    vendorId: '8086',
    pfDeviceIds: ['10c9', '10e6', '10e7', '10e8', '1526', '150a', '1518', '150d'],
    vfDeviceIds: ['10ca'],
    hyperVVfDeviceIds: ['152d'],
    ...IGB,
  },
  {
    id: 'intel-i350',
    name: 'Intel I350 Gigabit Ethernet',
    vendorId: '8086',
    pfDeviceIds: ['1521', '1522', '1523', '1524'],
    vfDeviceIds: ['1520'],
    hyperVVfDeviceIds: ['152f'],
    ...IGB,
  },

  // ── Intel 10GbE, ixgbe/ixgbevf (§1, §2, §3, §5); 82598 ids in ixgbe's table are left out: no SR-IOV ──
  {
    id: 'intel-82599',
    name: 'Intel 82599 10 Gigabit Ethernet (X520)',
    vendorId: '8086',
    // §1; 154a (X520-4), 1558 (X520-Q1) and 154f from §3 — 154f sits among the 82599 ids of ixgbe's table.
    pfDeviceIds: ['10fb', '10f8', '10f9', '10fc', '1514', '1517', '151c', '1529', '152a', '1557', '154d', '10f7', '1507', '154a', '154f', '1558'],
    vfDeviceIds: ['10ed'],
    hyperVVfDeviceIds: ['152e'],
    ...IXGBE,
  },
  {
    id: 'intel-x540',
    name: 'Intel X540 10GBASE-T Ethernet',
    vendorId: '8086',
    pfDeviceIds: ['1528', '1560'],
    vfDeviceIds: ['1515'],
    hyperVVfDeviceIds: ['1530'],
    ...IXGBE,
  },
  {
    id: 'intel-x550',
    name: 'Intel X550/X552/X553 10 Gigabit Ethernet',
    vendorId: '8086',
    // §3 lists the ranges of §1 one by one: X550 1563 15d1; X552 (X550EM_x) 15aa–15ae 15b0;
    // X553 (X550EM_a) 15c2–15c8 without 15c5 (its VF), 15ce, 15e4, 15e5.
    pfDeviceIds: ['1563', '15d1', '15aa', '15ab', '15ac', '15ad', '15ae', '15b0', '15c2', '15c3', '15c4', '15c6', '15c7', '15c8', '15ce', '15e4', '15e5'],
    vfDeviceIds: ['1565', '15a8', '15c5'],
    hyperVVfDeviceIds: ['1564', '15a9', '15b4'],
    ...IXGBE,
    notes: [...IXGBE.notes, 'the VF id differs by variant: X550 1565, X552 15a8, X553 15c5'],
  },

  // ── Intel 700/800 series, i40e/ice with iavf (§1–§5) ──
  {
    id: 'intel-x710',
    name: 'Intel Ethernet 700 series (X710/XL710/XXV710/X722)',
    vendorId: '8086',
    // §1 and §3 (i40e.mod.c): X710/XL710/XXV710, the N3000 FPGA card (0cf8, 0d58), X722 37ce–37d3.
    pfDeviceIds: [
      '1572', '1574', '1580', '1581', '1583', '1584', '1585', '1586', '1587', '1588', '1589', '158a', '158b', '15ff',
      '104e', '104f', '0cf8', '0d58', '37ce', '37cf', '37d0', '37d1', '37d2', '37d3',
    ],
    vfDeviceIds: ['154c', '37cd'],
    hyperVVfDeviceIds: ['1571'],
    pfDriver: 'i40e',
    vfDriver: 'iavf',
    maxVfsPerDevice: 128,
    vfCountSource: 'hardware',
    notes: [
      '128 VFs per X710/XL710 device, shared by its PFs (I40E_MAX_VF_COUNT): 64 per PF on 2-port cards',
      'X722 VFs carry id 37cd, the others 154c',
      'the VF driver iavf was called i40evf in older kernels',
      'up to 16 queue pairs per VF (default 4)',
    ],
  },
  {
    id: 'intel-e810',
    name: 'Intel Ethernet 800 series (E810/E822/E823/E825-C/E830/E835)',
    vendorId: '8086',
    // E810 1591–159b (§1, §3, §4); E823-C 188a–188e, E822-C 1890–1894, E822-L 1897–189a, E823-L 124c–124f 151d (§3);
    // E825-C 579c–579e, E830 12d2 12d3, E835 1249 124a (§4): all make VF 1889.
    pfDeviceIds: [
      '1591', '1592', '1593', '1599', '159b', '188a', '188b', '188c', '188d', '188e', '1890', '1891', '1892', '1893',
      '1894', '1897', '1898', '1899', '189a', '124c', '124d', '124e', '124f', '151d', '579c', '579d', '579e', '12d2',
      '12d3', '1249', '124a',
    ],
    vfDeviceIds: ['1889'],
    pfDriver: 'ice',
    vfDriver: 'iavf',
    maxVfsPerDevice: 256,
    vfCountSource: 'hardware',
    notes: [
      'ice allows up to 256 VFs per device (ICE_MAX_SRIOV_VFS); sriov_totalvfs shows 128 per PF on 2-port cards, 64 on 4-port',
      'one VF id for the whole series: 1889 "Ethernet Adaptive Virtual Function"',
      'up to 16 queues per VF (virtchnl v1)',
    ],
  },

  // ── NVIDIA/Mellanox, mlx5_core (§1, §2, §4, §5; default NUM_OF_VFS values as seen in real captures) ──
  mlx5('nvidia-connectx-4', 'NVIDIA/Mellanox ConnectX-4', '1013', '1014'),
  mlx5('nvidia-connectx-4-lx', 'NVIDIA/Mellanox ConnectX-4 Lx', '1015', '1016', ['firmware default NUM_OF_VFS seen: 8 (4 on HPE cards)']),
  mlx5('nvidia-connectx-5', 'NVIDIA/Mellanox ConnectX-5', '1017', '1018', ['firmware default NUM_OF_VFS seen: 8']),
  mlx5('nvidia-connectx-5-ex', 'NVIDIA/Mellanox ConnectX-5 Ex', '1019', '101a'),
  mlx5('nvidia-connectx-6', 'NVIDIA/Mellanox ConnectX-6', '101b', '101c'),
  mlx5('nvidia-connectx-6-dx', 'NVIDIA/Mellanox ConnectX-6 Dx', '101d', '101e', [MLX5_GEN_VF, MLX5_VFIO]),
  mlx5('nvidia-connectx-6-lx', 'NVIDIA/Mellanox ConnectX-6 Lx', '101f', '101e', [MLX5_GEN_VF, MLX5_VFIO]),
  mlx5('nvidia-connectx-7', 'NVIDIA/Mellanox ConnectX-7', '1021', '101e', [MLX5_GEN_VF, MLX5_VFIO, 'firmware default NUM_OF_VFS seen: 16']),
  mlx5('nvidia-connectx-8', 'NVIDIA ConnectX-8', '1023', '101e', [MLX5_GEN_VF, MLX5_VFIO]),
  mlx5('nvidia-connectx-9', 'NVIDIA ConnectX-9', '1025', '101e', [MLX5_GEN_VF, MLX5_VFIO]),
  // §2: a2d2 and its VF a2d3 are in mlx5_core's table; pci.ids names them BlueField (ConnectX-5 based).
  mlx5('nvidia-bluefield', 'NVIDIA/Mellanox BlueField (integrated ConnectX-5)', 'a2d2', 'a2d3'),
  mlx5('nvidia-bluefield-2', 'NVIDIA BlueField-2 (integrated ConnectX-6 Dx)', 'a2d6', '101e', [MLX5_GEN_VF, MLX5_VFIO, 'firmware default NUM_OF_VFS seen: 16']),
  mlx5('nvidia-bluefield-3', 'NVIDIA BlueField-3 (integrated ConnectX-7)', 'a2dc', '101e', [MLX5_GEN_VF, MLX5_VFIO]),

  // ── Broadcom (§1–§4); the VF count is configured in the adapter's NVM ──
  {
    id: 'broadcom-bcm578xx',
    name: 'Broadcom NetXtreme II BCM57800/57810/57840',
    vendorId: '14e4',
    pfDeviceIds: ['168e', '168a', '16a1', '16a2'],
    vfDeviceIds: ['16af', '16a9', '16ad'],
    pfDriver: 'bnx2x',
    vfDriver: 'bnx2x',
    vfCountSource: 'nvm',
    notes: [
      'the VF id differs by chip: BCM57810 16af, BCM57800 16a9, BCM57840 16ad',
      'VFs per PF come from the NVM, e.g. 16 on HPE 530FLR, 64 on 3820C in NPAR mode',
      'bnx2x drives both PF and VF',
    ],
  },
  {
    id: 'broadcom-bcm574xx',
    name: 'Broadcom NetXtreme-C/E BCM573xx/574xx (BCM57414, BCM57416, BCM5745x)',
    vendorId: '14e4',
    // §3 bnxt_en ids that pci.ids names BCM573xx/574xx/5745x (NPAR partitions included); 16c0, 16cd, 16ea and 16f0
    // are left out: pci.ids does not name them, so their family is not known here.
    pfDeviceIds: [
      '16d7', '16d8', '16d9', '16e2', '16c9', '1614', '1604', '1605', '16c8', '16ca', '16cc', '16ce', '16cf', '16d0',
      '16d1', '16d2', '16d4', '16d5', '16d6', '16de', '16df', '16e3', '16e7', '16e8', '16e9', '16eb', '16ec', '16ed',
      '16ee', '16ef', '16f1',
    ],
    vfDeviceIds: ['16dc', '16d3', '16c1', '16cb', '16e1', '16e5', '1606', '1609'],
    ...BNXT,
  },
  {
    id: 'broadcom-bcm575xx',
    name: 'Broadcom NetXtreme-E BCM575xx (Thor: BCM57502/57504/57508)',
    vendorId: '14e4',
    // §1, §3: 1750–1752 and their NPAR partitions 1800–1805.
    pfDeviceIds: ['1750', '1751', '1752', '1800', '1801', '1802', '1803', '1804', '1805'],
    vfDeviceIds: ['1806', '1807'],
    hyperVVfDeviceIds: ['1808', '1809'],
    ...BNXT,
  },

  // ── QLogic/Marvell FastLinQ (§4) ──
  {
    id: 'qlogic-ql45000',
    name: 'QLogic/Marvell FastLinQ QL45000',
    vendorId: '1077',
    pfDeviceIds: ['1654'],
    vfDeviceIds: ['1664'],
    pfDriver: 'qede',
    vfDriver: 'qede',
    notes: ['qede drives both PF and VF'],
  },

  // ── Marvell OCTEON TX2 and CN10K, RVU (§4) ──
  octeon('marvell-octeon-tx2-cn96xx', 'Marvell OCTEON TX2 CN96xx', 'b200', 'b203'),
  octeon('marvell-octeon-tx2-cn98xx', 'Marvell OCTEON TX2 CN98xx', 'b100', 'b103'),
  octeon('marvell-octeon-fusion-cnf95xx', 'Marvell OCTEON Fusion CNF95xx', 'b600', 'b603'),
  octeon('marvell-octeon-10-cn10xxx', 'Marvell OCTEON 10 CN10xxx (CN10K)', 'b900', 'b903'),
  octeon('marvell-octeon-fusion-cnf105xx', 'Marvell OCTEON Fusion CNF105xx (CN10K)', 'ba00', 'ba03'),
];

function key(vendorId: string, deviceId: string): string {
  return `${vendorId.toLowerCase()}:${deviceId.toLowerCase()}`;
}

// Pure derivations of the table, built once when the module loads: lookups are O(1).
const BY_PF: ReadonlyMap<string, NicFamily> = new Map(
  NIC_FAMILIES.flatMap((family) => family.pfDeviceIds.map((id) => [key(family.vendorId, id), family] as const)),
);

const BY_VF: ReadonlyMap<string, readonly NicFamily[]> = groupByVf(NIC_FAMILIES);

function groupByVf(families: readonly NicFamily[]): Map<string, NicFamily[]> {
  const map = new Map<string, NicFamily[]>();
  for (const family of families) {
    for (const id of [...family.vfDeviceIds, ...(family.hyperVVfDeviceIds ?? [])]) {
      const k = key(family.vendorId, id);
      const list = map.get(k);
      if (list === undefined) map.set(k, [family]);
      else list.push(family);
    }
  }
  return map;
}

/** The family whose PF carries this vendor/device id (hex, any case), or undefined. */
export function findFamilyByPf(vendorId: string, deviceId: string): NicFamily | undefined {
  return BY_PF.get(key(vendorId, deviceId));
}

/**
 * The families whose VFs carry this vendor/device id (hex, any case), in table order; empty when unknown.
 * Several families share a VF id (15b3:101e from ConnectX-6 Dx on): the VF's `physfn` names the one it belongs to.
 */
export function findFamilyByVf(vendorId: string, deviceId: string): readonly NicFamily[] {
  return BY_VF.get(key(vendorId, deviceId)) ?? [];
}
