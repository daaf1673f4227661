import { HostFs, defaultRoots } from '/work/wt-12/src/host/host-fs.js';
import { readSriovInventory } from '/work/wt-12/src/readers/sriov-inventory-reader.js';
import { takeSnapshot } from '/work/wt-12/src/snapshot/take-snapshot.js';
const roots = defaultRoots('/dev/shm/w12-host-16x64');
for (let round = 0; round < 5; round++) {
  let inv = 0, snap = 0;
  for (let i = 0; i < 5; i++) {
    const host = new HostFs(roots);
    let t0 = performance.now();
    await takeSnapshot(host, { toolName: 'x', toolVersion: '0', enrichSystem: false });
    snap += performance.now() - t0;
    t0 = performance.now();
    readSriovInventory(host);
    inv += performance.now() - t0;
  }
  console.log(`snapshot ${(snap / 5).toFixed(1)} ms, then inventory on the same HostFs ${(inv / 5).toFixed(1)} ms`);
}
