// Runs the check table on a fixture host's snapshot, or on a changed copy of it: the checks are pure, so a
// case is "this snapshot, with that fact different".

import { CHECKS } from '../../src/checks/check-table.js';
import type { CheckOptions, Finding } from '../../src/checks/check-types.js';
import { buildHostView } from '../../src/checks/host-view.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import type { HostSnapshot } from '../../src/snapshot/snapshot-types.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';
import { parseCmdline } from '../../src/parse/kernel-cmdline.js';
import { vfParametersOnCmdline } from '../../src/parse/vf-persistence.js';
import { fixtureHost } from './run-cli.js';

export type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

const cache = new Map<string, HostSnapshot>();

export async function fixtureSnapshot(name: string): Promise<HostSnapshot> {
  const hit = cache.get(name);
  if (hit) return hit;
  const snapshot = await takeSnapshot(new HostFs(defaultRoots(fixtureHost(name))), { toolName: 'test', toolVersion: '0', enrichSystem: false, now: new Date(0) });
  cache.set(name, snapshot);
  return snapshot;
}

/**
 * Sets the kernel command line of a snapshot being changed as the readers would have recorded it: the text, its
 * parsed parameters, and the VF counts it persists (<driver>.max_vfs=).
 */
export function setCmdline(s: Writable<HostSnapshot>, text: string): void {
  const parameters = parseCmdline(text);
  s.kernel.cmdline = text;
  s.kernel.parameters = parameters as Writable<typeof parameters>;
  s.vfPersistence.hits = [...s.vfPersistence.hits.filter((h) => h.kind !== 'kernel-cmdline'), ...vfParametersOnCmdline(parameters)] as Writable<HostSnapshot>['vfPersistence']['hits'];
}

/** A deep copy of the snapshot with `change` applied. */
export function changed(snapshot: HostSnapshot, change: (s: Writable<HostSnapshot>) => void): HostSnapshot {
  const copy = structuredClone(snapshot) as Writable<HostSnapshot>;
  change(copy);
  return copy as HostSnapshot;
}

export function findings(snapshot: HostSnapshot, options: CheckOptions = {}): Finding[] {
  return runChecks(CHECKS, buildHostView(snapshot), options);
}

export function finding(snapshot: HostSnapshot, id: string, subject = 'host', options: CheckOptions = {}): Finding | undefined {
  return findings(snapshot, options).find((f) => f.id === id && f.subject === subject);
}
