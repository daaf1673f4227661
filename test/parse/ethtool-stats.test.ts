import t from 'tap';
import {
  type QueueCounters,
  QUEUE_NAMINGS,
  extractQueueCounters,
  parseEthtoolStats,
  queueNamingOf,
} from '../../src/parse/ethtool-stats.js';
import { parseEthtoolDriverInfo } from '../../src/parse/ethtool-driver-info.js';
import { isIssue } from '../../src/fact.js';
import { parsedValue } from '../support/parsed.js';
import { recorded } from './recorded.js';

function values(text: string): ReadonlyMap<string, number> {
  return parsedValue(parseEthtoolStats(text)).values;
}

/** The driver comes from the recorded `ethtool -i`, as the collector will get it. */
function driverOf(netdev: string): string {
  const info = parseEthtoolDriverInfo(recorded(`ethtool/${netdev}.info`));
  if (info === undefined) throw new Error(`no driver in ${netdev}.info`);
  return info.driver;
}

/** A queue record as the parser builds it: a counter it did not find is absent, not undefined-valued. */
function queue(direction: QueueCounters['direction'], queue: number, packets?: number, bytes?: number): QueueCounters {
  return {
    direction,
    queue,
    ...(packets === undefined ? {} : { packets }),
    ...(bytes === undefined ? {} : { bytes }),
  };
}
const rx = (index: number, packets?: number, bytes?: number) => queue('receive', index, packets, bytes);
const tx = (index: number, packets?: number, bytes?: number) => queue('transmit', index, packets, bytes);

t.test('every recorded ethtool -S parses completely', async (t) => {
  const cases: Array<[string, number, string, number]> = [
    ['ens2f0v3', 28, 'tx-0.packets', 134],
    ['enp2s0f0v0', 20, 'rx_unknown_protocol', 0],
    ['ens2f0', 106, 'rx_bytes.nic', 2247451],
    ['ens1f0v1', 116, 'rx_vport_unicast_packets', 795],
    ['ens3', 17, 'multicast', 12],
    ['s1p1', 57, '[0]: rx_ucast_packets', 1500],
    ['eth0', 20, 'rx0_kicks', 7748],
  ];
  for (const [netdev, count, name, value] of cases) {
    const result = parseEthtoolStats(recorded(`ethtool/${netdev}.txt`));
    t.notOk(isIssue(result), netdev);
    if (isIssue(result)) continue;
    t.strictSame(result.problems, [], `${netdev}: no problems`);
    t.equal(result.values.size, count, `${netdev}: counter count`);
    t.equal(result.values.get(name), value, `${netdev}: ${name}`);
  }
});

t.test('per-queue counters of each recorded VF netdev, by the driver from ethtool -i', async (t) => {
  const cases: Array<[string, string, QueueCounters[]]> = [
    // iavf, interleaved (ethtool.txt §1, real)
    ['ens2f0v3', 'iavf', [rx(0, 0, 0), rx(1, 0, 0), rx(2, 142, 12052), rx(3, 0, 0), tx(0, 134, 10988), tx(1, 53, 3710), tx(2, 7, 626), tx(3, 0, 0)]],
    // iavf, all tx first (ethtool.txt §1b, real)
    ['enp2s0f0v0', 'iavf', [rx(0, 0, 0), rx(1, 0, 0), tx(0, 0, 0), tx(1, 0, 0)]],
    // ice PF: tx_queue_N_* / rx_queue_N_*, .nic port counters are not queues
    ['ens2f0', 'ice', [rx(0, 9000, 630000), rx(1, 400, 28000), rx(2, 163, 12348), rx(3, 0, 0), tx(0, 1000, 170000), tx(1, 300, 42000), tx(2, 82, 13778), tx(3, 0, 0)]],
    // mlx5 VF: rxN_/txN_ only — not rx_vport_*, chN_*, rxN_xdp_*, txN_dropped
    ['ens1f0v1', 'mlx5_core', [rx(0, 500, 640000), rx(1, 300, 384000), tx(0, 2000, 2560000), tx(1, 1200, 1536000)]],
    // ixgbevf
    ['ens3', 'ixgbevf', [rx(0, 1200, 96000), rx(1, 34, 2720), tx(0, 800, 64000), tx(1, 0, 0)]],
    // bnxt_en: ucast + mcast + bcast per ring
    ['s1p1', 'bnxt_en', [rx(0, 1550, 2253720), rx(1, 11, 730), tx(0, 906, 81488), tx(1, 0, 0)]],
    // virtio_net today: rx0_drops, rx0_kicks … and no packets — so no queue records at all
    ['eth0', 'virtio_net', []],
  ];
  for (const [netdev, driver, expected] of cases) {
    t.equal(driverOf(netdev), driver, `${netdev} driver`);
    t.strictSame(extractQueueCounters(values(recorded(`ethtool/${netdev}.txt`)), driver), expected, netdev);
  }
});

