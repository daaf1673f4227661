// Netdevs of PCI functions: state, speed (absent while the link is down), MAC, queues, and the statistics/
// counters in the kernel's one-number-per-file format.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { readNetDevice, readNetStatistics } from '../../src/readers/net-reader.js';
import { buildHost } from '../support/host-builder.js';
import { spec as x710 } from '../fixtures/scenarios/x710-iavf.js';

const PF0 = '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0';

function host(t: Test, mutate?: (root: string) => void): HostFs {
  const root = t.testdir({});
  buildHost(root, {
    ...x710,
    pfs: (x710.pfs ?? []).map((pf, i) => (i === 0 ? { ...pf, netdev: { ...(pf.netdev as NonNullable<typeof pf.netdev>), stats: { rx_bytes: 2 ** 53 + 2, rx_packets: 1500, rx_dropped: 7, rx_missed_errors: 11, tx_bytes: 900, tx_packets: 12, tx_dropped: 3, multicast: 4 } } } : pf)),
  });
  mutate?.(root);
  return new HostFs(defaultRoots(root));
}

t.test('state, speed, MAC, MTU and queues of a PF netdev', async (t) => {
  const fs0 = host(t);
  const n = readNetDevice(fs0, { address: '0000:3b:00.0', devicePath: PF0 }, 'ens1f0');
  t.match(n, { name: 'ens1f0', pciAddress: '0000:3b:00.0', operstate: 'up', carrier: true, speedMbps: 10000, address: '3c:fd:fe:bb:1e:10', mtu: 1500, rxQueues: 8, txQueues: 8 });
});

t.test('a link that is down has no speed (empty file, or EINVAL on a real host), not a garbage one', async (t) => {
  const fs0 = host(t, (root) => {
    fs.writeFileSync(path.join(root, PF0, 'net/ens1f0/speed'), '\n');
    fs.writeFileSync(path.join(root, PF0, 'net/ens1f0/operstate'), 'down\n');
  });
  const n = readNetDevice(fs0, { address: '0000:3b:00.0', devicePath: PF0 }, 'ens1f0');
  t.equal(n.speedMbps, undefined);
  t.equal(n.operstate, 'down');
});

t.test('statistics/: counters by direction, rx_missed kept apart from rx_dropped, beyond 2^53 read', async (t) => {
  const stats = readNetStatistics(host(t), 'ens1f0');
  t.match(stats, {
    counters: { receive: { bytes: 2 ** 53 + 2, packets: 1500, dropped: 7, multicast: 4, errors: 0 }, transmit: { bytes: 900, packets: 12, dropped: 3, errors: 0 } },
    issues: [],
  });
});

t.test('statistics/: garbage in one file is an issue naming it, the others still count', async (t) => {
  const fs0 = host(t, (root) => fs.writeFileSync(path.join(root, PF0, 'net/ens1f0/statistics/tx_dropped'), 'lots\n'));
  const stats = readNetStatistics(fs0, 'ens1f0');
  t.match(stats, { counters: { transmit: { packets: 12 } }, issues: [{ kind: 'issue', code: 'EPARSE', path: '/sys/class/net/ens1f0/statistics/tx_dropped' }] });
  t.equal(readNetStatistics(fs0, 'nosuch0'), undefined, 'an absent netdev has no statistics');
});
