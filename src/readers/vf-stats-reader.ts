// The per-VF counters out-of-tree PF drivers publish under <pf>/sriov/<N>/stats: MLNX_OFED's (and Broadcom's)
// file of "name : value" lines, or Intel's out-of-tree directory of one-number files. In the directory, a file
// the driver refuses (EOPNOTSUPP for an operation it lacks) is left out rather than failing the VF.

import { type Fact, type ReadIssue, isIssue, placeIssue, placed } from '../fact.js';
import type { HostFs } from '../host/host-fs.js';
import { parseVfStatsDirectory, parseVfStatsFile } from '../parse/vf-sysfs-stats.js';
import type { VfCounters } from '../parse/vf-counters.js';

export interface VfStats {
  readonly counters: VfCounters;
  /** What the parser set aside; a cut-off file (ESHORT) is among them. */
  readonly problems: readonly ReadIssue[];
}

/** Whether the PF's driver publishes per-VF stats under <pf>/sriov/ at all (only out-of-tree drivers do). */
export function hasSriovStatsDir(host: HostFs, pfDevicePath: string): Fact<boolean> {
  return host.exists(`${pfDevicePath}/sriov`);
}

export function readVfStats(host: HostFs, pfDevicePath: string, index: number): Fact<VfStats> {
  const path = `${pfDevicePath}/sriov/${index}/stats`;
  const type = host.entryType(path);
  if (type === undefined || isIssue(type)) return type;
  let parsed;
  if (type === 'directory') {
    const names = host.list(path);
    if (names === undefined || isIssue(names)) return names;
    const files: Record<string, string> = {};
    for (const name of names) {
      const content = host.readText(`${path}/${name}`);
      if (typeof content === 'string') files[name] = content;
    }
    parsed = placed(path, parseVfStatsDirectory(files));
  } else {
    const text = host.readText(path);
    if (text === undefined || isIssue(text)) return text;
    parsed = placed(path, parseVfStatsFile(text));
  }
  if (isIssue(parsed)) return parsed;
  return { counters: parsed.counters, problems: parsed.problems.map((problem) => placeIssue(path, problem)) };
}