t.test('per-queue sums match the totals the same output reports', async (t) => {
  const sum = (queues: QueueCounters[], direction: string, field: 'packets' | 'bytes') =>
    queues.filter((q) => q.direction === direction).reduce((total, q) => total + (q[field] ?? 0), 0);
  const ice = values(recorded('ethtool/ens2f0.txt'));
  const iceQueues = extractQueueCounters(ice, 'ice');
  t.equal(sum(iceQueues, 'receive', 'bytes'), ice.get('rx_bytes'));
  t.equal(sum(iceQueues, 'transmit', 'bytes'), ice.get('tx_bytes'));
  const mlx5 = values(recorded('ethtool/ens1f0v1.txt'));
  const mlx5Queues = extractQueueCounters(mlx5, 'mlx5_core');
  t.equal(sum(mlx5Queues, 'receive', 'packets'), mlx5.get('rx_packets'));
  t.equal(sum(mlx5Queues, 'transmit', 'bytes'), mlx5.get('tx_bytes'));
});

t.test('names that look like queue counters but are not', async (t) => {
  const cases: Array<[string, string, QueueCounters[]]> = [
    ['ixgbevf', 'xdp_queue_0_packets: 5\nxdp_queue_0_bytes: 300\nrx_queue_0_packets: 1\n', [rx(0, 1, undefined)]],
    [
      'mlx5_core',
      'rx_packets_phy: 9\nrx_prio0_packets: 9\nch0_events: 9\nrx_vport_unicast_packets: 9\nrx0_xdp_tx_xmit: 9\ntx0_dropped: 9\nptp_tx0_packets: 9\nrx0_xsk_packets: 9\nrx12_bytes: 4\n',
      [rx(12, undefined, 4)],
    ],
    ['virtio_net', 'rx0_xdp_packets: 9\nrx0_drops: 9\ntx0_kicks: 9\nrx_queue_0_xdp_packets: 9\n', []],
    ['iavf', 'tx-0.rx_packets: 9\nrx-0.tx_bytes: 9\n', []],
    ['ice', 'tx_queue_0_packets: 3\nrx_priority_0_xon.nic: 9\n', [tx(0, 3, undefined)]],
  ];
  for (const [driver, lines, expected] of cases) {
    t.strictSame(extractQueueCounters(values(`NIC statistics:\n${lines}`), driver), expected, driver);
  }
});

t.test('older naming of the same drivers', async (t) => {
  const cases: Array<[string, string, QueueCounters[]]> = [
    // i40e/i40evf before 2018
    ['i40evf', 'tx-0.tx_packets: 4\ntx-0.tx_bytes: 400\nrx-0.rx_packets: 2\nrx-0.rx_bytes: 200\n', [rx(0, 2, 200), tx(0, 4, 400)]],
    // ice before "ice: Format ethtool reported stats" (2019)
    ['ice', 'tx-queue-1.tx_packets: 4\ntx-queue-1.tx_bytes: 400\nrx-queue-1.rx_packets: 2\n', [rx(1, 2, undefined), tx(1, 4, 400)]],
    // virtio_net before 2024
    ['virtio_net', 'rx_queue_0_packets: 7\nrx_queue_0_bytes: 700\nrx_queue_0_drops: 1\ntx_queue_0_packets: 3\n', [rx(0, 7, 700), tx(0, 3, undefined)]],
  ];
  for (const [driver, lines, expected] of cases) {
    t.strictSame(extractQueueCounters(values(`NIC statistics:\n${lines}`), driver), expected, driver);
  }
});

