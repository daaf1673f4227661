import t from 'tap';
import { parseVfStatsDirectory, parseVfStatsFile } from '../../src/parse/vf-sysfs-stats.js';
import { parseIpLinkJson } from '../../src/parse/ip-link-json.js';
import { parsedValue } from '../support/parsed.js';

// MLNX_OFED sriov_sysfs.c stats_show(): "%-14s: %llu" in this order (sysfs.txt §G).
const MLNX_OFED = [
  'tx_packets    : 5011',
  'tx_bytes      : 4450870',
  'tx_dropped    : 3',
  'rx_packets    : 5003',
  'rx_bytes      : 4450222',
  'rx_broadcast  : 1',
  'rx_multicast  : 2',
  'tx_broadcast  : 0',
  'tx_multicast  : 8',
  'rx_dropped    : 4',
  '',
].join('\n');

const MLNX_COUNTERS = {
  receive: { packets: 5003, bytes: 4450222, broadcast: 1, multicast: 2, dropped: 4 },
  transmit: { packets: 5011, bytes: 4450870, dropped: 3, broadcast: 0, multicast: 8 },
};

t.test('MLNX_OFED stats file: each name lands in its direction', async (t) => {
  const result = parsedValue(parseVfStatsFile(MLNX_OFED));
  t.strictSame(result.counters, MLNX_COUNTERS);
  t.strictSame(result.problems, []);
  t.equal(result.values.size, 10);
});

t.test('Broadcom order, ZTE error lines and the whitespace-collapsed form give the same shape', async (t) => {
  // bnxt_en out-of-tree (§G2): rx_dropped right after rx_bytes, multicast before broadcast.
  const broadcom = 'tx_packets    : 5011\ntx_bytes      : 4450870\ntx_dropped    : 3\nrx_packets    : 5003\nrx_bytes      : 4450222\n' +
    'rx_dropped    : 4\nrx_multicast  : 2\nrx_broadcast  : 1\ntx_broadcast  : 0\ntx_multicast  : 8\n';
  t.strictSame(parsedValue(parseVfStatsFile(broadcom)).counters, MLNX_COUNTERS, 'Broadcom order');

  const zte = parsedValue(parseVfStatsFile(`${MLNX_OFED}tx_error      : 6\nrx_error      : 7\n`));
  t.equal(zte.counters.transmit.errors, 6);
  t.equal(zte.counters.receive.errors, 7);

  const collapsed = parsedValue(parseVfStatsFile(MLNX_OFED.replace(/ +: /g, ' : ')));
  t.strictSame(collapsed.counters, MLNX_COUNTERS, '"name : value" with one space');
});

t.test('the sysfs shape equals the netlink shape for the same numbers', async (t) => {
  const json = JSON.stringify([
    {
      ifindex: 4,
      ifname: 'ens1f0np0',
      vfinfo_list: [
        {
          vf: 0,
          address: '1e:2f:3a:4b:5c:60',
          stats: {
            rx: { bytes: 4450222, packets: 5003, multicast: 2, broadcast: 1, dropped: 4 },
            tx: { tx_bytes: 4450870, tx_packets: 5011, dropped: 3 },
          },
        },
      ],
    },
  ]);
  const netlink = parsedValue(parseIpLinkJson(json));
  const sysfs = parsedValue(parseVfStatsFile(MLNX_OFED));
  // netlink has no tx broadcast/multicast; everything it has agrees with the sysfs file.
  const { broadcast: _b, multicast: _m, ...sysfsTransmit } = sysfs.counters.transmit;
  t.strictSame(netlink.pfs[0]?.vfs[0]?.counters, { receive: sysfs.counters.receive, transmit: sysfsTransmit });
});

t.test('a stats file that is not one: error with the cause', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /^empty stats file$/],
    ['a usage string (another sriov file read by mistake)', 'usage: write <ON|OFF> to trust|untrust VF\n', /^no counter lines \(line 1: not "name : value"/],
    ['garbage', '\u0001\u0002garbage\u00ff\n', /^no counter lines/],
    ['cut off before the first newline', 'tx_packets    : 50', /^no counter lines \(last line has no newline/],
  ];
  for (const [label, text, detail] of cases) t.match(parseVfStatsFile(text), { kind: 'issue', code: 'EPARSE', detail }, label);
});

t.test('odd lines in a stats file are skipped and named', async (t) => {
  const result = parsedValue(parseVfStatsFile('tx_packets    : 5\nrx_packets    : -1\ntx_packets    : 6\nfuture_counter: 18446744073709551615\nrx_bytes      : 12'));
  t.strictSame(result.counters, { receive: {}, transmit: { packets: 5 } });
  t.equal(result.values.get('future_counter'), 2 ** 64, 'unknown names are kept in values, big ones too');
  t.match(result.problems, [
    { code: 'EPARSE', detail: /^line 2: not "name : value"/ },
    { code: 'EPARSE', detail: /^tx_packets repeated/ },
    { code: 'ESHORT', detail: /^last line has no newline/ },
  ]);
  t.equal(result.problems.length, 3);
});

t.test('Intel out-of-tree stats directory: one number per file', async (t) => {
  const files = {
    rx_bytes: '4450222\n',
    rx_dropped: '4\n',
    rx_packets: '5003\n',
    tx_bytes: '4450870\n',
    tx_dropped: '3\n',
    tx_packets: '5011\n',
    tx_spoofed: '0\n',
    tx_errors: '9\n',
  };
  const result = parsedValue(parseVfStatsDirectory(files));
  t.strictSame(result.counters, {
    receive: { bytes: 4450222, dropped: 4, packets: 5003 },
    transmit: { bytes: 4450870, dropped: 3, packets: 5011, errors: 9 },
  });
  t.equal(result.values.get('tx_spoofed'), 0, 'known to the driver, not to VfCounters: kept in values');
  t.strictSame(result.problems, []);
});

t.test('Intel stats directory: bad files are skipped, nothing readable is an error', async (t) => {
  const some = parsedValue(parseVfStatsDirectory({ rx_bytes: '12\n', tx_bytes: 'garbage\n', rx_packets: '' }));
  t.strictSame(some.counters, { receive: { bytes: 12 }, transmit: {} });
  t.match(some.problems.map((p) => p.detail), [/^tx_bytes: "garbage" is not a counter/, /^rx_packets: "" is not a counter/]);
  t.strictSame(parseVfStatsDirectory({}), { kind: 'issue', code: 'EPARSE', detail: 'empty stats directory' });
  t.match(parseVfStatsDirectory({ rx_bytes: '-1\n' }), { kind: 'issue', code: 'EPARSE', detail: /^no readable counter \(rx_bytes:/ });
});
