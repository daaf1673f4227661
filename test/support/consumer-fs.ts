// Wrappers around a HostFs for attribution tests: refuse paths with EACCES (root in CI reads everything), make
// paths vanish after they were listed (a process exiting mid-scan), and count every call by method (what the
// caches save is reads, so their tests count reads rather than time them).

import { type HostFs } from '../../src/host/host-fs.js';
import { readIssue } from '../../src/fact.js';
import type { AttributionFs } from '../../src/readers/attribution/attribution-fs.js';

const METHODS = ['list', 'readLink', 'readText', 'exists', 'version'] as const;
type Method = (typeof METHODS)[number];

export interface FsFaults {
  readonly denied?: readonly string[];
  readonly vanished?: readonly string[];
}

const under = (path: string, prefixes: readonly string[] | undefined) => prefixes?.some((p) => path === p || path.startsWith(`${p}/`)) ?? false;

export function faultyFs(host: HostFs, faults: FsFaults): AttributionFs {
  const wrap = <M extends Method>(method: M) =>
    ((path: string, ...rest: unknown[]) => {
      if (under(path, faults.denied)) return readIssue(path, 'EACCES');
      if (under(path, faults.vanished)) return method === 'exists' ? false : undefined;
      return (host[method] as (...args: unknown[]) => unknown).call(host, path, ...rest);
    }) as AttributionFs[M];
  return { list: wrap('list'), readLink: wrap('readLink'), readText: wrap('readText'), exists: wrap('exists'), version: wrap('version') };
}

export class CountingFs implements AttributionFs {
  readonly calls: Record<Method, number> = { list: 0, readLink: 0, readText: 0, exists: 0, version: 0 };
  /** readText calls by path, for asserting which files were (not) read. */
  readonly texts: string[] = [];

  constructor(private readonly inner: AttributionFs) {}

  reset(): void {
    for (const m of METHODS) this.calls[m] = 0;
    this.texts.length = 0;
  }

  list: AttributionFs['list'] = (path, options) => (this.calls.list++, this.inner.list(path, options));
  readLink: AttributionFs['readLink'] = (path) => (this.calls.readLink++, this.inner.readLink(path));
  readText: AttributionFs['readText'] = (path, maxBytes) => (this.calls.readText++, this.texts.push(path), this.inner.readText(path, maxBytes));
  exists: AttributionFs['exists'] = (path) => (this.calls.exists++, this.inner.exists(path));
  version: AttributionFs['version'] = (path) => (this.calls.version++, this.inner.version(path));
}