t.test('bnxt_en: separate rx and tx rings, and a ring with a missing cast part', async (t) => {
  const ring = (index: number, side: 'rx' | 'tx', packets: [number, number, number], bytes: [number, number, number]) =>
    ['ucast', 'mcast', 'bcast']
      .map((cast, at) => `[${index}]: ${side}_${cast}_packets: ${packets[at]}\n[${index}]: ${side}_${cast}_bytes: ${bytes[at]}\n`)
      .join('');
  // `ethtool -L rx 2 tx 2`: rings 0-1 carry rx queues 0-1, rings 2-3 carry tx queues 0-1.
  const separate = ring(0, 'rx', [1, 2, 3], [10, 20, 30]) + ring(1, 'rx', [4, 0, 0], [40, 0, 0]) +
    ring(2, 'tx', [5, 0, 1], [50, 0, 10]) + ring(3, 'tx', [6, 0, 0], [60, 0, 0]);
  t.strictSame(extractQueueCounters(values(`NIC statistics:\n${separate}`), 'bnxt_en'), [
    rx(0, 6, 60), rx(1, 4, 40), tx(0, 6, 60), tx(1, 6, 60),
  ]);
  const partial = '[0]: rx_ucast_packets: 5\n[0]: rx_mcast_packets: 1\n[0]: rx_ucast_bytes: 50\n[0]: rx_mcast_bytes: 5\n[0]: rx_bcast_bytes: 1\n';
  t.strictSame(extractQueueCounters(values(`NIC statistics:\n${partial}`), 'bnxt_en'), [rx(0, undefined, 56)],
    'no partial packet sum without rx_bcast_packets');
});

t.test('unknown drivers: the plain map, no queue records', async (t) => {
  const stats = values(recorded('ethtool/ens3.txt'));
  for (const driver of ['igbvf', 'e1000e', 'hv_netvsc', '']) {
    t.strictSame(extractQueueCounters(stats, driver), [], driver || '(empty)');
    t.equal(queueNamingOf(driver), undefined);
  }
  t.equal(stats.get('tx_queue_0_packets'), 800, 'the values are still there for the caller');
  t.equal(queueNamingOf('iavf'), 'intel-dash-dot');
  t.equal(queueNamingOf('mlx5_core'), 'mlx5');
  const drivers = QUEUE_NAMINGS.flatMap((naming) => naming.drivers);
  t.equal(new Set(drivers).size, drivers.length, 'no driver in two rows');
});

t.test('the queue number is a field, never part of a name', async (t) => {
  const queues = extractQueueCounters(values(recorded('ethtool/ens2f0v3.txt')), 'iavf');
  for (const queue of queues) {
    t.strictSame(Object.keys(queue).sort(), ['bytes', 'direction', 'packets', 'queue']);
    t.type(queue.queue, 'number');
  }
});

t.test('garbage, empty and truncated output', async (t) => {
  const bad: Array<[string, string, string, RegExp]> = [
    ['empty', '', 'EPARSE', /^empty output$/],
    ['blank', '\n\n', 'EPARSE', /^empty output$/],
    ['garbage', '\u0001\u0002garbage\u00ff this is not ethtool output\n', 'EPARSE', /^expected "NIC statistics:"/],
    ['an ethtool error', 'Cannot get stats strings information: No such device\n', 'EPARSE', /^expected "NIC statistics:"/],
    ['header cut off', 'NIC stat', 'ESHORT', /no newline/],
  ];
  for (const [label, text, code, detail] of bad) {
    const result = parseEthtoolStats(text);
    t.ok(isIssue(result), label);
    t.match(result, { kind: 'issue', code, detail }, label);
  }

  const full = recorded('ethtool/ens2f0v3.txt');
  const cut = full.slice(0, full.indexOf('tx-1.packets: 53') + 'tx-1.packets: 5'.length);
  const result = parsedValue(parseEthtoolStats(cut));
  t.equal(result.values.has('tx-1.packets'), false, 'a cut-off "53" is not read as 5');
  t.equal(result.values.get('rx-0.bytes'), 0, 'complete lines before it are kept');
  t.match(result.problems, [{ code: 'ESHORT', detail: /^last line has no newline/ }]);
});

t.test('malformed and repeated lines are skipped and named', async (t) => {
  const text = 'NIC statistics:\n     rx_bytes: 10\n     no colon here\n     tx_bytes: -3\n     : 4\n     rx_bytes: 11\n     [0]: rx_ucast_packets: 7\n';
  const result = parsedValue(parseEthtoolStats(text));
  t.strictSame([...result.values], [['rx_bytes', 10], ['[0]: rx_ucast_packets', 7]]);
  t.match(
    result.problems.map((p) => p.detail),
    [/^line 3: not "name: value"/, /^line 4: not "name: value"/, /^line 5: not "name: value"/, /^line 6: rx_bytes repeated/],
  );
  t.equal(result.problems.length, 4);
});
