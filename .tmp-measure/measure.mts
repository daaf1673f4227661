import { buildHost } from '/work/wt-12/test/support/host-builder.js';
import { syntheticHost } from '/work/wt-12/test/support/synthetic-host.js';
import { HostFs, defaultRoots } from '/work/wt-12/src/host/host-fs.js';
import { readSriovInventory } from '/work/wt-12/src/readers/sriov-inventory-reader.js';
import { takeSnapshot } from '/work/wt-12/src/snapshot/take-snapshot.js';
import * as fs from 'node:fs';
const root = '/dev/shm/w12-host-16x64';
if (!fs.existsSync(root)) buildHost(root, syntheticHost({ pfs: 16, vfsPerPf: 64 }));
const roots = defaultRoots(root);
for (let round = 0; round < 3; round++) {
  let t0 = performance.now();
  for (let i = 0; i < 5; i++) readSriovInventory(new HostFs(roots));
  const inv = (performance.now() - t0) / 5;
  t0 = performance.now();
  for (let i = 0; i < 5; i++) await takeSnapshot(new HostFs(roots), { toolName: 'x', toolVersion: '0', enrichSystem: false });
  const snap = (performance.now() - t0) / 5;
  console.log(`inventory ${inv.toFixed(1)} ms, snapshot ${snap.toFixed(1)} ms`);
}
