// Compares two directory trees: files by content, links by their target text, directories by entries.
// An empty directory counts as absent: git cannot hold one, so a fresh checkout (a new worktree, CI) lacks
// the empty directories the builder makes (an IOMMU unit's devices/ with no device behind it).

import * as fs from 'node:fs';
import * as path from 'node:path';

export function treeDifferences(expected: string, actual: string, limit = 20): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    if (out.length >= limit) return;
    const a = path.join(expected, rel);
    const b = path.join(actual, rel);
    const sa = lstatOrUndefined(a);
    const sb = lstatOrUndefined(b);
    if (!sa || !sb) {
      if (isEmptyDirectory(sa ? a : b, sa ?? sb)) return;
      out.push(`${rel || '.'}: ${sa ? 'not generated' : 'missing in the committed tree'}`);
      return;
    }
    if (sa.isSymbolicLink() || sb.isSymbolicLink()) {
      if (!sa.isSymbolicLink() || !sb.isSymbolicLink() || fs.readlinkSync(a) !== fs.readlinkSync(b)) out.push(`${rel}: link differs`);
      return;
    }
    if (sa.isDirectory() !== sb.isDirectory()) {
      out.push(`${rel}: file vs directory`);
      return;
    }
    if (sa.isDirectory()) {
      const names = new Set([...fs.readdirSync(a), ...fs.readdirSync(b)]);
      for (const name of [...names].sort()) walk(path.join(rel, name));
      return;
    }
    if (!fs.readFileSync(a).equals(fs.readFileSync(b))) out.push(`${rel}: content differs`);
  };
  walk('');
  return out;
}

function isEmptyDirectory(p: string, stat: fs.Stats | undefined): boolean {
  return stat !== undefined && stat.isDirectory() && fs.readdirSync(p).length === 0;
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
