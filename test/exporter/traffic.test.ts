// vf_traffic: rx drops land in receive and tx drops in transmit, each series names the source it came from, the
// priority netlink > sysfs > netdev holds per family, and no (VF, family) pair has two series.

import t from 'tap';
import { chooseCounters } from '../../src/exporter/collectors/traffic-sources.js';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { find, parseExposition, startExporter, type Series } from '../support/exporter-server.js';

/** 2^64 − 1, the largest u64 counter, as the double JSON.parse and Prometheus make of it. */
const U64_MAX = Number(2n ** 64n - 1n);

const value = (series: readonly Series[], name: string, match: Record<string, string>) => {
  const found = find(series, name, match);
  return found.length === 1 ? { value: found[0]?.value, source: found[0]?.labels.source } : { count: found.length };
};

t.test('chooseCounters: the first source that has a counter wins it, family by family', async (t) => {
  const chosen = chooseCounters({
    netlink: { receive: { bytes: 1, dropped: 2 }, transmit: { bytes: 3 } },
    sysfs: { receive: { bytes: 10, errors: 11 }, transmit: { bytes: 13, broadcast: 14 } },
    netdev: { receive: { bytes: 20, errors: 21, multicast: 22 }, transmit: { errors: 23 } },
  });
  t.strictSame(
    Object.fromEntries(chosen.map((c) => [c.family.name, [c.source, c.value]])),
    {
      sriov_vf_receive_bytes_total: ['netlink', 1],
      sriov_vf_transmit_bytes_total: ['netlink', 3],
      sriov_vf_receive_dropped_total: ['netlink', 2],
      sriov_vf_receive_multicast_packets_total: ['netdev', 22],
      sriov_vf_transmit_broadcast_packets_total: ['sysfs', 14],
      sriov_vf_receive_errors_total: ['sysfs', 11],
      sriov_vf_transmit_errors_total: ['netdev', 23],
    },
  );
  t.equal(new Set(chosen.map((c) => c.family)).size, chosen.length, 'one per family');
  t.strictSame(chooseCounters({}), [], 'no source, no series');
  t.strictSame(chooseCounters({ netlink: { receive: {}, transmit: {} } }), [], 'a source without counters gives none');
});

t.test('E810: netlink drops, rx and tx apart (they differ in the recording)', async (t) => {
  const exporter = await startExporter(t, 'e810-iavf');
  const series = parseExposition((await exporter.scrape()).body);
  const drops = (vf: string) => ({
    receive: value(series, 'sriov_vf_receive_dropped_total', { pf: 'ens2f1', vf }),
    transmit: value(series, 'sriov_vf_transmit_dropped_total', { pf: 'ens2f1', vf }),
  });
  t.strictSame(drops('0'), { receive: { value: 1234, source: 'netlink' }, transmit: { value: 7, source: 'netlink' } });
  t.strictSame(drops('1'), { receive: { value: 0, source: 'netlink' }, transmit: { value: 42, source: 'netlink' } });
  t.strictSame(drops('2'), { receive: { value: 99, source: 'netlink' }, transmit: { value: 0, source: 'netlink' } });
  t.strictSame(drops('3'), { receive: { value: 5, source: 'netlink' }, transmit: { value: 6, source: 'netlink' } });
  // Above 2^53 a counter is the nearest double, as Prometheus stores it.
  t.strictSame(value(series, 'sriov_vf_transmit_bytes_total', { pf: 'ens2f1', vf: '3' }), { value: U64_MAX, source: 'netlink' });
  // The VF on iavf: netlink has no error counters, its host netdev has.
  t.strictSame(value(series, 'sriov_vf_receive_errors_total', { pf: 'ens2f0', vf: '3' }), { value: 2, source: 'netdev' });
  t.strictSame(value(series, 'sriov_vf_transmit_errors_total', { pf: 'ens2f0', vf: '3' }), { value: 1, source: 'netdev' });
  t.strictSame(value(series, 'sriov_vf_receive_multicast_packets_total', { pf: 'ens2f0', vf: '3' }), { value: 0, source: 'netlink' }, 'netlink before netdev');
  t.same(find(series, 'sriov_vf_receive_errors_total', { pf: 'ens2f0', vf: '0' }), [], 'a vfio-pci VF has no netdev counters');
});

