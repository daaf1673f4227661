// Real pciutils over a host tree: `lspci -vvv -nn -D` through the sysfs access method pointed at the tree's
// /sys/bus/pci (what an operator sees on that host), or through a dump of the config bytes alone (`-F`), which
// decodes nothing but config space. The output is split into one block per device, keyed by its address.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LspciRun {
  readonly status: number | null;
  readonly stdout: string;
  /** stderr without the warning lspci gives on a machine whose own kernel has no modules directory. */
  readonly stderr: string;
}

function lspci(bin: string, args: readonly string[]): LspciRun {
  const result = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw result.error;
  const stderr = result.stderr
    .split('\n')
    .filter((line) => line !== '' && !line.includes('Unable to load libkmod resources'))
    .join('\n');
  return { status: result.status, stdout: result.stdout, stderr };
}

/** `lspci -vvv -nn -D` reading the tree's sysfs, as on that host. */
export function lspciSysfs(bin: string, root: string, extra: readonly string[] = ['-vvv', '-nn']): LspciRun {
  return lspci(bin, ['-A', 'linux-sysfs', '-O', `sysfs.path=${path.join(root, 'sys/bus/pci')}`, '-D', ...extra]);
}

/** `lspci -vvv -nn -D` decoding only the config bytes of the tree's devices (a `-xxxx` dump read back with -F). */
export function lspciConfigOnly(bin: string, root: string): LspciRun {
  const dump = lspciSysfs(bin, root, ['-xxxx']);
  if (dump.status !== 0) return dump;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-lspci-'));
  try {
    fs.writeFileSync(path.join(dir, 'dump'), dump.stdout);
    return lspci(bin, ['-F', path.join(dir, 'dump'), '-vvv', '-nn', '-D']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Device blocks by address (the first word of each block's first line). */
export function lspciBlocks(stdout: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const block of stdout.split(/\n\n+/)) {
    const address = /^([0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) /.exec(block)?.[1];
    if (address) blocks.set(address, block);
  }
  return blocks;
}
