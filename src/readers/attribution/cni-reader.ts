// The CNI caches of netdevice-mode VFs moved into pods (reference vf-attribution.md §4): libcni's result
// caches (Multus's per delegate, and the runtime's) name the pod; sriov-cni's own cache names only the
// sandbox, which is joined to a libcni result of the same sandbox. Results of other networks (bridge, …) are
// no SR-IOV attachment and are passed over without complaint. An attachment of a pod that no longer exists
// (the CNI DEL never ran) is stale.

import { isIssue } from '../../fact.js';
import { type CniAttachment, parseCniResultCache, parseSriovCniCache } from '../../parse/attribution/cni-caches.js';
import type { PodRef } from '../../parse/attribution/pod-log-dir.js';
import type { AttributionFs } from './attribution-fs.js';
import { ParsedFileCache } from './parsed-file-cache.js';
import type { SourceTally } from './source-tally.js';

export const CNI_RESULT_DIRS: readonly string[] = ['/var/lib/cni/multus/results', '/var/lib/cni/results'];
export const SRIOV_CNI_DIR = '/var/lib/cni/sriov';

export class CniReader {
  private readonly results = new ParsedFileCache<CniAttachment>((text) => parseCniResultCache(text));
  private readonly sriov = new ParsedFileCache<CniAttachment>((text, hostPath) => parseSriovCniCache(hostPath.slice(hostPath.lastIndexOf('/') + 1), text));

  /** pods: the pods that exist, when known (stale attachments are then left out). */
  read(fs: AttributionFs, pods: ReadonlyMap<string, PodRef> | undefined, tally: SourceTally): CniAttachment[] {
    const attachments: CniAttachment[] = [];
    for (const dir of CNI_RESULT_DIRS) attachments.push(...this.readDir(fs, dir, this.results, tally));
    const named = new Set(attachments.map((a) => `${a.sandbox}/${a.address}`));
    for (const attachment of this.readDir(fs, SRIOV_CNI_DIR, this.sriov, tally)) {
      if (!named.has(`${attachment.sandbox}/${attachment.address}`)) attachments.push(attachment);
    }
    this.results.sweep();
    this.sriov.sweep();
    return attachments.filter((a) => {
      const stale = pods !== undefined && a.pod?.uid !== undefined && !pods.has(a.pod.uid);
      if (stale) tally.count('stale');
      return !stale;
    });
  }

  private readDir(fs: AttributionFs, dir: string, cache: ParsedFileCache<CniAttachment>, tally: SourceTally): CniAttachment[] {
    const names = fs.list(dir, { sorted: false });
    if (names === undefined) return [];
    if (isIssue(names)) {
      tally.down(names);
      return [];
    }
    tally.present = true;
    const found: CniAttachment[] = [];
    for (const name of names) {
      if (dir === SRIOV_CNI_DIR && name === 'pci') continue; // the allocator's own directory
      const reading = cache.read(fs, `${dir}/${name}`);
      if (reading.state === 'unreadable') tally.issue(reading.issue);
      if (reading.state !== 'read') continue;
      if (!isIssue(reading.result)) found.push(reading.result);
      else if (reading.result.code !== 'ESHAPE') tally.count('parse');
    }
    return found;
  }
}
