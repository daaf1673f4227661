// Whether a process named by a file (libvirt's pid attribute, a Proxmox reservation) still runs. Under
// hidepid other users' processes are invisible, so a missing /proc/<pid> proves nothing unless /proc shows
// everyone's (init's directory is there).

import { isIssue } from '../../fact.js';
import type { AttributionFs } from './attribution-fs.js';

export interface ProcessView {
  /** /proc lists every process (no hidepid). */
  readonly seesAll: boolean;
}

export function processView(fs: AttributionFs): ProcessView {
  return { seesAll: fs.exists('/proc/1') === true };
}

/** true: it runs; false: it does not; undefined: cannot tell. */
export function isRunning(fs: AttributionFs, view: ProcessView, pid: number): boolean | undefined {
  const exists = fs.exists(`/proc/${pid}`);
  if (isIssue(exists)) return undefined;
  if (exists) return true;
  return view.seesAll ? false : undefined;
}
