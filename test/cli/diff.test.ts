// sriov-check diff on real pairs of fixture hosts: a BIOS setting lost (ready-amd → amd-epyc-no-ir), a PF
// driver gone (x710-iavf → pf-no-driver, as JSON reports), VFs moved to vfio-pci, nothing at all; and the
// one-line errors.

import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeSnapshotFile } from '../../src/snapshot/snapshot-file.js';
import { changed, fixtureSnapshot } from '../support/check-harness.js';
import { fixtureHost, runCheck } from '../support/run-cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-diff-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

async function save(host: string, kind: 'snapshot' | 'json'): Promise<string> {
  const file = path.join(dir, `${host}.${kind}.json`);
  if (kind === 'snapshot') await runCheck(['--path.rootfs', fixtureHost(host), '--save-snapshot', file]);
  else fs.writeFileSync(file, (await runCheck(['--path.rootfs', fixtureHost(host), '--output', 'json'])).stdout);
  return file;
}

interface JsonDiff {
  regressed: boolean;
  changes: { area: string; subject: string; what: string; before?: string; after?: string; regression: boolean }[];
  notes: string[];
}
const diffJson = async (a: string, b: string) => {
  const result = await runCheck(['diff', a, b, '--output', 'json']);
  return { code: result.code, diff: JSON.parse(result.stdout) as JsonDiff };
};
const find = (d: JsonDiff, subject: string, what: string) => d.changes.find((c) => c.subject.startsWith(subject) && c.what === what);

t.test('ready-amd → amd-epyc-no-ir (snapshots): interrupt remapping lost, half the VFs gone: regressed, exit 1', async (t) => {
  const { code, diff } = await diffJson(await save('ready-amd', 'snapshot'), await save('amd-epyc-no-ir', 'snapshot'));
  t.equal(code, 1);
  t.equal(diff.regressed, true);
  t.match(find(diff, 'host', 'verdict'), { before: 'ready', after: 'not-ready', regression: true });
  t.match(find(diff, 'firmware.iommu.interrupt-remapping host', 'status'), { before: 'pass', after: 'fail', regression: true });
  t.match(find(diff, '0000:41:00.0', 'vfs_enabled'), { before: '8', after: '4', regression: true });
  t.match(find(diff, '0000:41:00.6', 'vanished'), { regression: true });
  t.match(find(diff, '0000:41:00.2', 'driver'), { before: 'mlx5_core', after: 'vfio-pci', regression: false });
  t.match(find(diff, '0000:41:00.0', 'iommu_group'), { before: '31', after: '41', regression: false });
  t.same(diff.notes, []);

  const text = await runCheck(['diff', await save('ready-amd', 'snapshot'), await save('amd-epyc-no-ir', 'snapshot')]);
  t.match(text.stdout, /\nRegressions \(\d+\):\n {2}verdict host verdict: ready → not-ready\n/);
  t.match(text.stdout, /\nResult: REGRESSED\n$/);
});

t.test('the other way round: better, nothing regressed, exit 0', async (t) => {
  const { code, diff } = await diffJson(await save('amd-epyc-no-ir', 'snapshot'), await save('ready-amd', 'snapshot'));
  t.equal(code, 0);
  t.equal(diff.regressed, false);
  t.match(find(diff, '0000:41:00.6', 'appeared'), { regression: false });
});

t.test('x710-iavf → pf-no-driver (JSON reports): the PF lost its driver, a PF vanished, its VFs with it', async (t) => {
  const { code, diff } = await diffJson(await save('x710-iavf', 'json'), await save('pf-no-driver', 'json'));
  t.equal(code, 1);
  t.match(find(diff, '0000:3b:00.0', 'driver'), { before: 'i40e', after: 'none', regression: true });
  t.match(find(diff, '0000:3b:00.1', 'vanished'), { regression: true });
  t.match(find(diff, 'nic.pf.driver-bound 0000:3b:00.0', 'status'), { before: 'pass', after: 'fail', regression: true }, 'matched by PCI address though the netdev is gone');
  t.match(find(diff, '0000:3b:00.0', 'netdev'), { before: 'ens1f0', after: 'none', regression: false });
  const vanished = diff.changes.filter((c) => c.area === 'vf' && c.what === 'vanished');
  t.ok(vanished.length > 0 && vanished.every((c) => c.regression), 'the JSON reports list VFs: the ones that vanished are regressions');
  t.same(diff.notes, [], 'everything compared');
});

