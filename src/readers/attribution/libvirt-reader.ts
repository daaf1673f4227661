// libvirt's running domains from their status files, /run/libvirt/qemu/<domain>.xml (root 0600: a non-root
// exporter gets EACCES and the source is down). A file whose QEMU no longer runs is stale and left out.

import { isIssue } from '../../fact.js';
import type { LibvirtDomain } from '../../attribution/consumer-evidence.js';
import { parseLibvirtStatus, type LibvirtStatus } from '../../parse/attribution/libvirt-status.js';
import type { AttributionFs } from './attribution-fs.js';
import { ParsedFileCache } from './parsed-file-cache.js';
import { type ProcessView, isRunning } from './process-liveness.js';
import type { SourceTally } from './source-tally.js';

export const LIBVIRT_STATUS_DIR = '/run/libvirt/qemu';

export class LibvirtReader {
  private readonly files = new ParsedFileCache<LibvirtStatus>((text) => parseLibvirtStatus(text));

  read(fs: AttributionFs, view: ProcessView, tally: SourceTally): LibvirtDomain[] {
    const names = fs.list(LIBVIRT_STATUS_DIR, { sorted: false });
    if (names === undefined) return [];
    if (isIssue(names)) {
      tally.down(names);
      return [];
    }
    tally.present = true;
    const domains: LibvirtDomain[] = [];
    for (const name of names) {
      if (!name.endsWith('.xml')) continue;
      const reading = this.files.read(fs, `${LIBVIRT_STATUS_DIR}/${name}`);
      if (reading.state === 'absent') continue;
      if (reading.state === 'unreadable') {
        tally.issue(reading.issue);
        continue;
      }
      if (isIssue(reading.result)) {
        tally.count('parse');
        continue;
      }
      const status = reading.result;
      const alive = status.pid !== undefined ? isRunning(fs, view, status.pid) : undefined;
      if (alive === false) {
        tally.count('stale');
        continue;
      }
      domains.push({ ...status, ...(alive !== undefined ? { alive } : {}) });
    }
    this.files.sweep();
    return domains;
  }
}
