// Files parsed once per change: libvirt status XML, the kubelet checkpoint, CNI caches, Proxmox files are
// rewritten seldom and read at every refresh. A file is read and parsed again only when its version
// (mtime, size, inode) differs from the one parsed; a half-written file is re-read once it changes.
// Owned by the reader that uses it; nothing global.

import { isIssue, type ReadIssue } from '../../fact.js';
import type { Parsed } from '../../fact.js';
import type { AttributionFs } from './attribution-fs.js';

export type FileReading<T> =
  | { readonly state: 'absent' }
  | { readonly state: 'unreadable'; readonly issue: ReadIssue }
  | { readonly state: 'read'; readonly result: Parsed<T> };

const ABSENT = { state: 'absent' } as const;

export class ParsedFileCache<T> {
  private readonly entries = new Map<string, { readonly version: string; readonly reading: FileReading<T> }>();
  private readonly touched = new Set<string>();

  /** parse gets the text and the file's host path (some formats put facts in the name). */
  constructor(private readonly parse: (text: string, hostPath: string) => Parsed<T>) {}

  read(fs: AttributionFs, hostPath: string): FileReading<T> {
    this.touched.add(hostPath);
    const version = fs.version(hostPath);
    if (version === undefined) return ABSENT;
    if (isIssue(version)) return { state: 'unreadable', issue: version };
    const cached = this.entries.get(hostPath);
    if (cached?.version === version) return cached.reading;
    const text = fs.readText(hostPath);
    if (text === undefined) return ABSENT; // removed since
    const reading: FileReading<T> = isIssue(text) ? { state: 'unreadable', issue: text } : { state: 'read', result: this.parse(text, hostPath) };
    // An unreadable file is asked again next time: permissions change without the mtime.
    if (!isIssue(text)) this.entries.set(hostPath, { version, reading });
    return reading;
  }

  /** Forget the files not read since the last sweep (a VM stopped, its status file removed). */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.touched.has(key)) this.entries.delete(key);
    this.touched.clear();
  }
}
