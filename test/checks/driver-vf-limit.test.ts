// Asking `--vfs` for more VFs than a PF driver allows fails with the driver's limit and why, on every NIC family
// of the catalog whose in-tree driver caps the hardware (igb 8 → 7, ixgbe 64 → 63). Each family is a built host
// laid out as the kernel shows it: config space TotalVFs is the hardware's, sriov_totalvfs what the driver left.

import t, { type Test } from 'tap';
import { NIC_FAMILIES, type NicFamily } from '../../src/catalog/nic-catalog.js';
import { debianIntelHost, KVM_VFIO_MODULES, xeonRootPort } from '../fixtures/scenarios/common.js';
import { buildHost, type SriovSpec } from '../support/host-builder.js';
import { runCheck, type JsonCheck } from '../support/run-cli.js';

const capped = NIC_FAMILIES.filter((f) => f.driverVfLimit !== undefined);

/** A host with one PF of `family`, bound to its PF driver, SR-IOV as given. */
function hostOf(family: NicFamily, sriov: SriovSpec) {
  return debianIntelHost({
    loadedModules: [family.pfDriver, ...KVM_VFIO_MODULES],
    bridges: [xeonRootPort('0000:3a:00.0', 0, 30)],
    pfs: [
      {
        address: '0000:3b:00.0',
        bridge: '0000:3a:00.0',
        vendorId: family.vendorId,
        deviceId: family.pfDeviceIds[0] as string,
        driver: family.pfDriver,
        iommuGroup: 31,
        netdev: { name: 'ens1f0', mac: '3c:fd:fe:00:00:10' },
        sriov,
      },
    ],
  });
}

async function totalCheck(t: Test, family: NicFamily, sriov: SriovSpec, vfs: number): Promise<JsonCheck | undefined> {
  const root = t.testdir({});
  buildHost(root, hostOf(family, sriov));
  const result = await runCheck(['--path.rootfs', root, '--output', 'json', '--vfs', String(vfs)]);
  const report = JSON.parse(result.stdout) as { checks: JsonCheck[] };
  return report.checks.find((c) => c.id === 'nic.vfs.total');
}

t.test('the families whose driver caps the VFs: igb and ixgbe parts', async (t) => {
  t.strictSame(capped.map((f) => f.id), ['intel-82576', 'intel-i350', 'intel-82599', 'intel-x540', 'intel-x550']);
  for (const f of capped) t.ok(f.driverVfLimitReason, `${f.id}: the reason is in the catalog`);
});

for (const family of capped) {
  const limit = family.driverVfLimit as number;
  const hardware = family.maxVfsPerPf as number;
  const sriov: SriovSpec = { totalVfs: limit, hardwareTotalVfs: hardware, numVfs: 0, offset: 128, stride: 2, vfDeviceId: family.vfDeviceIds[0] as string };

  t.test(`${family.id} (${family.pfDriver}): --vfs ${limit} passes, --vfs ${limit + 1} fails naming ${limit} and why`, async (t) => {
    const within = await totalCheck(t, family, sriov, limit);
    t.equal(within?.status, 'pass', `${limit} needed: pass`);
    t.match(within?.summary, `${limit} VFs supported, ${limit} needed`);

    const over = await totalCheck(t, family, sriov, limit + 1);
    t.equal(over?.status, 'fail');
    t.match(over?.summary, `only ${limit} VFs supported, ${limit + 1} needed: the driver ${family.pfDriver} allows at most ${limit} VFs per PF although the hardware offers ${hardware} (config space TotalVFs)`);
    t.match(over?.summary, family.driverVfLimitReason as string, 'the reason');
    t.match(over?.remediation, `Plan for ${limit} VFs per PF`);
  });

  t.test(`${family.id}: sriov_totalvfs at the hardware's ${hardware} (a kernel whose driver does not lower it) still fails above ${limit}`, async (t) => {
    const older = await totalCheck(t, family, { ...sriov, totalVfs: hardware, hardwareTotalVfs: hardware }, hardware);
    t.equal(older?.status, 'fail');
    t.match(older?.summary, `only ${limit} VFs supported, ${hardware} needed: the driver ${family.pfDriver} allows at most ${limit}`);
  });
}

t.test('control: a family without a driver cap gets what sriov_totalvfs says', async (t) => {
  const x710 = NIC_FAMILIES.find((f) => f.id === 'intel-x710') as NicFamily;
  const check = await totalCheck(t, x710, { totalVfs: 64, numVfs: 0, offset: 16, stride: 1, vfDeviceId: '154c' }, 64);
  t.equal(check?.status, 'pass');
  t.match(check?.summary, '64 VFs supported, 64 needed');
});
