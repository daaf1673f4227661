// The host roots from --path.rootfs/sysfs/procfs, checked before anything is read: a root that is not there
// is a mistake in the command (exit 2 with one line), not a host without SR-IOV.

import * as fs from 'node:fs';
import { defaultRoots, type HostRoots } from '../host/host-fs.js';
import { UsageError } from './usage-error.js';

export interface RootFlags {
  readonly rootfs: string;
  readonly sysfs?: string;
  readonly procfs?: string;
}

/** The roots the flags name; throws UsageError when one is missing, not a directory or unreadable. */
export function checkedRoots(flags: RootFlags): HostRoots {
  const roots = defaultRoots(flags.rootfs, flags.sysfs, flags.procfs);
  const mustBeDir = (dir: string, flag: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(`${flag} ${dir}: ${code === 'ENOENT' ? 'no such directory' : `cannot read (${code})`}`);
    }
    if (!stat.isDirectory()) throw new UsageError(`${flag} ${dir}: not a directory`);
  };
  mustBeDir(roots.rootfs, '--path.rootfs');
  mustBeDir(roots.sysfs, flags.sysfs !== undefined ? '--path.sysfs' : '--path.sysfs (default <rootfs>/sys)');
  mustBeDir(roots.procfs, flags.procfs !== undefined ? '--path.procfs' : '--path.procfs (default <rootfs>/proc)');
  try {
    fs.readdirSync(roots.sysfs);
  } catch (error) {
    throw new UsageError(`--path.sysfs ${roots.sysfs}: cannot list (${(error as NodeJS.ErrnoException).code})`);
  }
  return roots;
}
