import t from 'tap';
import { NIC_FAMILIES, findFamilyByPf, findFamilyByVf, type NicFamily } from '../../src/catalog/nic-catalog.js';

const HEX4 = /^[0-9a-f]{4}$/;

function vfIds(family: NicFamily): string[] {
  return [...family.vfDeviceIds, ...(family.hyperVVfDeviceIds ?? [])];
}

t.test('every id is 4 lowercase hex digits', async (t) => {
  for (const family of NIC_FAMILIES) {
    for (const id of [family.vendorId, ...family.pfDeviceIds, ...vfIds(family)]) {
      t.match(id, HEX4, `${family.id}: ${id}`);
    }
  }
});

t.test('family ids are unique and kebab-case; every family has PFs, VFs and both drivers', async (t) => {
  const seen = new Set<string>();
  for (const family of NIC_FAMILIES) {
    t.match(family.id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, family.id);
    t.notOk(seen.has(family.id), `${family.id} appears once`);
    seen.add(family.id);
    t.ok(family.name.length > 0, `${family.id} has a name`);
    t.ok(family.pfDeviceIds.length > 0, `${family.id} has PF ids`);
    t.ok(family.vfDeviceIds.length > 0, `${family.id} has VF ids`);
    // Module names as modules.alias spells them: lowercase, underscores, digits.
    t.match(family.pfDriver, /^[a-z0-9_]+$/, `${family.id} pfDriver`);
    t.match(family.vfDriver, /^[a-z0-9_]+$/, `${family.id} vfDriver`);
  }
});

t.test('no PF device id belongs to two families, and no id is both a PF and a VF', async (t) => {
  const pfOwner = new Map<string, string>();
  for (const family of NIC_FAMILIES) {
    for (const id of family.pfDeviceIds) {
      const k = `${family.vendorId}:${id}`;
      t.equal(pfOwner.get(k), undefined, `${k} is a PF of ${family.id} only`);
      pfOwner.set(k, family.id);
    }
  }
  for (const family of NIC_FAMILIES) {
    for (const id of vfIds(family)) {
      t.equal(pfOwner.get(`${family.vendorId}:${id}`), undefined, `VF ${family.vendorId}:${id} of ${family.id} is no PF`);
    }
  }
});

t.test('no id is listed twice within a family', async (t) => {
  for (const family of NIC_FAMILIES) {
    const ids = [...family.pfDeviceIds, ...vfIds(family)];
    t.equal(new Set(ids).size, ids.length, family.id);
  }
});

t.test('limits are consistent with each other and with the VF count source', async (t) => {
  for (const family of NIC_FAMILIES) {
    if (family.driverVfLimit !== undefined && family.maxVfsPerPf !== undefined) {
      t.ok(family.driverVfLimit < family.maxVfsPerPf, `${family.id}: a driver limit is below the hardware's`);
    }
    if (family.maxVfsPerPf !== undefined && family.maxVfsPerDevice !== undefined) {
      t.ok(family.maxVfsPerPf <= family.maxVfsPerDevice, `${family.id}: per PF ≤ per device`);
    }
    // The firmware command only makes sense where the count lives in NIC firmware.
    t.equal(family.firmwareTool !== undefined, family.vfCountSource === 'nic-firmware', `${family.id} firmwareTool`);
  }
});

t.test('every PF id of every row finds its own row', async (t) => {
  for (const family of NIC_FAMILIES) {
    for (const id of family.pfDeviceIds) t.equal(findFamilyByPf(family.vendorId, id), family, `${family.vendorId}:${id}`);
    for (const id of vfIds(family)) t.ok(findFamilyByVf(family.vendorId, id).includes(family), `VF ${family.vendorId}:${id}`);
  }
});

