import t, { type Test } from 'tap';
import { isIssue } from '../../src/fact.js';
import { type IpLinkPf, type IpLinkTable, parseIpLinkJson } from '../../src/parse/ip-link-json.js';
import { parsedValue } from '../support/parsed.js';
import { recorded } from './recorded.js';

function parsed(t: Test, text: string): IpLinkTable {
  const result = parseIpLinkJson(text);
  t.notOk(isIssue(result), 'parses');
  return parsedValue(result);
}

function pf(pfs: readonly IpLinkPf[], name: string): IpLinkPf {
  const found = pfs.find((p) => p.ifname === name);
  if (found === undefined) throw new Error(`no PF ${name}`);
  return found;
}

// ip-link.txt §1: rx bytes / packets of every VF of ens2f0 (broadcast = packets, everything else 0).
const E810_RX: ReadonlyArray<[number, string, number, number]> = [
  [0, '92:be:3c:24:4a:7d', 519160, 6565],
  [1, 'be:c8:8b:88:a2:15', 505712, 6392],
  [2, '7a:e8:f7:1d:5c:cc', 519160, 6565],
  [3, '5e:c2:8b:ef:87:a4', 346464, 4374],
  [4, '9a:40:99:d1:cd:32', 408944, 5177],
  [5, 'da:a7:e7:e6:b8:79', 519160, 6565],
  [6, '2a:1e:c7:55:18:60', 519160, 6565],
  [7, '86:79:8c:3f:b2:5b', 519160, 6565],
  [8, 'ce:7c:63:c0:fc:c4', 519160, 6565],
  [9, 'ea:b3:47:1c:e4:d9', 505968, 6396],
  [10, '66:6e:b8:01:df:4d', 519160, 6565],
  [11, 'b2:ed:fb:92:67:1d', 519160, 6565],
  [12, '96:37:81:12:30:83', 519160, 6565],
  [13, '02:1d:21:a3:81:e4', 346336, 4372],
  [14, 'c2:76:dd:b0:03:60', 519160, 6565],
  [15, '3a:24:a8:4a:9b:75', 430208, 5435],
];

t.test('E810: only links with vfinfo_list are PFs, with their PCI address', async (t) => {
  const { pfs, problems } = parsed(t, recorded('ip/e810.json'));
  t.strictSame(problems, []);
  t.strictSame(pfs.map((p) => [p.ifname, p.ifindex, p.operstate, p.pciAddress, p.vfs.length]), [
    ['ens2f0', 6, 'UP', '0000:37:00.0', 16],
    ['ens2f1', 7, 'UP', '0000:37:00.1', 4],
  ]);
});

t.test('E810 ens2f0: every VF as captured — rx only, all broadcast, tx 0', async (t) => {
  const { pfs } = parsed(t, recorded('ip/e810.json'));
  const vfs = pf(pfs, 'ens2f0').vfs;
  for (const [index, mac, bytes, packets] of E810_RX) {
    const vf = vfs[index];
    t.equal(vf?.vf, index);
    t.equal(vf?.mac, mac, `vf ${index} mac`);
    t.strictSame(
      vf?.counters,
      {
        receive: { bytes, packets, multicast: 0, broadcast: packets, dropped: 0 },
        transmit: { bytes: 0, packets: 0, dropped: 0 },
      },
      `vf ${index} counters`,
    );
  }
  t.strictSame(vfs[3], {
    vf: 3,
    mac: '5e:c2:8b:ef:87:a4',
    vlan: { id: 0, qos: 0, protocol: '802.1Q' },
    txRateMbps: 0,
    maxTxRateMbps: 0,
    minTxRateMbps: 0,
    spoofCheck: true,
    trust: false,
    linkState: 'auto',
    queryRss: undefined,
    counters: {
      receive: { bytes: 346464, packets: 4374, multicast: 0, broadcast: 4374, dropped: 0 },
      transmit: { bytes: 0, packets: 0, dropped: 0 },
    },
  });
});

t.test('rx dropped is receive, tx dropped is transmit (vishvananda/netlink#870 swaps them)', async (t) => {
  const { pfs } = parsed(t, recorded('ip/e810.json'));
  const vfs = pf(pfs, 'ens2f1').vfs;
  const drops = vfs.map((vf) => [vf.vf, vf.counters?.receive.dropped, vf.counters?.transmit.dropped]);
  t.strictSame(drops, [
    [0, 1234, 7],
    [1, 0, 42],
    [2, 99, 0],
    [3, 5, 6],
  ]);
  const { pfs: x710 } = parsed(t, recorded('ip/x710.json'));
  const vf0 = pf(x710, 'enp2s0f0').vfs[0];
  t.equal(vf0?.counters?.transmit.dropped, 2, 'i40e tx_dropped (tx_errors since the 2025 fix)');
  t.equal(vf0?.counters?.receive.dropped, 0);
  t.equal(vf0?.mac, '4a:b7:3d:37:f7:56');
});

