// The comparison behind "fixtures are up to date" names each difference from the committed tree's side: a file
// only committed is "not generated", a file only generated is "missing in the committed tree". A swap of the two
// messages sends whoever reads the failure to fix the wrong side.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { treeDifferences } from '../support/tree-diff.js';

t.test('each difference is named from the committed tree\'s side', async (t) => {
  const dir = t.testdir({
    committed: { same: 'x\n', changed: 'old\n', 'only-committed': 'gone\n', kept: { 'file': '1\n' } },
    generated: { same: 'x\n', changed: 'new\n', 'only-generated': 'new\n', kept: { 'file': '1\n' }, empty: {} },
  });
  fs.symlinkSync('same', path.join(dir, 'committed/link'));
  fs.symlinkSync('changed', path.join(dir, 'generated/link'));
  t.strictSame(treeDifferences(path.join(dir, 'committed'), path.join(dir, 'generated')), [
    'changed: content differs',
    'link: link differs',
    'only-committed: not generated',
    'only-generated: missing in the committed tree',
  ]);
});

t.test('identical trees have no difference; an empty directory counts as none (git keeps none)', async (t) => {
  const dir = t.testdir({ a: { f: '1\n', empty: {} }, b: { f: '1\n' } });
  t.strictSame(treeDifferences(path.join(dir, 'a'), path.join(dir, 'b')), []);
});

t.test('a file against a directory, and the limit on how many are listed', async (t) => {
  const dir = t.testdir({ a: { x: '1\n', y: '1\n', z: '1\n' }, b: { x: { inner: '1\n' }, y: '2\n', z: '2\n' } });
  t.strictSame(treeDifferences(path.join(dir, 'a'), path.join(dir, 'b'), 2), ['x: file vs directory', 'y: content differs']);
});
