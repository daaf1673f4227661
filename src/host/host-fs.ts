// HostFs: the only code that reads the host's files. Read-only, rooted, tolerant.
//
// Paths are the host's own absolute paths (/sys/…, /proc/…, /etc/…). They are mapped onto three real
// directories (--path.rootfs, --path.sysfs, --path.procfs) and symbolic links are resolved by us, inside
// that view, never by the kernel against the real `/` — a relative link with too many `..` stops at the
// root, an absolute link points into the rooted tree. Errors never throw: ENOENT/ENOTDIR mean absent
// (`undefined`), everything else becomes a ReadIssue naming the host path.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Fact, type ReadIssue, readIssue, isIssue } from './read-issue.js';

export interface HostRoots {
  /** Real directory that holds the host's `/` (default `/`). */
  readonly rootfs: string;
  /** Real directory that holds the host's `/sys` (default `<rootfs>/sys`). */
  readonly sysfs: string;
  /** Real directory that holds the host's `/proc` (default `<rootfs>/proc`). */
  readonly procfs: string;
}

export type EntryType = 'file' | 'directory' | 'symlink' | 'other';

const MAX_LINK_HOPS = 40; // as the kernel's MAXSYMLINKS
const MAX_TEXT_BYTES = 4 * 1024 * 1024;
/** kernfs reads return at most one page (PAGE_SIZE, 4 KiB on x86 and the usual arm64 kernels). */
const SYSFS_PAGE = 4096;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW;

export function defaultRoots(rootfs = '/', sysfs?: string, procfs?: string): HostRoots {
  const root = path.resolve(rootfs);
  return {
    rootfs: root,
    sysfs: path.resolve(sysfs ?? path.join(root, 'sys')),
    procfs: path.resolve(procfs ?? path.join(root, 'proc')),
  };
}

export class HostFs {
  readonly roots: HostRoots;
  /** canonical parent + '/' + name → canonical path; one instance is one consistent look at the host. */
  private readonly resolved = new Map<string, string>();
  private readonly scratch = Buffer.allocUnsafe(65536);

  constructor(roots: HostRoots) {
    this.roots = roots;
  }

  /** True when the rooted view is the machine this process runs on. */
  get isLiveRoot(): boolean {
    return this.roots.rootfs === '/' && this.roots.sysfs === '/sys' && this.roots.procfs === '/proc';
  }

  /** The real path of a host path (no link resolution). */
  realPath(hostPath: string): string {
    // Paths built by the readers are already normal; only odd ones pay for normalize().
    const p = hostPath.includes('//') || hostPath.includes('/.') ? path.posix.normalize(hostPath) : hostPath;
    if (p === '/sys' || p.startsWith('/sys/')) return this.roots.sysfs + p.slice(4);
    if (p === '/proc' || p.startsWith('/proc/')) return this.roots.procfs + p.slice(5);
    return this.roots.rootfs === '/' ? p : this.roots.rootfs + p;
  }

  /** Canonical host path with every link resolved inside the root; undefined when some component is absent. */
  resolve(hostPath: string): Fact<string> {
    // Most paths asked for are directories already resolved once (a device's directory): one lookup.
    const hit = this.resolved.get(hostPath);
    if (hit !== undefined) return hit;
    return this.resolveWithin(hostPath, { hops: 0 }, hostPath);
  }

