// sriov-check takes each PCI function's netdev names from /sys/class/net's links instead of listing net/ under
// every VF: the answer must be the function's own net/ directory, in list()'s order, on every fixture host, and
// stay that answer when /sys/class/net cannot be used.

import t from 'tap';
import * as fs from 'node:fs';
import { HostFs, defaultRoots, naturalCompare } from '../../src/host/host-fs.js';
import { readPciDevices } from '../../src/readers/pci-reader.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { buildTempHost } from '../support/exporter-host.js';

/** Each function's netdevs as its own net/ directory lists them (the kernel's view), natural order. */
function ownListing(root: string, devicePath: string): string[] {
  try {
    return fs.readdirSync(`${root}${devicePath}/net`).sort(naturalCompare);
  } catch {
    return [];
  }
}

function netdevsRead(root: string): Map<string, unknown> {
  return new Map(readPciDevices(new HostFs(defaultRoots(root))).devices.map((d) => [d.address, d.netdevs]));
}

t.test("every fixture's netdevs are its functions' own net/ listings, read through /sys/class/net", async (t) => {
  let compared = 0;
  for (const scenario of SCENARIOS) {
    const built = buildTempHost(scenario.spec);
    t.teardown(() => built.remove());
    for (const device of readPciDevices(new HostFs(defaultRoots(built.root))).devices) {
      if (!Array.isArray(device.netdevs) || device.netdevs.length === 0) continue;
      t.strictSame(device.netdevs, ownListing(built.root, device.devicePath), `${scenario.name} ${device.address}`);
      compared++;
    }
  }
  t.ok(compared > 20, `netdev lists compared (${compared})`);
});

t.test('without /sys/class/net each function lists its own net/ directory: the same netdevs', async (t) => {
  const scenario = SCENARIOS.find((s) => s.name === 'x710-iavf');
  if (!scenario) throw new Error('fixture missing');
  const built = buildTempHost(scenario.spec);
  t.teardown(() => built.remove());
  const before = netdevsRead(built.root);
  t.ok([...before.values()].some((n) => Array.isArray(n) && n.length > 0), 'the fixture has netdevs');
  fs.rmSync(`${built.root}/sys/class/net`, { recursive: true });
  t.strictSame(netdevsRead(built.root), before);
});