// Pairs as the reference gives them (nic-table.md §1, §4, §5): PF id → the usual VF id, and facts of its family.
const REAL_PAIRS: ReadonlyArray<{ pf: string; vf: string; facts: Partial<NicFamily> }> = [
  { pf: '8086:1572', vf: '154c', facts: { id: 'intel-x710', vfDriver: 'iavf', maxVfsPerDevice: 128 } },
  { pf: '15b3:1017', vf: '1018', facts: { vfDriver: 'mlx5_core', vfCountSource: 'nic-firmware', firmwareTool: 'mstconfig -d <bdf> set SRIOV_EN=1 NUM_OF_VFS=<n>' } },
  { pf: '8086:10c9', vf: '10ca', facts: { vfDriver: 'igbvf', maxVfsPerPf: 8, driverVfLimit: 7 } },
  { pf: '8086:10fb', vf: '10ed', facts: { vfDriver: 'ixgbevf', maxVfsPerPf: 64, driverVfLimit: 63 } },
  { pf: '8086:159b', vf: '1889', facts: { id: 'intel-e810', pfDriver: 'ice', vfDriver: 'iavf' } },
  { pf: '8086:12d2', vf: '1889', facts: { id: 'intel-e810' } },
  { pf: '8086:15c2', vf: '1565', facts: { id: 'intel-x550', pfDriver: 'ixgbe' } },
  { pf: '15b3:a2dc', vf: '101e', facts: { id: 'nvidia-bluefield-3' } },
  { pf: '14e4:16d7', vf: '16dc', facts: { pfDriver: 'bnxt_en', vfCountSource: 'nvm' } },
  { pf: '14e4:1750', vf: '1806', facts: { id: 'broadcom-bcm575xx', vfDriver: 'bnxt_en' } },
  { pf: '14e4:168e', vf: '16af', facts: { pfDriver: 'bnx2x', vfDriver: 'bnx2x' } },
  { pf: '1077:1654', vf: '1664', facts: { vfDriver: 'qede' } },
  { pf: '177d:b200', vf: 'b203', facts: { vfDriver: 'rvu_nicvf' } },
];

t.test('real PF/VF pairs from the reference', async (t) => {
  for (const { pf, vf, facts } of REAL_PAIRS) {
    const [vendor = '', device = ''] = pf.split(':');
    const family = findFamilyByPf(vendor, device);
    t.equal(family?.vfDeviceIds[0], vf, `${pf} → VF ${vf}`);
    t.match(family, facts, `${pf} facts`);
  }
});

t.test('lookups ignore case', async (t) => {
  t.equal(findFamilyByPf('15B3', '101D')?.id, 'nvidia-connectx-6-dx');
  t.equal(findFamilyByPf('8086', '37CE')?.id, 'intel-x710');
  t.same(findFamilyByVf('8086', '154C').map((f) => f.id), ['intel-x710']);
});

t.test('a VF id shared by several families returns them all; Hyper-V ids are VFs too', async (t) => {
  const gen = findFamilyByVf('15b3', '101e');
  t.ok(gen.length > 1, 'mlx5Gen VF is shared');
  t.ok(gen.some((f) => f.id === 'nvidia-connectx-7'));
  t.ok(gen.every((f) => f.vfDriver === 'mlx5_core'));
  t.same(findFamilyByVf('8086', '1889').map((f) => f.id), ['intel-e810']);
  t.same(findFamilyByVf('8086', '1571').map((f) => f.id), ['intel-x710']);
  t.same(findFamilyByVf('8086', '15b4').map((f) => f.id), ['intel-x550']);
});

t.test('unknown ids, and virtio and ENA (no SR-IOV PF on a host), are not in the catalog', async (t) => {
  t.equal(findFamilyByPf('8086', 'ffff'), undefined);
  t.equal(findFamilyByPf('1af4', '1000'), undefined);
  t.equal(findFamilyByPf('1af4', '1041'), undefined);
  t.equal(findFamilyByPf('1d0f', 'ec20'), undefined);
  t.same(findFamilyByVf('1af4', '1000'), []);
  // A PF id is not a VF id: the 82599 PF must not be found as a VF.
  t.same(findFamilyByVf('8086', '10fb'), []);
  t.notOk(NIC_FAMILIES.some((f) => f.vendorId === '1af4' || f.vendorId === '1d0f'));
});