t.test('counters above 2^53 are kept as the nearest double, not rejected', async (t) => {
  const { pfs } = parsed(t, recorded('ip/e810.json'));
  const vf3 = pf(pfs, 'ens2f1').vfs[3];
  t.equal(vf3?.counters?.receive.bytes, 2 ** 53, '2^53 + 1 rounds to 2^53');
  t.equal(vf3?.counters?.receive.packets, 6004799503160661, 'below 2^53: exact');
  t.equal(vf3?.counters?.transmit.bytes, 2 ** 64, 'u64 max rounds to 2^64');
  t.strictSame(vf3?.vlan, { id: 100, qos: 0, protocol: '802.1Q' });
  t.equal(vf3?.trust, true);
  t.equal(vf3?.linkState, 'enable');
});

t.test('X710: a PF with SR-IOV and no VFs is a PF with an empty list; VF netdevs are not PFs', async (t) => {
  const { pfs, problems } = parsed(t, recorded('ip/x710.json'));
  t.strictSame(problems, []);
  t.strictSame(pfs.map((p) => [p.ifname, p.pciAddress, p.operstate, p.vfs.length]), [
    ['enp2s0f0', '0000:02:00.0', 'UP', 1],
    ['enp2s0f1', '0000:02:00.1', 'DOWN', 0],
  ]);
});

t.test('ConnectX: vlan_list entries, trust, link state, rates and spoof checking', async (t) => {
  const { pfs, problems } = parsed(t, recorded('ip/connectx.json'));
  t.strictSame(problems, []);
  t.strictSame(pfs.map((p) => p.ifname), ['ens1f0np0', 'ens1f1np1']);
  const vfs = pf(pfs, 'ens1f0np0').vfs;
  t.strictSame(
    vfs.map((vf) => [vf.vf, vf.vlan, vf.trust, vf.linkState, vf.spoofCheck, vf.maxTxRateMbps, vf.minTxRateMbps]),
    [
      [0, { id: 100, qos: 0, protocol: '802.1Q' }, false, 'auto', true, 0, 0],
      [1, { id: 200, qos: 3, protocol: '802.1ad' }, true, 'enable', true, 0, 0],
      [2, { id: 0, qos: 0, protocol: '802.1Q' }, true, 'disable', false, 10000, 1000],
      [3, { id: 0, qos: 5, protocol: '802.1Q' }, false, 'auto', true, 0, 0],
    ],
  );
  t.strictSame(vfs[1]?.counters, {
    receive: { bytes: 4096000, packets: 3200, multicast: 0, broadcast: 5, dropped: 17 },
    transmit: { bytes: 1024000, packets: 800, dropped: 0 },
  });
  t.equal(vfs[3]?.mac, '00:00:00:00:00:00');
});

t.test('iproute2 before 5.3 / 4.19: "mac" key, no dropped columns → dropped undefined, not 0', async (t) => {
  const { pfs, problems } = parsed(t, recorded('ip/x710-iproute2-4.18.json'));
  t.strictSame(problems, []);
  const enp3s0f0 = pf(pfs, 'enp3s0f0');
  t.equal(enp3s0f0.pciAddress, undefined, 'no parentbus/parentdev before iproute2 learned them');
  t.equal(enp3s0f0.vfs.length, 8);
  const vf0 = enp3s0f0.vfs[0];
  t.equal(vf0?.mac, '00:00:00:00:00:00');
  t.equal(vf0?.queryRss, false);
  t.strictSame(vf0?.counters, {
    receive: { bytes: 128000, packets: 1000, multicast: 104, broadcast: 104 },
    transmit: { bytes: 128000, packets: 1000 },
  });
  t.notOk(vf0 !== undefined && vf0.counters !== undefined && 'dropped' in vf0.counters.receive);
  t.notOk(vf0 !== undefined && vf0.counters !== undefined && 'dropped' in vf0.counters.transmit);
});

t.test('bnx2x: legacy tx_rate, no trust key, no stats → counters undefined', async (t) => {
  const { pfs } = parsed(t, recorded('ip/bnx2x-iproute2-5.0.json'));
  const vfs = pf(pfs, 'ens3f0').vfs;
  t.equal(vfs.length, 4);
  for (const vf of vfs) {
    t.equal(vf.txRateMbps, 10000);
    t.equal(vf.maxTxRateMbps, 10000);
    t.equal(vf.trust, undefined);
    t.equal(vf.counters, undefined);
  }
});

t.test('flat vlan/qos of kernels without IFLA_VF_VLAN_LIST, and no vlan keys at all', async (t) => {
  const text = JSON.stringify([
    {
      ifindex: 2,
      ifname: 'eth2',
      vfinfo_list: [
        { vf: 0, mac: '00:1b:21:00:00:01', vlan: 10, qos: 2, spoofchk: true, link_state: 'auto' },
        { vf: 1, mac: '00:1B:21:00:00:02', spoofchk: false, link_state: 'auto' },
      ],
    },
  ]);
  const vfs = pf(parsed(t, text).pfs, 'eth2').vfs;
  t.strictSame(vfs[0]?.vlan, { id: 10, qos: 2, protocol: '802.1Q' });
  t.strictSame(vfs[1]?.vlan, { id: 0, qos: 0, protocol: '802.1Q' });
  t.equal(vfs[1]?.mac, '00:1b:21:00:00:02', 'MAC lowercased');
  t.equal(vfs[0]?.maxTxRateMbps, undefined, 'no IFLA_VF_RATE → no rate');
});

