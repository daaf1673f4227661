// The synthetic host a benchmark runs on: N Intel E810 PFs × 64 VFs (test/support/synthetic-host.ts), every VF
// on iavf with a host netdev and Q queues, plus the outputs the stand-in `ip` and `ethtool` print for it.
// Built in /dev/shm when there is one: sysfs lives in memory, and a disk-backed tree would measure the disk.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildHost } from '../../test/support/host-builder.js';
import { syntheticHost } from '../../test/support/synthetic-host.js';
import { writeSyntheticCommands } from '../../test/support/synthetic-commands.js';

export const VFS_PER_PF = 64;

export interface BenchHost {
  /** The host's root directory (--path.rootfs). */
  readonly root: string;
  /** What the stand-in programs print (SRIOV_FAKE_IP_JSON, SRIOV_FAKE_ETHTOOL_DIR). */
  readonly ipJson: string;
  readonly ethtoolDir: string;
  readonly pfs: number;
  readonly vfs: number;
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

export function makeBenchHost(pfs: number, options: { readonly queues?: number; readonly vfsPerPf?: number } = {}): BenchHost {
  const vfsPerPf = options.vfsPerPf ?? VFS_PER_PF;
  const dir = fs.mkdtempSync(path.join(benchParentDir(), `sriov-bench-${pfs * vfsPerPf}-`));
  const spec = syntheticHost({ pfs, vfsPerPf, queues: options.queues ?? 4 });
  const root = path.join(dir, 'host');
  buildHost(root, spec);
  const commands = writeSyntheticCommands(spec, path.join(dir, 'commands'));
  return { root, ...commands, pfs, vfs: pfs * vfsPerPf, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
