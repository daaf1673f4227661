// The builder lays hosts out like the kernel: relative links, numeric VF placement, real formats.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHost, vfAddress } from '../support/host-builder.js';
import { syntheticHost } from '../support/synthetic-host.js';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { readPciDevices } from '../../src/readers/pci-reader.js';
import { FIXTURE_HOSTS } from '../support/run-cli.js';

t.test('VF addresses follow offset and stride, also across buses', async (t) => {
  // Reference sysfs.txt §A/§D1: routing ID = PF's + offset + stride × index; 82599 PF0 05:00.0 → 05:10.0, 10.2…,
  // PF1 05:00.1 → 05:10.1 (so its offset is 128 as well: 0x501 + 0x80); XL710 offset 16 → 02.0.
  t.equal(vfAddress('0000:05:00.0', 128, 2, 0), '0000:05:10.0');
  t.equal(vfAddress('0000:05:00.0', 128, 2, 1), '0000:05:10.2');
  t.equal(vfAddress('0000:05:00.1', 128, 2, 0), '0000:05:10.1');
  t.equal(vfAddress('0000:3b:00.0', 16, 1, 0), '0000:3b:02.0');
  t.equal(vfAddress('0000:07:00.0', 384, 2, 0), '0000:08:10.0', 'no ARI: offset 384 lands on bus+1');
});

t.test('every link in the committed fixtures is relative and resolves inside the fixture', async (t) => {
  let links = 0;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        links++;
        const target = fs.readlinkSync(p);
        if (target.startsWith('/')) t.fail(`${p} -> ${target} is absolute`);
        const resolved = path.resolve(path.dirname(p), target);
        const host = path.relative(FIXTURE_HOSTS, p).split(path.sep)[0] as string;
        if (!resolved.startsWith(path.join(FIXTURE_HOSTS, host) + path.sep)) t.fail(`${p} -> ${target} leaves its host`);
      } else if (entry.isDirectory()) {
        walk(p);
      }
    }
  };
  walk(FIXTURE_HOSTS);
  t.ok(links > 100, `${links} links checked`);
});

t.test('a synthetic 4 PF × 12 VF host reads back as 4 PFs with VFs in numeric order', async (t) => {
  const dir = t.testdir({});
  buildHost(dir, syntheticHost({ pfs: 4, vfsPerPf: 12, queues: 2 }));
  const { devices } = readPciDevices(new HostFs(defaultRoots(dir)));
  const pfs = devices.filter((d) => d.sriov !== undefined);
  t.equal(pfs.length, 4);
  for (const pf of pfs) {
    t.same(pf.virtfns?.map((v) => v.index), Array.from({ length: 12 }, (_, i) => i), 'virtfn0…virtfn11 in numeric order');
    t.equal(pf.sriov?.numVfs, 12);
  }
  const vfs = devices.filter((d) => d.physfn !== undefined);
  t.equal(vfs.length, 48);
  t.ok(vfs.every((vf) => vf.driver === 'iavf' && Array.isArray(vf.netdevs) && vf.netdevs.length === 1));
  // The real sysfs lists virtfn10 before virtfn2; the reader must not.
  const names = fs.readdirSync(path.join(dir, 'sys/bus/pci/devices', pfs[0]?.address ?? '')).filter((n) => n.startsWith('virtfn'));
  t.ok(names.includes('virtfn10') && names.includes('virtfn2'));
});
