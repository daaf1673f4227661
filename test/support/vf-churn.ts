// VFs removed and created on a fixture host while something reads it, as the kernel does on
// `echo 0 > sriov_numvfs` and `echo N > sriov_numvfs`: per VF its virtfnN link, driver link, netdev link,
// bus link, device directory and IOMMU group go (or come back), and sriov_numvfs changes — in a process of
// its own, so that the changes land in the middle of the exporter's synchronous reads.
//
// planChurn() finds what belongs to each VF of a PF in a pristine copy of the host; churnForever() runs in
// the separate process (CHURN_SCRIPT, started with `node --input-type=module -e`), restoreAll() puts the
// host back afterwards.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** What belongs to one VF, as paths relative to the host root. */
export interface VfPaths {
  readonly address: string;
  /** Symbolic links, removed first on the way out. */
  readonly links: readonly string[];
  /** Directories (the device's own, its IOMMU group), removed last. */
  readonly dirs: readonly string[];
}

export interface ChurnPlan {
  /** The pristine host every VF is copied back from. */
  readonly pristine: string;
  /** The host being changed. */
  readonly live: string;
  /** <pf>/sriov_numvfs, relative to the root. */
  readonly numVfsFile: string;
  readonly vfs: readonly VfPaths[];
}

/** The VFs of the PF at `pfAddress`, from the pristine host's links. */
export function planChurn(pristine: string, live: string, pfAddress: string): ChurnPlan {
  const rel = (p: string) => path.relative(pristine, p);
  const pfDir = fs.realpathSync(path.join(pristine, 'sys/bus/pci/devices', pfAddress));
  const vfs = fs
    .readdirSync(pfDir)
    .filter((name) => /^virtfn\d+$/.test(name))
    .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)))
    .map((virtfn): VfPaths => {
      const address = path.basename(fs.readlinkSync(path.join(pfDir, virtfn)));
      const device = fs.realpathSync(path.join(pristine, 'sys/bus/pci/devices', address));
      const driver = path.basename(fs.readlinkSync(path.join(device, 'driver')));
      const group = path.basename(fs.readlinkSync(path.join(device, 'iommu_group')));
      const netdevs = fs.existsSync(path.join(device, 'net')) ? fs.readdirSync(path.join(device, 'net')) : [];
      return {
        address,
        links: [rel(path.join(pfDir, virtfn)), `sys/bus/pci/drivers/${driver}/${address}`, ...netdevs.map((n) => `sys/class/net/${n}`), `sys/bus/pci/devices/${address}`],
        dirs: [rel(device), `sys/kernel/iommu_groups/${group}`],
      };
    });
  return { pristine, live, numVfsFile: rel(path.join(pfDir, 'sriov_numvfs')), vfs };
}

function removeVf(plan: ChurnPlan, vf: VfPaths): void {
  for (const p of [...vf.links, ...vf.dirs]) fs.rmSync(path.join(plan.live, p), { recursive: true, force: true });
}

function createVf(plan: ChurnPlan, vf: VfPaths): void {
  for (const p of [...vf.dirs, ...[...vf.links].reverse()]) {
    const from = path.join(plan.pristine, p);
    const to = path.join(plan.live, p);
    if (fs.lstatSync(to, { throwIfNoEntry: false }) !== undefined) continue;
    if (fs.lstatSync(from).isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  }
}

/**
 * Forever: every VF removed one after the other while sriov_numvfs still says N (the kernel updates it after
 * the last one), then 0 written; N written, then every VF created again. Prints the number of each cycle
 * completed, so the test can see that changes happened. Ends when the process is killed.
 */
export function churnForever(plan: ChurnPlan): never {
  const total = plan.vfs.length;
  for (let cycle = 1; ; cycle++) {
    for (const vf of plan.vfs) removeVf(plan, vf);
    fs.writeFileSync(path.join(plan.live, plan.numVfsFile), '0\n');
    fs.writeFileSync(path.join(plan.live, plan.numVfsFile), `${total}\n`);
    for (const vf of plan.vfs) createVf(plan, vf);
    process.stdout.write(`${cycle}\n`);
  }
}

/** Every VF back as in the pristine host, sriov_numvfs too (after the churning process was killed). */
export function restoreAll(plan: ChurnPlan): void {
  for (const vf of plan.vfs) createVf(plan, vf);
  fs.copyFileSync(path.join(plan.pristine, plan.numVfsFile), path.join(plan.live, plan.numVfsFile));
}

/** The script of the churning process: imports this module and runs churnForever on the plan in argv[1]. */
export function churnScript(): string {
  const self = new URL(import.meta.url).href;
  return `const { churnForever } = await import(${JSON.stringify(self)}); churnForever(JSON.parse(process.argv[1]));`;
}
