// The few per-VF facts the exporter reads at every scrape, each as cheaply as the kernel allows: a VF
// netdev's operstate and queue count (one read, one listing), the out-of-tree drivers' per-VF stats under
// the PF, and every netdev's counters from one read of /proc/net/dev.

import { type HostFs } from '../host/host-fs.js';
import { type Fact, describeIssue, isIssue } from '../host/read-issue.js';
import { parseProcNetDev, type ProcNetDevResult } from '../parse/proc-net-dev.js';
import { parseVfStatsDirectory, parseVfStatsFile, type VfSysfsStatsResult } from '../parse/vf-sysfs-stats.js';

export const PROC_NET_DEV = '/proc/net/dev';

/** `operstate` of a netdev of a PCI function (up, down, lowerlayerdown, unknown, …). */
export function readOperstate(host: HostFs, devicePath: string, netdev: string): Fact<string> {
  const text = host.readText(`${devicePath}/net/${netdev}/operstate`);
  return typeof text === 'string' ? text.trim() : text;
}

export interface QueueCounts {
  readonly receive: number;
  readonly transmit: number;
}

/** rx-N and tx-N entries of a netdev's queues/ directory (configuration only; counters are not there). */
export function readQueueCounts(host: HostFs, devicePath: string, netdev: string): Fact<QueueCounts> {
  const entries = host.list(`${devicePath}/net/${netdev}/queues`, { sorted: false });
  if (entries === undefined || isIssue(entries)) return entries;
  let receive = 0;
  let transmit = 0;
  for (const entry of entries) {
    if (entry.startsWith('rx-')) receive++;
    else if (entry.startsWith('tx-')) transmit++;
  }
  return { receive, transmit };
}

/** Whether the PF's driver publishes per-VF stats under <pf>/sriov/ at all (only out-of-tree drivers do). */
export function hasSriovStatsDir(host: HostFs, pfDevicePath: string): Fact<boolean> {
  return host.exists(`${pfDevicePath}/sriov`);
}

export type VfSysfsStats =
  | { readonly kind: 'absent' }
  | { readonly kind: 'read'; readonly result: VfSysfsStatsResult }
  | { readonly kind: 'unreadable'; readonly problem: string };

/**
 * <pf>/sriov/<N>/stats: MLNX_OFED's (and Broadcom's) file of "name : value" lines, or Intel's out-of-tree
 * directory of one-number files. In the directory, a file the driver refuses (EOPNOTSUPP for an operation it
 * lacks) is left out rather than failing the VF.
 */
export function readVfSysfsStats(host: HostFs, pfDevicePath: string, index: number): VfSysfsStats {
  const path = `${pfDevicePath}/sriov/${index}/stats`;
  const type = host.entryType(path);
  if (type === undefined) return { kind: 'absent' };
  if (isIssue(type)) return { kind: 'unreadable', problem: describeIssue(type) };
  if (type === 'directory') {
    const names = host.list(path);
    if (names === undefined) return { kind: 'absent' };
    if (isIssue(names)) return { kind: 'unreadable', problem: describeIssue(names) };
    const files: Record<string, string> = {};
    for (const name of names) {
      const content = host.readText(`${path}/${name}`);
      if (typeof content === 'string') files[name] = content;
    }
    return { kind: 'read', result: parseVfStatsDirectory(files) };
  }
  const text = host.readText(path);
  if (text === undefined) return { kind: 'absent' };
  if (isIssue(text)) return { kind: 'unreadable', problem: describeIssue(text) };
  return { kind: 'read', result: parseVfStatsFile(text) };
}

export type ProcNetDev = { readonly kind: 'read'; readonly result: ProcNetDevResult } | { readonly kind: 'unreadable'; readonly problem: string };

/** Every netdev of the namespace in one read. */
export function readProcNetDev(host: HostFs): ProcNetDev {
  const text = host.readText(PROC_NET_DEV);
  if (text === undefined) return { kind: 'unreadable', problem: `${PROC_NET_DEV}: absent` };
  if (isIssue(text)) return { kind: 'unreadable', problem: describeIssue(text) };
  return { kind: 'read', result: parseProcNetDev(text) };
}
