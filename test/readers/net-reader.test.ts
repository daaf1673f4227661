// Netdevs of PCI functions: state, speed (absent while the link is down), MAC and queues.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { readNetDevice } from '../../src/readers/net-reader.js';
import { buildHost } from '../support/host-builder.js';
import { spec as x710 } from '../fixtures/scenarios/x710-iavf.js';

const PF0 = '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0';

function host(t: Test, mutate?: (root: string) => void): HostFs {
  const root = t.testdir({});
  buildHost(root, x710);
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
