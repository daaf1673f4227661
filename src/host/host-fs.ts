// HostFs: the only code that reads the host's files. Read-only, rooted, tolerant.
//
// Paths are the host's own absolute paths (/sys/…, /proc/…, /etc/…). They are mapped onto three real
// directories (--path.rootfs, --path.sysfs, --path.procfs) and symbolic links are resolved by us, inside
// that view, never by the kernel against the real `/` — a relative link with too many `..` stops at the
// root, an absolute link points into the rooted tree. Errors never throw: ENOENT/ENOTDIR mean absent
// (`undefined`), everything else becomes a ReadIssue naming the host path.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Fact, type ReadIssue, isIssue, parseFact, readIssue } from '../fact.js';
import { RandomAccessFile } from './random-access-file.js';

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
/** Children of one directory looked up one lstat each before the directory is listed once instead. */
const LIST_AFTER_LOOKUPS = 8;
const MAX_TEXT_BYTES = 4 * 1024 * 1024;
const O_NOFOLLOW = fs.constants.O_NOFOLLOW;

/** A host file read and parsed: a parser returning undefined marks its content as garbage (EPARSE). */
export function readFact<T>(host: HostFs, hostPath: string, parse: (text: string) => T | undefined, expected: string, maxBytes?: number): Fact<T> {
  return parseFact(hostPath, host.readText(hostPath, maxBytes), parse, expected);
}

/**
 * Whether the roots are the machine this process runs on: the one definition. Only then may a reader ask this
 * machine itself (systeminformation, this process's own pci.ids): otherwise the answer would describe the wrong host.
 */