t.test('ConnectX on MLNX_OFED: netlink first, the stats file for what netlink lacks', async (t) => {
  const exporter = await startExporter(t, 'connectx-ofed');
  const series = parseExposition((await exporter.scrape()).body);
  for (const vf of [0, 1, 2, 3]) {
    const labels = { pf: 'ens1f0np0', vf: String(vf) };
    t.strictSame(value(series, 'sriov_vf_transmit_broadcast_packets_total', labels), { value: 30 + vf, source: 'sysfs' }, `VF ${vf} tx broadcast`);
    t.strictSame(value(series, 'sriov_vf_transmit_multicast_packets_total', labels), { value: 40 + vf, source: 'sysfs' }, `VF ${vf} tx multicast`);
    t.equal(value(series, 'sriov_vf_receive_dropped_total', labels).source, 'netlink', `VF ${vf} rx drops from netlink`);
  }
  t.strictSame(value(series, 'sriov_vf_receive_dropped_total', { pf: 'ens1f0np0', vf: '1' }), { value: 17, source: 'netlink' });
});

t.test('ConnectX with ip failing: the MLNX_OFED file gives rx and tx drops, each in its direction', async (t) => {
  const exporter = await startExporter(t, 'connectx-ofed', { fake: { mode: 'fail' } });
  const series = parseExposition((await exporter.scrape()).body);
  // ofedStats(vf): tx_dropped = vf, rx_dropped = 50 + vf.
  for (const vf of [0, 2, 3]) {
    t.strictSame(value(series, 'sriov_vf_receive_dropped_total', { pf: 'ens1f0np0', vf: String(vf) }), { value: 50 + vf, source: 'sysfs' });
    t.strictSame(value(series, 'sriov_vf_transmit_dropped_total', { pf: 'ens1f0np0', vf: String(vf) }), { value: vf, source: 'sysfs' });
  }
  t.strictSame(value(series, 'sriov_vf_receive_bytes_total', { pf: 'ens1f0np0', vf: '1' }), { value: 128001, source: 'sysfs' }, 'sysfs before netdev');
  t.strictSame(value(series, 'sriov_vf_receive_errors_total', { pf: 'ens1f0np0', vf: '1' }), { value: 4, source: 'netdev' });
});

t.test('X710 on the out-of-tree i40e: the stats directory, with and without netlink', async (t) => {
  const withIp = parseExposition((await (await startExporter(t, 'x710-oot')).scrape()).body);
  const vf0 = { pf: 'enp2s0f0', vf: '0' };
  t.strictSame(value(withIp, 'sriov_vf_transmit_dropped_total', vf0), { value: 2, source: 'netlink' });
  t.strictSame(value(withIp, 'sriov_vf_receive_dropped_total', vf0), { value: 0, source: 'netlink' });
  t.strictSame(value(withIp, 'sriov_vf_transmit_errors_total', vf0), { value: 5, source: 'sysfs' }, 'tx_errors: netlink has none');
  t.strictSame(value(withIp, 'sriov_vf_receive_errors_total', vf0), { value: 6, source: 'netdev' }, 'rx errors: only the netdev');

  const exporter = await startExporter(t, 'x710-oot', { fake: { mode: 'garbage' } });
  const withoutIp = parseExposition((await exporter.scrape()).body);
  t.strictSame(value(withoutIp, 'sriov_vf_receive_bytes_total', vf0), { value: 4096, source: 'sysfs' });
  t.strictSame(value(withoutIp, 'sriov_vf_receive_dropped_total', vf0), { value: 1, source: 'sysfs' });
  t.strictSame(value(withoutIp, 'sriov_vf_transmit_dropped_total', vf0), { value: 3, source: 'sysfs' });
  t.strictSame(value(withoutIp, 'sriov_vf_receive_multicast_packets_total', vf0), { value: 4, source: 'netdev' }, 'the stats directory has no multicast');
  t.same(find(withoutIp, 'sriov_vf_receive_broadcast_packets_total', vf0), [], 'nobody has rx broadcast: no series');
  t.strictSame(value(withoutIp, 'sriov_exporter_collector_success', { collector: 'vf_traffic' }), { value: 0, source: undefined });
  t.ok(exporter.logs.some((l) => l.includes('"collector":"vf_traffic"') && l.includes('invalid JSON')), 'the cause is logged');
});