t.test('garbage, empty and truncated input give an error with a short cause', async (t) => {
  const e810 = recorded('ip/e810.json');
  const cases: Array<[string, string, RegExp]> = [
    ['empty output', '', /^invalid JSON: /],
    ['not JSON', '\u0001\u0002garbage\u00ff this is not JSON\n', /^invalid JSON: /],
    ['cut off half way', e810.slice(0, e810.length / 2), /^invalid JSON: /],
    ['an object', '{"ifname":"eth0"}', /^expected a JSON array of links, found an object$/],
    ['null', 'null', /found null$/],
    ['a number', '42', /found number 42$/],
    ['a string', '"Device \\"x\\" does not exist."', /found the string/],
  ];
  for (const [label, text, error] of cases) {
    const result = parseIpLinkJson(text);
    t.match(result, { kind: 'issue', code: 'EPARSE', detail: error }, label);
    if (isIssue(result)) t.ok((result.detail ?? '').length < 200, `${label}: short`);
  }
});

t.test('an empty array and a host without PFs are fine', async (t) => {
  t.strictSame(parseIpLinkJson('[]\n'), { pfs: [], operstates: new Map(), problems: [] });
  const lo = '[{"ifindex":1,"ifname":"lo","operstate":"UNKNOWN","link_type":"loopback"}]';
  t.strictSame(parseIpLinkJson(lo), { pfs: [], operstates: new Map([['lo', 'unknown']]), problems: [] });
});

t.test('every link\'s operstate, lowercased as sysfs has it (VF netdevs included)', async (t) => {
  const result = parsed(t, recorded('ip/e810.json'));
  t.equal(result.operstates.get('ens2f0v3'), 'up');
  t.equal(result.operstates.get('lo'), 'unknown');
  t.equal(result.operstates.get('ens2f0'), 'up');
});

t.test('odd entries are skipped and named, the rest still parses', async (t) => {
  const text = JSON.stringify([
    'not a link',
    { ifname: 'noindex', vfinfo_list: [] },
    { ifindex: 3, ifname: 'badlist', vfinfo_list: {} },
    {
      ifindex: 4,
      ifname: 'eth4',
      parentbus: 'virtio',
      parentdev: 'virtio2',
      vfinfo_list: [
        7,
        { mac: '02:00:00:00:00:01' },
        { vf: 0, mac: '02:00:00:00:00:02', stats: { rx: { bytes: 10, packets: -1 }, tx: { bytes: 5, tx_bytes: 6 } } },
        { vf: 0, mac: '02:00:00:00:00:03' },
        { vf: 1, vlan_list: 'x', stats: { rx: [], tx: { dropped: 1 } } },
        { vf: 2, vlan_list: [{ vlan: 'ten' }], stats: 'none' },
      ],
    },
  ]);
  const { pfs, problems } = parsed(t, text);
  t.strictSame(pfs.map((p) => p.ifname), ['eth4']);
  const eth4 = pf(pfs, 'eth4');
  t.equal(eth4.pciAddress, undefined, 'parentbus virtio is not a PCI address');
  t.strictSame(eth4.vfs.map((vf) => vf.vf), [0, 1, 2]);
  t.strictSame(eth4.vfs[0]?.counters, { receive: { bytes: 10 }, transmit: { bytes: 6 } });
  t.strictSame(eth4.vfs[1]?.counters, { receive: {}, transmit: { dropped: 1 } });
  t.equal(eth4.vfs[1]?.vlan, undefined);
  t.equal(eth4.vfs[2]?.vlan, undefined);
  t.equal(eth4.vfs[2]?.counters, undefined);
  const expected = [
    /^link #0: expected an object/,
    /^link #1: vfinfo_list without a valid ifname\/ifindex/,
    /^badlist: vfinfo_list is an object, not an array/,
    /^eth4: vfinfo_list\[0\] is number 7, not an object/,
    /^eth4: vfinfo_list\[1\] has no valid "vf" index/,
    /^eth4 vf 0: stats\.rx\.packets is number -1, not a u64 counter/,
    /^stats\.tx\.bytes is not a key iproute2 writes/,
    /^eth4: vf 0 listed twice/,
    /^eth4 vf 1: vlan_list is the string/,
    /^eth4 vf 1: stats\.rx is an array/,
    /^eth4 vf 2: unreadable vlan/,
    /^eth4 vf 2: stats is the string/,
  ];
  t.equal(problems.length, expected.length, problems.map((p) => p.detail).join('\n'));
  expected.forEach((pattern, at) => t.match(problems[at], { code: 'EPARSE', detail: pattern }));
});