export function isLiveRoot(roots: HostRoots): boolean {
  return roots.rootfs === '/' && roots.sysfs === '/sys' && roots.procfs === '/proc';
}

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
  /**
   * canonical directory → the type of each entry, from one listing in this run. Resolution takes a child's type
   * from here instead of an lstat: the 1,040 links of /sys/bus/pci/devices, or 64 VFs beside their PF, cost one
   * directory read instead of an lstat each. A name not listed is absent, as an lstat's ENOENT would say.
   */
  private readonly listings = new Map<string, Map<string, EntryType>>();
  /** canonical directory → children looked up by lstat so far; a directory that could not be listed stays out of it. */
  private readonly lookups = new Map<string, number>();
  private readonly scratch = Buffer.allocUnsafe(65536);

  constructor(roots: HostRoots) {
    this.roots = roots;
  }

  /** True when the rooted view is the machine this process runs on. */
  get isLiveRoot(): boolean {
    return isLiveRoot(this.roots);
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
      const type = this.childType(current, name, next);
      if (type === undefined || isIssue(type)) return type;
      if (type !== 'symlink') {
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

  /** The type of `child`, the entry `name` of the canonical directory `dir`: from its listing, or one lstat. */
  private childType(dir: string, name: string, child: string): Fact<EntryType> {
    const listing = this.listings.get(dir) ?? this.listOften(dir);
    if (listing !== undefined) return listing.get(name);
    try {
      return typeOfEntry(fs.lstatSync(this.realPath(child)));
    } catch (error) {
      return fromError(child, error);
    }
  }

  /** The listing of a directory whose children were looked up often enough; undefined before (or when unreadable). */
  private listOften(dir: string): Map<string, EntryType> | undefined {
    const count = this.lookups.get(dir) ?? 0;
    // Never the root's: its `sys` and `proc` are --path.sysfs and --path.procfs, which need not be in --path.rootfs.
    if (count < 0 || dir === '/') return undefined;
    if (count + 1 < LIST_AFTER_LOOKUPS) {
      this.lookups.set(dir, count + 1);
      return undefined;
    }
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(this.realPath(dir), { withFileTypes: true });
    } catch {
      // Searchable but not readable (mode 0711), or gone: each child is looked up by lstat, as before.
      this.lookups.set(dir, -1);
      return undefined;
    }
    const listing = new Map<string, EntryType>();
    for (const entry of entries) listing.set(entry.name, typeOfEntry(entry));
    this.listings.set(dir, listing);
    return listing;
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
    const child = childPath(dir, name);
    try {
      const type = typeOfEntry(fs.lstatSync(this.realPath(child)));
      // Not a link: its own canonical path, as resolveWithin records it (a later list() or readText() of
      // the same path needs no second lstat).
      if (type !== 'symlink') this.resolved.set(child, child);
      return type;
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

  /**
   * What changes when a file is written or replaced (modification time in ns, size, inode): a reader that
   * keeps what it parsed re-reads the file only when this differs. Links are followed inside the root.
   */
  version(hostPath: string): Fact<string> {
    const target = this.resolve(hostPath);
    if (target === undefined || isIssue(target)) return target;
    try {
      const stat = fs.statSync(this.realPath(target), { bigint: true });
      return `${stat.mtimeNs}:${stat.size}:${stat.ino}`;
    } catch (error) {
      return fromError(hostPath, error);
    }
  }

  /** File content as text (sysfs attributes, proc files, config files). */
  readText(hostPath: string, maxBytes = MAX_TEXT_BYTES): Fact<string> {
    return this.readFile(hostPath, maxBytes, true) as Fact<string>;
  }

  /** File content as bytes, at most maxBytes (PCI config space, binary tables). */
  readBytes(hostPath: string, maxBytes: number): Fact<Buffer> {
    return this.readFile(hostPath, maxBytes, false) as Fact<Buffer>;
  }

  private readFile(hostPath: string, maxBytes: number, text: boolean): Fact<string | Buffer> {
    const { parent, name } = splitHostPath(hostPath);
    const dir = this.resolve(parent);
    if (dir === undefined || isIssue(dir)) return dir;
    const direct = childPath(dir, name);
    const first = this.readNoFollow(direct, hostPath, maxBytes, text);
    if (!isIssue(first) || first.code !== 'ELOOP') return first;
    // The last component is a link: resolve it inside the root, then read the target.
    const target = this.resolve(direct);
    if (target === undefined || isIssue(target)) return target;
    return this.readNoFollow(target, hostPath, maxBytes, text);
  }

  /**
   * The end of a file that grows (a log): at most maxBytes, starting at a whole line. A kernel log spans
   * weeks; what matters is the current boot, which is at its end.
   */
  readTail(hostPath: string, maxBytes: number): Fact<TailText> {
    const target = this.resolve(hostPath);
    if (target === undefined || isIssue(target)) return target;
    return tailOf(this.realPath(target), hostPath, maxBytes);
  }

  /** A regular file opened for reads at offsets (journal files); the caller closes it. */
  openRandomAccess(hostPath: string): Fact<RandomAccessFile> {
    const target = this.resolve(hostPath);
    if (target === undefined || isIssue(target)) return target;
    let fd: number;
    try {
      fd = fs.openSync(this.realPath(target), fs.constants.O_RDONLY | O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (error) {
      return fromError(hostPath, error);
    }
    try {
      const stat = fs.fstatSync(fd);
      if (stat.isFile()) return new RandomAccessFile(fd, stat.size);
      fs.closeSync(fd);
      return readIssue(hostPath, stat.isDirectory() ? 'EISDIR' : 'EINVAL', stat.isDirectory() ? undefined : 'not a regular file');
    } catch (error) {
      fs.closeSync(fd);
      return fromError(hostPath, error);
    }
  }

  private readNoFollow(canonical: string, reported: string, maxBytes: number, text: boolean): Fact<string | Buffer> {
    let fd: number;
    try {
      fd = fs.openSync(this.realPath(canonical), fs.constants.O_RDONLY | O_NOFOLLOW | fs.constants.O_NONBLOCK);
    } catch (error) {
      return fromError(reported, error);
    }
    try {
      // sysfs reports 4096 as the size of every attribute, so read rather than trust fstat, into one
      // reused buffer that keeps thousands of small reads from feeding the GC.
      const first = fs.readSync(fd, this.scratch, 0, Math.min(this.scratch.length, maxBytes), null);
      // A read shorter than asked is the end of the file: sysfs attributes come whole, and proc's seq_file
      // and regular files fill the buffer while there is more. Nearly every file ends here, decoded where
      // it lies: one read instead of two, and no copy.
      if (first < this.scratch.length || first >= maxBytes) {
        return text ? this.scratch.toString('utf8', 0, first) : Buffer.from(this.scratch.subarray(0, first));
      }
      const chunks: Buffer[] = [Buffer.from(this.scratch.subarray(0, first))];
      let total = first;
      for (;;) {
        const want = Math.min(this.scratch.length, maxBytes - total);
        if (want <= 0) break;
        const n = fs.readSync(fd, this.scratch, 0, want, null);
        if (n === 0) break;
        chunks.push(Buffer.from(this.scratch.subarray(0, n)));
        total += n;
      }
      const whole = Buffer.concat(chunks, total);
      return text ? whole.toString('utf8') : whole;
    } catch (error) {
      return fromError(reported, error);
    } finally {
      fs.closeSync(fd);
    }
  }
}

export interface TailText {
  readonly text: string;
  /** Bytes in the file; 0 for a pipe or a file that does not report its size. */
  readonly size: number;
  /** The start of the file was skipped. */
  readonly truncated: boolean;
}

/**
 * A file the user named on the command line (--kernel-log): a path on this machine, not a host path, so it
 * is read as given; `-` is standard input (`journalctl -k -b | sriov-check --kernel-log -`).
 */
export function readLocalTail(file: string, maxBytes: number): Fact<TailText> {
  if (file !== '-') return tailOf(file, file, maxBytes);
  try {
    const whole = fs.readFileSync(0);
    return cutToTail(whole, whole.length, maxBytes);
  } catch (error) {
    return readIssue('standard input', errnoOf(error));
  }
}

function tailOf(real: string, reported: string, maxBytes: number): Fact<TailText> {
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    return fromError(reported, error);
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return readIssue(reported, 'EISDIR');
    const start = stat.size > maxBytes ? stat.size - maxBytes : 0;
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, stat.size > 0 ? stat.size - start : maxBytes));
    let total = 0;
    while (total < buffer.length) {
      const n = fs.readSync(fd, buffer, total, buffer.length - total, stat.size > 0 ? start + total : null);
      if (n === 0) break;
      total += n;
    }
    return cutToTail(buffer.subarray(0, total), stat.size, maxBytes, start > 0);
  } catch (error) {
    return fromError(reported, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Keep the last maxBytes, dropping a partial first line when the start was cut. */
function cutToTail(bytes: Buffer, size: number, maxBytes: number, alreadyCut = false): TailText {
  let body = bytes;
  let truncated = alreadyCut;
  if (body.length > maxBytes) {
    body = body.subarray(body.length - maxBytes);
    truncated = true;
  }
  if (truncated) {
    const newline = body.indexOf(10);
    body = newline < 0 ? body.subarray(body.length) : body.subarray(newline + 1);
  }
  return { text: body.toString('utf8'), size, truncated };
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

/** What an lstat or a directory entry says the entry is (a link is never followed). */
function typeOfEntry(entry: fs.Stats | fs.Dirent): EntryType {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'directory';
  if (entry.isFile()) return 'file';
  return 'other';
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

/**
 * Compare names so that embedded numbers sort numerically: rx-2 < rx-10, virtfn9 < virtfn10; everything else by
 * code unit. Written out rather than an Intl.Collator: building one loads ICU data (~9 ms, every run), and
 * sysfs names are ASCII, for which a locale's order is no better than the byte order.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ai = i;
      let bj = j;
      while (a.charCodeAt(ai) === 48) ai++; // leading zeros say nothing about the value
      while (b.charCodeAt(bj) === 48) bj++;
      let ae = ai;
      let be = bj;
      while (isDigit(a.charCodeAt(ae))) ae++;
      while (isDigit(b.charCodeAt(be))) be++;
      if (ae - ai !== be - bj) return ae - ai - (be - bj);
      for (let k = 0; k < ae - ai; k++) {
        const d = a.charCodeAt(ai + k) - b.charCodeAt(bj + k);
        if (d !== 0) return d;
      }
      if (ae - i !== be - j) return ae - i - (be - j); // equal values: fewer leading zeros first
      i = ae;
      j = be;
    } else {
      if (ca !== cb) return ca - cb;
      i++;
      j++;
    }
  }
  return a.length - i - (b.length - j);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export type { ReadIssue };