t.test('every host: one series per (VF, family), and every source label is one of the four', async (t) => {
  for (const fixture of EXPORTER_SCENARIOS) {
    const series = parseExposition((await (await startExporter(t, fixture.name)).scrape()).body).filter((s) => 'source' in s.labels && s.name.endsWith('_total') && s.name.startsWith('sriov_vf_')); // the traffic counters (sriov_vf_consumer_info's source is where the consumer was read)
    const keys = series.map((s) => `${s.name} ${s.labels.pf} ${s.labels.vf}`);
    t.equal(new Set(keys).size, keys.length, `${fixture.name}: no family twice for a VF`);
    t.ok(series.every((s) => ['netlink', 'sysfs', 'representor', 'netdev'].includes(s.labels.source as string)), `${fixture.name}: sources`);
  }
});

t.test('switchdev (ice): the PF\'s netlink counters first, the representor for what netlink lacks, unswapped', async (t) => {
  const series = parseExposition((await (await startExporter(t, 'e810-switchdev')).scrape()).body);
  const vf1 = { pf: 'enp162s0f0np0', vf: '1' };
  t.strictSame(value(series, 'sriov_vf_receive_bytes_total', vf1), { value: 5242880, source: 'netlink' });
  t.strictSame(value(series, 'sriov_vf_transmit_errors_total', vf1), { value: 3, source: 'representor' }, 'ice counts transmit errors on the representor as the VF\'s own');
  t.same(find(series, 'sriov_vf_receive_errors_total', vf1), [], 'no receive errors anywhere for a VF in a VM');
  t.strictSame(find(series, 'sriov_vf_info', vf1).map((s) => s.labels.representor), ['eth1']);
  t.strictSame(find(series, 'sriov_vf_info', { pf: 'enp162s0f1np1' }).map((s) => s.labels.representor), ['', ''], 'the legacy port has none');
});

t.test('switchdev (mlx5) without ip: bytes and packets from the representor, what it received being what the VF sent', async (t) => {
  const exporter = await startExporter(t, 'cx5-switchdev', { fake: { mode: 'fail' } });
  const series = parseExposition((await exporter.scrape()).body);
  const vf0 = { pf: 'ens1f0np0', vf: '0' };
  // eth0 received 987654321 bytes in 87654 packets and sent 123456789 in 98765 (its /proc/net/dev line).
  t.strictSame(value(series, 'sriov_vf_transmit_bytes_total', vf0), { value: 987654321, source: 'representor' });
  t.strictSame(value(series, 'sriov_vf_transmit_packets_total', vf0), { value: 87654, source: 'representor' });
  t.strictSame(value(series, 'sriov_vf_receive_bytes_total', vf0), { value: 123456789, source: 'representor' });
  t.same(find(series, 'sriov_vf_receive_dropped_total', vf0), [], 'mlx5 fills no drops on a representor: no series, not 0');
  t.strictSame(value(series, 'sriov_vf_receive_bytes_total', { pf: 'ens1f0np0', vf: '1' }), { value: 1024000, source: 'representor' }, 'before the VF\'s own host netdev');
  t.strictSame(value(series, 'sriov_vf_receive_errors_total', { pf: 'ens1f0np0', vf: '1' }), { value: 0, source: 'netdev' }, 'which still gives what the representor lacks');
  t.strictSame(find(series, 'sriov_vf_link_up', { pf: 'ens1f0np0' }).map((s) => [s.labels.vf, s.value]), [['0', 1], ['1', 1], ['2', 1], ['3', 0]], 'a VF\'s link follows its representor (eth3 is down)');
});
