// hv_netvsc's `ethtool -S` (traffic over the VF against the synthetic path) and its kernel log lines about the VF.

import t from 'tap';
import { isIssue } from '../../src/fact.js';
import { parseNetvscStats, type NetvscStats } from '../../src/parse/netvsc-stats.js';
import { parseNetvscEvents } from '../../src/parse/netvsc-log.js';
import { recorded } from './recorded.js';

t.test('ethtool -S of a synthetic NIC: the vf_* counters and the channels added up', async (t) => {
  const result = parseNetvscStats(recorded('netvsc/eth0.txt'));
  if (isIssue(result)) return t.fail(`not parsed: ${result.detail}`);
  // The real values of reference/hyperv.md §5.
  t.strictSame(result.vf, { rxPackets: 111180, rxBytes: 395460237, txPackets: 9107646, txBytes: 2184786508, txDropped: 0 });
  t.strictSame(result.synthetic, { rxPackets: 1988 + 1212, rxBytes: 310044 + 190077, txPackets: 3112 + 2118, txBytes: 402118 + 288101 }, 'tx_queue_N/rx_queue_N, not cpuN_* or xdp_drop');
  t.equal(result.channels, 2);
  t.strictSame(result.problems, []);
});

t.test('the grep of the Azure documentation: VF counters alone', async (t) => {
  const text = 'NIC statistics:\n vf_rx_packets: 111180\n vf_rx_bytes: 395460237\n vf_tx_packets: 9107646\n vf_tx_bytes: 2184786508\n vf_tx_dropped: 0\n';
  const result = parseNetvscStats(text) as NetvscStats;
  t.equal(result.vf?.txPackets, 9107646);
  t.equal(result.synthetic, undefined, 'no channel counters: no synthetic total rather than 0');
});

t.test('another driver, a partial set, garbage', async (t) => {
  const mlx = parseNetvscStats('NIC statistics:\n     rx_packets: 5\n     tx0_packets: 3\n') as NetvscStats;
  t.match(mlx, { vf: undefined, channels: 0 });
  const partial = parseNetvscStats('NIC statistics:\n     vf_rx_packets: 5\n     vf_tx_packets: 3\n') as NetvscStats;
  t.equal(partial.vf, undefined);
  t.match(partial.problems, [{ code: 'EPARSE', detail: /only vf_rx_packets, vf_tx_packets of the vf_\* counters: left out/ }]);
  const bad = parseNetvscStats('Cannot get stats strings information: Operation not supported\n');
  t.ok(isIssue(bad));
  t.match(bad, { code: 'EPARSE', detail: /expected "NIC statistics:"/ });
});

t.test('hv_netvsc log lines about the VF, from dmesg and from a syslog file', async (t) => {
  const text = [
    '[    7.465085] hv_netvsc 000d3af5-76bd-000d-3af5-76bd000d3af5 eth0: VF registering: eth1',
    '[    7.465119] mlx5_core cf63:00:02.0 eth1: joined to eth0',
    '[    8.090127] hv_netvsc 000d3af5-76bd-000d-3af5-76bd000d3af5 eth0: Data path switched to VF: enP53091s1np0',
    'Mar  4 10:16:01 vm kernel: [ 8162.020138] hv_netvsc 000d3af5-76bd-000d-3af5-76bd000d3af5 eth0: VF slot 1 removed',
    'hv_netvsc 000D3AF5-76BD-000D-3AF5-76BD000D3AF5 eth0: Data path switched from VF: enP53091s1np0',
  ].join('\n');
  const events = parseNetvscEvents(text);
  t.strictSame(events.map((e) => [e.kind, e.netdev, e.seconds, e.slot, e.vf]), [
    ['vf-registering', 'eth0', 7.465085, undefined, 'eth1'],
    ['datapath-to-vf', 'eth0', 8.090127, undefined, 'enP53091s1np0'],
    ['vf-removed', 'eth0', 8162.020138, 1, undefined],
    ['datapath-from-vf', 'eth0', undefined, undefined, 'enP53091s1np0'],
  ]);
  t.ok(events.every((e) => e.instance === '000d3af5-76bd-000d-3af5-76bd000d3af5'), 'the instance GUID in lower case');
});
