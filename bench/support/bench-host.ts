// The synthetic host a benchmark runs on: N Intel E810 PFs × 64 VFs (test/support/synthetic-host.ts), every VF
// on iavf with a host netdev and Q queues. Its sysfs/procfs tree is built in /dev/shm when there is one (sysfs
// lives in memory, and a disk-backed tree would measure the disk); inside a benchmark namespace (netns.ts) each
// of its netdevs also gets a real veth link of the same name and queue count, for the real ip and ethtool.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHost, type HostSpec } from '../../test/support/host-builder.js';
import { syntheticHost } from '../../test/support/synthetic-host.js';
import { addLinks, benchNamespace, type Link } from './netns.js';

export const VFS_PER_PF = 64;

export interface BenchHost {
  /** The host's root directory (--path.rootfs). */
  readonly root: string;
  readonly spec: HostSpec;
  readonly pfs: number;
  readonly vfs: number;
  /** Real links in the benchmark namespace (0 outside one). */
  readonly links: number;
  remove(): void;
}

function isWritableDir(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Where benchmark hosts go: /dev/shm when writable, else the temporary directory. */
export function benchParentDir(): string {
  return isWritableDir('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

/** Every netdev of the host (PFs' and VFs'), with its queue count. */
function netdevsOf(spec: HostSpec): Link[] {
  return (spec.pfs ?? []).flatMap((pf) => [
    ...(pf.netdev ? [{ name: pf.netdev.name, queues: pf.netdev.queues ?? 1 }] : []),
    ...(pf.vfs ?? []).flatMap((vf) => (vf.netdev ? [{ name: vf.netdev.name, queues: vf.netdev.queues ?? 1 }] : [])),
  ]);
}

export function makeBenchHost(pfs: number, options: { readonly queues?: number; readonly vfsPerPf?: number } = {}): BenchHost {
  const vfsPerPf = options.vfsPerPf ?? VFS_PER_PF;
  const dir = fs.mkdtempSync(path.join(benchParentDir(), `sriov-bench-${pfs * vfsPerPf}-`));
  const spec = syntheticHost({ pfs, vfsPerPf, queues: options.queues ?? 4 });
  const root = path.join(dir, 'host');
  buildHost(root, spec);
  const links = benchNamespace() ? netdevsOf(spec) : [];
  let removeLinks: () => void = () => undefined;
  try {
    if (links.length > 0) removeLinks = addLinks(links);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    root,
    spec,
    pfs,
    vfs: pfs * vfsPerPf,
    links: links.length,
    remove: () => {
      try {
        removeLinks();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