t.test('a JSON report without its VF list (an older one): VFs not compared, said so', async (t) => {
  const file = await save('x710-iavf', 'json');
  const older = path.join(dir, 'older.json');
  const { vfs: _vfs, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(older, JSON.stringify(rest));
  const { code, diff } = await diffJson(older, await save('pf-no-driver', 'json'));
  t.equal(code, 1);
  t.same(diff.changes.filter((c) => c.area === 'vf'), []);
  t.match(diff.notes, [/^VFs and IOMMU groups not compared: OLD does not list them/]);
});

t.test('VFs moved from iavf to vfio-pci: each VF\'s driver change, and no regression', async (t) => {
  const before = await fixtureSnapshot('ready-intel');
  const after = changed(before, (s) => {
    for (const d of s.pciDevices) if (d.physfn === '0000:5e:00.0') Object.assign(d, { driver: 'vfio-pci', netdevs: [] });
  });
  const a = path.join(dir, 'before.json');
  const b = path.join(dir, 'after.json');
  writeSnapshotFile(a, before);
  writeSnapshotFile(b, after);
  const { code, diff } = await diffJson(a, b);
  const drivers = diff.changes.filter((c) => c.area === 'vf' && c.what === 'driver');
  t.equal(drivers.length, 8, 'eight VFs changed driver');
  t.ok(drivers.every((c) => c.before === 'iavf' && c.after === 'vfio-pci' && !c.regression));
  t.equal(code, diff.regressed ? 1 : 0, 'the exit code follows the result');
  t.same(diff.changes.filter((c) => c.regression).map((c) => `${c.subject} ${c.what}`), diff.changes.filter((c) => c.regression && c.area === 'check').map((c) => `${c.subject} ${c.what}`), 'only check statuses could regress here');
});

t.test('the same host twice: no changes, exit 0; a snapshot against its own JSON report compares too', async (t) => {
  const snap = await save('ready-intel', 'snapshot');
  const same = await runCheck(['diff', snap, snap]);
  t.equal(same.code, 0);
  t.match(same.stdout, /\nNo changes\.\n/);
  const { code, diff } = await diffJson(snap, await save('ready-intel', 'json'));
  t.equal(code, 0);
  t.same(diff.changes, [], 'the JSON report holds every VF, driver and IOMMU group the snapshot does');
  t.same(diff.notes, []);
});

t.test('one-line errors, exit 2', async (t) => {
  const notJson = path.join(dir, 'not.json');
  fs.writeFileSync(notJson, 'verdict: ready');
  const other = path.join(dir, 'other.json');
  fs.writeFileSync(other, '{"hello": 1}');
  const broken = path.join(dir, 'broken.json');
  const report = JSON.parse(fs.readFileSync(await save('ready-intel', 'json'), 'utf8'));
  report.checks[2].status = 'meh';
  fs.writeFileSync(broken, JSON.stringify(report));
  const good = await save('ready-intel', 'json');
  const cases: [string[], RegExp][] = [
    [['diff', good], /^sriov-check: diff needs two files, OLD and NEW \(got 1\)\n$/],
    [['diff', good, path.join(dir, 'missing.json')], /^sriov-check: diff .*missing\.json: no such file\n$/],
    [['diff', notJson, good], /^sriov-check: diff .*not\.json: not JSON/],
    [['diff', good, other], /^sriov-check: diff .*other\.json: neither a sriov-check JSON report nor a snapshot\n$/],
    [['diff', broken, good], /^sriov-check: .*broken\.json: checks\[2\]\.status: expected pass, warn, fail, skip, unknown, found "meh"\n$/],
    [['diff', good, good, '--output', 'html'], /^sriov-check: diff --output html: expected text or json\n$/],
  ];
  for (const [args, expected] of cases) {
    const result = await runCheck(args);
    t.equal(result.code, 2, args.join(' '));
    t.equal(result.stdout, '');
    t.match(result.stderr, expected);
  }
  t.match((await runCheck(['diff', '--help'])).stdout, /^Usage: sriov-check diff OLD NEW/);
});
