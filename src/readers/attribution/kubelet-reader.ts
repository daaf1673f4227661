// Kubernetes without the API server: the kubelet's device-manager checkpoint says which VFs each pod's
// container got; /var/log/pods/<namespace>_<name>_<uid> says which pods exist and their names. An entry of a
// pod that no longer exists is stale and left out; when the pod directories cannot be read, entries are kept
// and named by their pod UID.

import { isIssue } from '../../fact.js';
import type { PodAllocation } from '../../attribution/consumer-evidence.js';
import { type KubeletCheckpoint, parseKubeletCheckpoint } from '../../parse/attribution/kubelet-checkpoint.js';
import { type PodRef, parsePodLogDir } from '../../parse/attribution/pod-log-dir.js';
import type { AttributionFs } from './attribution-fs.js';
import { ParsedFileCache } from './parsed-file-cache.js';
import type { SourceTally } from './source-tally.js';

export interface KubeletPaths {
  /** The kubelet's --root-dir. */
  readonly root: string;
  /** The kubelet's podLogsDir. */
  readonly podLogs: string;
}

export const DEFAULT_KUBELET_PATHS: KubeletPaths = { root: '/var/lib/kubelet', podLogs: '/var/log/pods' };

export interface KubeletFacts {
  readonly allocations: readonly PodAllocation[];
  /** Undefined when the pod directories could not be read. */
  readonly pods?: ReadonlyMap<string, PodRef>;
}

export class KubeletReader {
  private readonly checkpoint = new ParsedFileCache<KubeletCheckpoint>((text) => parseKubeletCheckpoint(text));

  constructor(private readonly paths: KubeletPaths = DEFAULT_KUBELET_PATHS) {}

  read(fs: AttributionFs, tally: SourceTally): KubeletFacts {
    const pods = this.readPods(fs, tally);
    const reading = this.checkpoint.read(fs, `${this.paths.root}/device-plugins/kubelet_internal_checkpoint`);
    this.checkpoint.sweep();
    if (reading.state === 'absent') return { allocations: [], ...(pods ? { pods } : {}) };
    if (reading.state === 'unreadable') {
      tally.down(reading.issue);
      return { allocations: [], ...(pods ? { pods } : {}) };
    }
    tally.present = true;
    if (isIssue(reading.result)) {
      tally.count('parse');
      return { allocations: [], ...(pods ? { pods } : {}) };
    }
    const allocations: PodAllocation[] = [];
    for (const entry of reading.result.entries) {
      const pod = pods?.get(entry.podUid);
      if (pods && !pod) {
        tally.count('stale');
        continue;
      }
      for (const address of entry.devices) {
        allocations.push({ address, podUid: entry.podUid, container: entry.container, resource: entry.resource, ...(pod ? { pod } : {}) });
      }
    }
    return { allocations, ...(pods ? { pods } : {}) };
  }

  private readPods(fs: AttributionFs, tally: SourceTally): ReadonlyMap<string, PodRef> | undefined {
    const names = fs.list(this.paths.podLogs, { sorted: false });
    if (names === undefined) return undefined;
    if (isIssue(names)) {
      tally.issue(names);
      return undefined;
    }
    tally.present = true;
    const pods = new Map<string, PodRef>();
    for (const name of names) {
      const pod = parsePodLogDir(name);
      if (pod) pods.set(pod.uid, pod);
    }
    return pods;
  }
}
