// A host directory that cannot be written: a read-only bind mount of it when this process may mount (root,
// and a sandbox that allows it), otherwise the tree itself with every write permission removed, to be read
// by nobody (root writes through any mode). Plus a listing of a tree precise enough to show any change.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openPathToOthers } from './run-cli.js';

export interface ReadOnlyView {
  /** Where to point the program. */
  readonly root: string;
  readonly how: 'read-only bind mount' | 'no write permission';
  /** Whether the program must run as nobody for the view to be read-only. */
  readonly asNobody: boolean;
  /** Unmounts (or gives the write permissions back, so that the tree can be removed). */
  release(): void;
}

export function readOnlyView(dir: string): ReadOnlyView {
  if (process.getuid?.() === 0) {
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-ro-'));
    try {
      execFileSync('mount', ['--bind', '-o', 'ro', dir, mountPoint], { stdio: 'ignore' });
      return {
        root: mountPoint,
        how: 'read-only bind mount',
        asNobody: false,
        release: () => {
          execFileSync('umount', [mountPoint], { stdio: 'ignore' });
          fs.rmdirSync(mountPoint);
        },
      };
    } catch {
      fs.rmdirSync(mountPoint); // mounting refused: fall back to permissions
    }
  }
  openPathToOthers(dir);
  setWritable(dir, false);
  return { root: dir, how: 'no write permission', asNobody: true, release: () => setWritable(dir, true) };
}

function setWritable(dir: string, writable: boolean): void {
  const walk = (p: string) => {
    const stat = fs.lstatSync(p);
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory() && writable) fs.chmodSync(p, stat.mode | 0o200);
    if (stat.isDirectory()) for (const name of fs.readdirSync(p)) walk(path.join(p, name));
    fs.chmodSync(p, writable ? stat.mode | 0o200 : (stat.mode & ~0o222) | 0o005);
  };
  walk(dir);
}

/** Every entry of a tree with its type, mode, size, modification time, link target and content hash. */
export function treeListing(dir: string): string[] {
  const rows: string[] = [];
  const walk = (rel: string) => {
    const p = path.join(dir, rel);
    const stat = fs.lstatSync(p);
    const common = `${rel || '.'} mode=${(stat.mode & 0o7777).toString(8)} mtime=${stat.mtimeMs}`;
    if (stat.isSymbolicLink()) rows.push(`${common} -> ${fs.readlinkSync(p)}`);
    else if (stat.isDirectory()) {
      rows.push(`${common} dir`);
      for (const name of fs.readdirSync(p).sort()) walk(path.join(rel, name));
    } else rows.push(`${common} size=${stat.size} sha1=${createHash('sha1').update(fs.readFileSync(p)).digest('hex')}`);
  };
  walk('');
  return rows;
}
