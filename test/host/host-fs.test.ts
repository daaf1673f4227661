import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots, naturalCompare } from '../../src/host/host-fs.js';
import { isIssue } from '../../src/fact.js';

function makeRoot(t: Test): string {
  const root = t.testdir({
    sys: {
      devices: {
        'pci0000:00': {
          '0000:00:03.0': {
            '0000:03:00.0': { vendor: '0x8086\n', driver: t.fixture('symlink', '../../../../bus/pci/drivers/ixgbe') },
          },
        },
      },
      bus: {
        pci: {
          devices: { '0000:03:00.0': t.fixture('symlink', '../../../devices/pci0000:00/0000:00:03.0/0000:03:00.0') },
          drivers: { ixgbe: {} },
        },
      },
      escape: t.fixture('symlink', '../../../../../../../../etc'),
      absolute: t.fixture('symlink', '/sys/devices'),
      loop1: t.fixture('symlink', 'loop2'),
      loop2: t.fixture('symlink', 'loop1'),
    },
    etc: { 'os-release': 'ID=fixture\n' },
  });
  return root;
}

t.test('reads through relative links inside the root', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.equal(host.readText('/sys/bus/pci/devices/0000:03:00.0/vendor'), '0x8086\n');
  t.equal(host.linkName('/sys/bus/pci/devices/0000:03:00.0/driver'), 'ixgbe');
  t.equal(host.resolve('/sys/bus/pci/devices/0000:03:00.0'), '/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0');
});

t.test('a link with too many .. stops at the root instead of reaching the real /', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.equal(host.resolve('/sys/escape'), '/etc');
  t.equal(host.readText('/sys/escape/os-release'), 'ID=fixture\n');
});

t.test('an absolute link points into the rooted tree', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.same(host.list('/sys/absolute'), ['pci0000:00']);
});

t.test('absent is undefined, a loop is an ELOOP issue naming the path', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.equal(host.readText('/sys/bus/pci/devices/0000:03:00.0/sriov_numvfs'), undefined);
  t.equal(host.readText('/nonexistent/file'), undefined);
  const loop = host.readText('/sys/loop1');
  t.ok(isIssue(loop));
  t.match(loop, { path: '/sys/loop1', code: 'ELOOP' });
});

t.test('a directory read as a file is an issue, not a crash', async (t) => {
  const host = new HostFs(defaultRoots(makeRoot(t)));
  t.match(host.readText('/sys/devices'), { kind: 'issue', code: 'EISDIR' });
});

t.test('sysfs and procfs can live outside the rootfs', async (t) => {
  const dir = t.testdir({ rootfs: { etc: { hostname: 'a\n' } }, s: { x: '1\n' }, p: { cmdline: 'ro\n' } });
  const host = new HostFs(defaultRoots(path.join(dir, 'rootfs'), path.join(dir, 's'), path.join(dir, 'p')));
  t.equal(host.readText('/etc/hostname'), 'a\n');
  t.equal(host.readText('/sys/x'), '1\n');
  t.equal(host.readText('/proc/cmdline'), 'ro\n');
  t.notOk(host.isLiveRoot);
});

