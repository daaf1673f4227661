// Compares a committed directory tree with a freshly generated one: files by content, links by their target
// text, directories by entries. Each difference is worded from the committed tree's side.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function treeDifferences(committed: string, generated: string, limit = 20): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    if (out.length >= limit) return;
    const a = path.join(committed, rel);
    const b = path.join(generated, rel);
    const sa = lstatOrUndefined(a);
    const sb = lstatOrUndefined(b);
    if (!sa || !sb) {
      // git keeps no empty directories: one that holds no file is the same as none.
      const present = sa ? a : b;
      if ((sa ?? sb)?.isDirectory() && !holdsFiles(present)) return;
      // Present in the committed tree only: the builder no longer writes it; generated only: not committed yet.
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

function holdsFiles(dir: string): boolean {
  return fs.readdirSync(dir, { withFileTypes: true }).some((e) => !e.isDirectory() || holdsFiles(`${dir}/${e.name}`));
}

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
