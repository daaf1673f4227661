// Workloads against fixture hosts: which PF serves each, VFs counted down as the plan goes, changes the host
// needs, and why a PF was passed over.

import t from 'tap';
import { judgeWorkloads } from '../../src/plan/judge-workloads.js';
import type { Workload } from '../../src/plan/plan-types.js';
import { viewReport, type VfConsumer } from '../../src/report/report-view.js';
import { fixtureReport, withConsumers } from '../support/fixture-report.js';

const w = (name: string, vfs: number, more: Partial<Workload> = {}): Workload => ({ name, line: 1, vfs, ...more });
const view = async (host: string) => viewReport(await fixtureReport(host));

t.test('ready-intel: VM VFs from the PF already on vfio-pci, pod VFs from the one on iavf; fits as it is', async (t) => {
  const result = judgeWorkloads([w('vms', 4, { driver: 'vfio-pci', pf: { model: 'e810', line: 1 }, numaNode: 0 }), w('pods', 6, { driver: 'iavf', minLinkSpeedMbps: 25000 })], await view('ready-intel'), 'plan');
  t.equal(result.outcome, 'fits');
  t.same(result.items.map((i) => [i.name, i.outcome, i.pfs]), [
    ['workload vms', 'fits', ['ens2f1np1']],
    ['workload pods', 'fits', ['ens2f0np0']],
  ]);
  t.match(result.notes, [/every enabled VF is counted as free \(held = 0\)/]);
});

t.test('VFs are counted down across workloads; the third needs more VFs enabled', async (t) => {
  const result = judgeWorkloads([w('a', 6), w('b', 6), w('c', 6)], await view('ready-intel'), 'plan');
  t.equal(result.outcome, 'fits-after-changes');
  t.same(result.items.map((i) => [i.outcome, i.pfs[0]]), [['fits', 'ens2f0np0'], ['fits', 'ens2f1np1'], ['fits-after-changes', 'ens2f0np0']]);
  t.match(result.items[2]?.steps[0], /^enable 12 VFs on ens2f0np0: `echo 0 > \/sys\/bus\/pci\/devices\/0000:5e:00\.0\/sriov_numvfs; echo 12 > .*` \(this recreates its 8 VFs: only when none is in use\)$/);
  t.match(result.items[2]?.reasons, [/ens2f0np0: only 2 of 6 VFs free now/]);
});

t.test('VFs on the wrong driver are rebound; trust and spoof checking are steps', async (t) => {
  const result = judgeWorkloads([w('vms', 10, { driver: 'vfio-pci', trust: true, spoofCheck: false, pf: { names: ['ens2f0np0'], line: 3 } })], await view('ready-intel'), 'plan');
  const item = result.items[0];
  t.equal(item?.outcome, 'fits-after-changes');
  t.match(item?.steps, [/^enable 10 VFs on ens2f0np0/, /^bind 10 VFs of ens2f0np0 to vfio-pci: `echo vfio-pci > /, /trust on/, /spoofchk off/]);
});

t.test('what keeps a PF out, each said', async (t) => {
  const intel = await view('ready-intel');
  const reasons = (workload: Workload, v = intel) => judgeWorkloads([workload], v, 'plan').items[0]?.reasons ?? [];
  t.match(reasons(w('n', 2, { numaNode: 1 })), [/ens2f0np0: on NUMA node 0, not 1/, /ens2f1np1: on NUMA node 0, not 1/]);
  t.match(reasons(w('s', 2, { minLinkSpeedMbps: 100000 })), [/link 25000 Mb\/s, below 100000/]);
  t.match(reasons(w('d', 2, { driver: 'mlx5_core' })), [/its VFs use iavf \(or vfio-pci\), not mlx5_core/]);
  t.match(reasons(w('big', 200)), [/needs 200 VFs, 8 free and at most 128 supported/]);
  t.match(reasons(w('v', 2, { driver: 'vfio-pci' }), await view('vtd-off-bios')), [/^ens1f0: not ready \(firmware\.iommu\.acpi-table\)$/]);
  t.match(reasons(w('v', 2, { driver: 'vfio-pci' }), await view('amd-epyc-no-ir')), [/not ready \(firmware\.iommu\.interrupt-remapping\)/]);
  t.equal(judgeWorkloads([w('big', 200)], intel, 'plan').outcome, 'does-not-fit');
});

t.test('a PF whose VFs share IOMMU groups is not given to vfio-pci workloads', async (t) => {
  const result = judgeWorkloads([w('vms', 2, { driver: 'vfio-pci', pf: { names: ['enp2s0f1'], line: 2 } })], await view('vf-shared-group'), 'plan');
  t.equal(result.outcome, 'fits-after-changes', 'enp2s0f1 has no VFs yet: enabling them is a change');
  const shared = judgeWorkloads([w('vms', 2, { driver: 'vfio-pci', pf: { names: ['enp2s0f0'], line: 2 } })], await view('vf-shared-group'), 'plan');
  t.match(shared.items[0]?.reasons, [/enp2s0f0: not ready \(hypervisor\.iommu\.vf-isolation\)/]);
});

t.test('with holders known: held VFs are not free, and a PF with held VFs is not recreated', async (t) => {
  const report = await fixtureReport('ready-intel');
  const consumers = new Map<string, VfConsumer>(viewReport(report).vfs.map((vf) => [vf.pciAddress, vf.pfAddress === '0000:5e:00.1' && vf.index < 6 ? { kind: 'vm', name: `vm${vf.index}` } : { kind: 'none' }]));
  const v = viewReport(withConsumers(report, consumers));
  const moved = judgeWorkloads([w('vms', 4, { driver: 'vfio-pci' })], v, 'plan');
  t.same(moved.items[0]?.pfs, ['ens2f0np0'], 'only 2 free on ens2f1np1: served by the other PF after rebinding');
  t.equal(moved.items[0]?.outcome, 'fits-after-changes');
  t.same(moved.notes, [], 'no assumption about holders');
  const pinned = judgeWorkloads([w('vms', 4, { pf: { names: ['ens2f1np1'], line: 2 } })], v, 'plan');
  t.match(pinned.items[0]?.reasons, [/ens2f1np1: only 2 free; enabling more recreates every VF of the PF, and 6 are held/]);
  t.equal(pinned.outcome, 'does-not-fit');
});

t.test('a selector that matches no PF is an error naming the line and the PFs there are', async (t) => {
  const intel = await view('ready-intel');
  t.throws(() => judgeWorkloads([w('x', 1, { pf: { vendor: '15b3', line: 7 } })], intel, 'plan.yaml'), {
    message: /^plan\.yaml:7: workload x: its pf selector matches no PF on this host \(PFs here: ens2f0np0 \(0000:5e:00\.0, 8086:159b, Ethernet Controller E810-XXV for SFP\); ens2f1np1 /,
  });
});