  private resolveWithin(hostPath: string, budget: { hops: number }, original: string): Fact<string> {
    const pending = splitPath(hostPath);
    let current = '/';
    for (const name of pending) {
      if (name === '.') continue;
      if (name === '..') {
        current = path.posix.dirname(current);
        continue;
      }
      const next = current === '/' ? `/${name}` : `${current}/${name}`;
      const cached = this.resolved.get(next);
      if (cached !== undefined) {
        current = cached;
        continue;
      }
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(this.realPath(next));
      } catch (error) {
        return fromError(next, error);
      }
      if (!stat.isSymbolicLink()) {
        this.resolved.set(next, next);
        current = next;
        continue;
      }
      if (++budget.hops > MAX_LINK_HOPS) return readIssue(original, 'ELOOP');
      let target: string;
      try {
        target = fs.readlinkSync(this.realPath(next));
      } catch (error) {
        return fromError(next, error);
      }
      // A relative target is taken from the link's own directory; an absolute one from the rooted `/`.
      const base = target.startsWith('/') ? target : `${current}/${target}`; // no lexical '..' folding
      const sub = this.resolveWithin(base, budget, original);
      if (sub === undefined || isIssue(sub)) return sub;
      this.resolved.set(next, sub);
      current = sub;
    }
    return current;
  }

  /** Raw target of a symbolic link (undefined when absent or not a link). */
  readLink(hostPath: string): Fact<string> {
    const { parent, name } = splitHostPath(hostPath);
    const dir = this.resolve(parent);
    if (dir === undefined || isIssue(dir)) return dir;
    const link = childPath(dir, name);
    try {
      return fs.readlinkSync(this.realPath(link));
    } catch (error) {
      if (errnoOf(error) === 'EINVAL') return undefined; // not a link
      return fromError(hostPath, error);
    }
  }

  /**
   * Last component of where a link points (`driver` → `ice`, `iommu_group` → `58`). Taken from the link's
   * own target text — the kernel's links end in the name — so no walk through the target is needed.
   */
  linkName(hostPath: string): Fact<string> {
    const target = this.readLink(hostPath);
    if (typeof target !== 'string') return target; // absent, not a link, or unreadable
    const name = path.posix.basename(target);
    return name === '' || name === '.' || name === '..' ? readIssue(hostPath, 'EPARSE', `link to ${target}`) : name;
  }

  /** Type of the entry itself (links are not followed). */
  entryType(hostPath: string): Fact<EntryType> {
    const { parent, name } = splitHostPath(hostPath);
    const dir = this.resolve(parent);
    if (dir === undefined || isIssue(dir)) return dir;
    try {
      const stat = fs.lstatSync(this.realPath(childPath(dir, name)));
      if (stat.isSymbolicLink()) return 'symlink';
      if (stat.isDirectory()) return 'directory';
      if (stat.isFile()) return 'file';
      return 'other';
    } catch (error) {
      return fromError(hostPath, error);
    }
  }

  /** Whether a path exists after following links inside the root. */
  exists(hostPath: string): Fact<boolean> {
    const resolved = this.resolve(hostPath);
    if (isIssue(resolved)) return resolved;
    return resolved !== undefined;
  }

  /**
   * Names in a directory, sorted with numbers in natural order (virtfn2 before virtfn10); in the kernel's
   * order with `{ sorted: false }`, for callers that order them themselves (natural sorting of thousands of
   * names costs milliseconds).
   */
  list(hostPath: string, options: { readonly sorted?: boolean } = {}): Fact<string[]> {
    const dir = this.resolve(hostPath);
    if (dir === undefined || isIssue(dir)) return dir;
    try {
      const names = fs.readdirSync(this.realPath(dir));
      return options.sorted === false ? names : names.sort(naturalCompare);
    } catch (error) {
      return fromError(hostPath, error);
    }
  }

  /** File content as text (sysfs attributes, proc files, config files). */
  readText(hostPath: string, maxBytes = MAX_TEXT_BYTES): Fact<string> {
    const bytes = this.readBytes(hostPath, maxBytes);
    if (bytes === undefined || isIssue(bytes)) return bytes;
    return bytes.toString('utf8');
  }

  /** File content as bytes, at most maxBytes (PCI config space, binary tables). */
  readBytes(hostPath: string, maxBytes: number): Fact<Buffer> {
    const { parent, name } = splitHostPath(hostPath);
    const dir = this.resolve(parent);
    if (dir === undefined || isIssue(dir)) return dir;
    const direct = childPath(dir, name);
    const first = this.readNoFollow(direct, hostPath, maxBytes);
    if (!isIssue(first) || first.code !== 'ELOOP') return first;
    // The last component is a link: resolve it inside the root, then read the target.
    const target = this.resolve(direct);
    if (target === undefined || isIssue(target)) return target;
    return this.readNoFollow(target, hostPath, maxBytes);
  }

  private readNoFollow(canonical: string, reported: string, maxBytes: number): Fact<Buffer> {
    let fd: number;
    try {
      fd = fs.openSync(this.realPath(canonical), fs.constants.O_RDONLY | O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (error) {
      return fromError(reported, error);
    }
    try {
      // sysfs reports 4096 as the size of every attribute, so read until end of file rather than trust
      // fstat; reading into one reused buffer keeps thousands of small reads from feeding the GC.
      // A sysfs file hands out at most a page per read and all of a text attribute in the first one, so a
      // first read shorter than a page is the whole file: that spares the read that would return 0, once
      // per attribute (thousands per scrape). Other files are read to the end.
      const sysfs = canonical.startsWith('/sys/');
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const want = Math.min(this.scratch.length, maxBytes - total);
        if (want <= 0) break;
        const n = fs.readSync(fd, this.scratch, 0, want, null);
        if (n === 0) break;
        chunks.push(Buffer.from(this.scratch.subarray(0, n)));
        total += n;
        if (sysfs && total === n && n < SYSFS_PAGE && n < want) break;
      }
      return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
    } catch (error) {
      return fromError(reported, error);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/**
 * Parent and last component of a host path. The readers build plain absolute paths; those are split with
 * string operations (thousands per scrape), anything unusual goes through path.posix.
 */
function splitHostPath(hostPath: string): { parent: string; name: string } {
  const cut = hostPath.lastIndexOf('/');
  if (cut > 0 && cut < hostPath.length - 1 && !hostPath.includes('//') && !hostPath.includes('/.')) {
    return { parent: hostPath.slice(0, cut), name: hostPath.slice(cut + 1) };
  }
  return { parent: path.posix.dirname(hostPath), name: path.posix.basename(hostPath) };
}

/** A canonical directory joined with one plain name (what path.posix.join gives for these, without its normalising). */
function childPath(dir: string, name: string): string {
  if (name === '' || name === '.' || name === '..') return path.posix.join(dir, name);
  return dir === '/' ? `/${name}` : `${dir}/${name}`;
}

function splitPath(p: string): string[] {
  return p.split('/').filter((part) => part.length > 0);
}

export function errnoOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : 'EUNKNOWN';
}

function fromError(hostPath: string, error: unknown): Fact<never> {
  const code = errnoOf(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
  return readIssue(hostPath, code);
}

/** Compare names so that embedded numbers sort numerically: rx-2 < rx-10, virtfn9 < virtfn10. */
export function naturalCompare(a: string, b: string): number {
  return NATURAL.compare(a, b);
}

const NATURAL = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export type { ReadIssue };
