// ReportView: what the other outputs read — PF links, VF rows, free VFs only when holders are known, the
// IOMMU state as the checks judged it.

import t from 'tap';
import { freeCounts, iommuState, viewReport, type VfConsumer, type VfRow } from '../../src/report/report-view.js';
import { fixtureReport, withConsumers } from '../support/fixture-report.js';

t.test('ready-intel: PFs with link and IOMMU group, 16 VFs with their groups, free VFs unknown without holders', async (t) => {
  const view = viewReport(await fixtureReport('ready-intel'));
  t.equal(view.verdict, 'ready');
  t.equal(view.iommu, 'on');
  t.equal(view.consumersKnown, false);
  t.same(
    view.pfs.map((pf) => [pf.subject, pf.linkUp, pf.speedMbps, pf.iommuGroup, pf.vfsEnabled, pf.vfsFree]),
    [
      ['ens2f0np0', true, 25000, '71', 8, undefined],
      ['ens2f1np1', true, 25000, '72', 8, undefined],
    ],
  );
  t.equal(view.vfs.length, 16);
  t.same(view.vfs[0], { pciAddress: '0000:5e:01.0', pf: 'ens2f0np0', pfAddress: '0000:5e:00.0', index: 0, driver: 'iavf', netdev: 'ens2f0v0', iommuGroup: '80', numaNode: 0 });
  t.same(view.vfs[9], { pciAddress: '0000:5e:11.1', pf: 'ens2f1np1', pfAddress: '0000:5e:00.1', index: 1, driver: 'vfio-pci', iommuGroup: '91', numaNode: 0 }, 'vfio VFs have no netdev');
  t.ok(view.vfs.every((vf) => vf.consumer === undefined));
  t.equal(view.checks.find((c) => c.id === 'nic.vfs.enabled')?.title, 'Are VFs enabled?', 'titles from the check table');
});

t.test('holders given: free = enabled minus held, per PF', async (t) => {
  const report = await fixtureReport('ready-intel');
  const consumers = new Map<string, VfConsumer>();
  for (const vf of viewReport(report).vfs) consumers.set(vf.pciAddress, vf.pfAddress === '0000:5e:00.1' && vf.index < 3 ? { kind: 'vm', name: 'web01' } : { kind: 'none' });
  const view = viewReport(withConsumers(report, consumers));
  t.equal(view.consumersKnown, true);
  t.same(view.pfs.map((pf) => [pf.vfsFree, pf.vfsHeld]), [[8, 0], [5, 3]]);
  t.same(view.vfs[8]?.consumer, { kind: 'vm', name: 'web01' });
});

t.test('freeCounts: an unknown holder leaves free unknown; host counts as free', (t) => {
  const vf = (kind?: VfConsumer['kind']): VfRow => ({ pciAddress: 'x', pf: 'p', pfAddress: 'a', index: 0, ...(kind ? { consumer: { kind } } : {}) });
  t.same(freeCounts([vf('none'), vf('host'), vf('pod')]), { vfsFree: 2, vfsHeld: 1 });
  t.same(freeCounts([vf('none'), vf('unknown'), vf('dpdk')]), { vfsHeld: 1 });
  t.same(freeCounts([vf('none'), vf()]), { vfsHeld: 0 });
  t.same(freeCounts([]), { vfsFree: 0, vfsHeld: 0 });
  t.end();
});

t.test('IOMMU state: on, off when the firmware has none (its check skipped behind a failed ACPI check), unknown otherwise', async (t) => {
  t.equal(viewReport(await fixtureReport('vtd-off-bios')).iommu, 'off');
  t.equal(viewReport(await fixtureReport('amd-epyc-no-ir')).iommu, 'on');
  t.equal(iommuState([{ id: 'firmware.iommu.kernel-enabled', status: 'fail' }]), 'off');
  t.equal(iommuState([{ id: 'firmware.iommu.kernel-enabled', status: 'unknown' }]), 'unknown');
  t.equal(iommuState([{ id: 'firmware.iommu.kernel-enabled', status: 'skip' }]), 'unknown', 'skipped for no failed cause: not proven off');
  t.equal(iommuState([]), 'unknown');
});

t.test('a host without SR-IOV PFs has no PF or VF rows', async (t) => {
  const view = viewReport(await fixtureReport('no-sriov-nic'));
  t.same(view.pfs, []);
  t.same(view.vfs, []);
  t.equal(view.verdict, 'not-ready');
});
