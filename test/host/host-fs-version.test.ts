import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';

t.test('version: changes when a file is rewritten or replaced, follows links in the root, absent is undefined', async (t) => {
  const dir = t.testdir({ run: { 'a.xml': '<a/>' }, var: { run: t.fixture('symlink', '../run') } });
  const first = new HostFs(defaultRoots(dir)).version('/run/a.xml');
  t.type(first, 'string');
  t.equal(new HostFs(defaultRoots(dir)).version('/var/run/a.xml'), first, 'the same file through /var/run');
  t.equal(new HostFs(defaultRoots(dir)).version('/run/a.xml'), first, 'unchanged: the same version');

  // Replaced the way libvirt and the kubelet write (a new file renamed over the old): a new inode.
  fs.writeFileSync(path.join(dir, 'run/a.xml.new'), '<a/>');
  fs.renameSync(path.join(dir, 'run/a.xml.new'), path.join(dir, 'run/a.xml'));
  const replaced = new HostFs(defaultRoots(dir)).version('/run/a.xml');
  t.not(replaced, first);

  // Rewritten in place with another length.
  fs.writeFileSync(path.join(dir, 'run/a.xml'), '<a></a>');
  t.not(new HostFs(defaultRoots(dir)).version('/run/a.xml'), replaced);

  t.equal(new HostFs(defaultRoots(dir)).version('/run/missing.xml'), undefined);
});