t.test('a directory whose children are looked up often is listed once: its links still resolve inside the root', async (t) => {
  // Twelve VFs beside their PF under one bridge, as the kernel lays them out, reached through /sys/bus/pci/devices;
  // after the first few lookups the bridge's entries come from one listing, not one lstat each.
  const vfs = Array.from({ length: 12 }, (_, i) => `0000:03:0${Math.floor(i / 8) + 2}.${i % 8}`);
  const bridge = {
    '0000:03:00.0': { vendor: '0x8086\n' },
    escape: t.fixture('symlink', '../../../../../../../../etc'),
    absolute: t.fixture('symlink', '/etc'),
    loop1: t.fixture('symlink', 'loop2'),
    loop2: t.fixture('symlink', 'loop1'),
    subordinate_bus_number: '3\n',
    ...Object.fromEntries(vfs.map((vf) => [vf, { vendor: '0x8086\n', physfn: t.fixture('symlink', '../0000:03:00.0') }])),
  };
  const root = t.testdir({
    sys: {
      devices: { 'pci0000:00': { '0000:00:03.0': bridge } },
      bus: { pci: { devices: Object.fromEntries(vfs.map((vf) => [vf, t.fixture('symlink', `../../../devices/pci0000:00/0000:00:03.0/${vf}`)])) } },
    },
    etc: { 'os-release': 'ID=fixture\n' },
  });
  const host = new HostFs(defaultRoots(root));
  t.same(host.list('/sys/bus/pci/devices'), vfs, 'the link directory, listed');
  for (const vf of vfs) {
    t.equal(host.resolve(`/sys/bus/pci/devices/${vf}`), `/sys/devices/pci0000:00/0000:00:03.0/${vf}`, `${vf} resolves`);
    t.equal(host.resolve(`/sys/bus/pci/devices/${vf}/physfn`), '/sys/devices/pci0000:00/0000:00:03.0/0000:03:00.0', `${vf}/physfn resolves`);
  }
  const dir = '/sys/devices/pci0000:00/0000:00:03.0';
  t.equal(host.resolve(`${dir}/escape`), '/etc', 'too many .. stops at the root');
  t.equal(host.readText(`${dir}/escape/os-release`), 'ID=fixture\n');
  t.equal(host.readText(`${dir}/absolute/os-release`), 'ID=fixture\n', 'an absolute link points into the root');
  t.match(host.readText(`${dir}/loop1/x`), { kind: 'issue', path: `${dir}/loop1`, code: 'ELOOP' });
  t.equal(host.readText(`${dir}/subordinate_bus_number`), '3\n');
  t.equal(host.resolve(`${dir}/0000:03:0f.0`), undefined, 'a name the listing lacks is absent');
  t.equal(host.readText(`${dir}/0000:03:0f.0/vendor`), undefined);
  t.equal(host.readText(`${dir}/subordinate_bus_number/x`), undefined, 'a file is no directory');
});

t.test('names looked up in the root do not hide sysfs and procfs that live elsewhere', async (t) => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const dir = t.testdir({ rootfs: Object.fromEntries(names.map((n) => [n, `${n}\n`])), s: { x: '1\n' }, p: { cmdline: 'ro\n' } });
  const host = new HostFs(defaultRoots(path.join(dir, 'rootfs'), path.join(dir, 's'), path.join(dir, 'p')));
  for (const n of names) t.equal(host.readText(`/${n}/x`), undefined, `/${n} is a file`);
  t.same(host.list('/'), names);
  t.equal(host.readText('/sys/x'), '1\n');
  t.equal(host.readText('/proc/cmdline'), 'ro\n');
});

t.test('unreadable files are EACCES issues when not running as root', { skip: process.getuid?.() === 0 ? 'root reads everything' : false }, async (t) => {
  const dir = t.testdir({ f: 'secret' });
  fs.chmodSync(path.join(dir, 'f'), 0o000);
  const host = new HostFs(defaultRoots(dir));
  t.match(host.readText('/f'), { kind: 'issue', code: 'EACCES' });
});

t.test('natural order sorts virtfn and queue names numerically', async (t) => {
  t.same(['virtfn10', 'virtfn2', 'virtfn0', 'virtfn1'].sort(naturalCompare), ['virtfn0', 'virtfn1', 'virtfn2', 'virtfn10']);
  t.same(['rx-10', 'tx-0', 'rx-2'].sort(naturalCompare), ['rx-2', 'rx-10', 'tx-0']);
});

t.test('natural order: decimal runs by value (hex bus numbers too, digit by digit), leading zeros, the rest by code unit', async (t) => {
  const cases: [string[], string[]][] = [
    [['0000:10:00.0', '0000:0a:00.0', '0000:3b:00.1', '0000:3b:00.0'], ['0000:0a:00.0', '0000:3b:00.0', '0000:3b:00.1', '0000:10:00.0']],
    [['dmar10', 'dmar2', 'dmar01', 'dmar1'], ['dmar1', 'dmar01', 'dmar2', 'dmar10']],
    [['99-z.rules', '70-sriov.rules', '7-a.rules'], ['7-a.rules', '70-sriov.rules', '99-z.rules']],
    [['a', 'a1', ''], ['', 'a', 'a1']],
  ];
  for (const [input, want] of cases) t.same([...input].sort(naturalCompare), want, want.join(' < '));
});
