// The snapshot file format carries the firmware and hypervisor facts: a saved host replays to the same report,
// and a file whose new sections are broken or from version 1 is refused with one line naming the field.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSnapshot, SnapshotError, serializeSnapshot } from '../../src/snapshot/snapshot-file.js';
import { SNAPSHOT_VERSION } from '../../src/snapshot/snapshot-types.js';
import { fixtureSnapshot } from '../support/check-harness.js';
import { fixtureHost, runCheck } from '../support/run-cli.js';

for (const host of ['ready-amd', 'amd-epyc-no-ir', 'igb-no-ari', 'nested-guest']) {
  t.test(`${host}: saved and replayed, the same report`, async (t) => {
    const file = path.join(t.testdir({}), 'host.json');
    const direct = await runCheck(['--path.rootfs', fixtureHost(host), '--output', 'json', '--save-snapshot', file]);
    const replay = await runCheck(['--snapshot', file, '--output', 'json']);
    t.equal(replay.stderr, '');
    const strip = (text: string) => JSON.parse(text) as { checks: unknown; verdict: string };
    t.same(strip(replay.stdout).checks, strip(direct.stdout).checks);
    t.equal(strip(replay.stdout).verdict, strip(direct.stdout).verdict);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; kernelLog: { lines: unknown[] } };
    t.equal(saved.version, SNAPSHOT_VERSION);
  });
}

t.test('what the checks decide on comes parsed: command line, module switches, VT-d interrupt remapping', async (t) => {
  const intel = await fixtureSnapshot('ready-intel');
  t.match(intel.kernel.parameters, [{ name: 'BOOT_IMAGE' }], 'the command line as parameters');
  t.match(
    (intel.kernel.parameters as readonly { name: string }[]).filter((p) => p.name === 'intel_iommu' || p.name === 'iommu'),
    [{ name: 'intel_iommu', value: 'on', raw: 'intel_iommu=on' }, { name: 'iommu', value: 'pt', raw: 'iommu=pt' }],
  );
  t.strictSame(intel.virtualization.moduleParameters['kvm_intel.nested'], { value: 'Y', enabled: true }, 'a Y/N switch read as on');
  t.strictSame(intel.virtualization.moduleParameters['vfio.enable_unsafe_noiommu_mode'], { value: 'N', enabled: false });
  t.match(intel.iommu.units, [{ name: 'dmar0', ecap: 'f020da', interruptRemapping: true }, { name: 'dmar1', interruptRemapping: true }], 'ecap bit 3, decoded by the reader');
  const amd = await fixtureSnapshot('ready-amd');
  t.match(amd.iommu.units, [{ kind: 'amd' }]);
  t.notOk(Array.isArray(amd.iommu.units) && amd.iommu.units.some((u) => 'interruptRemapping' in u), 'AMD units have no ecap to decode');
});

/** Sets (or, with undefined, deletes) the value at a path of keys in parsed JSON. */
function setAt(json: unknown, keys: readonly (string | number)[], value: unknown): void {
  let node = json as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = keys[keys.length - 1] as string | number;
  if (value === undefined) delete node[last];
  else node[last] = value;
}

t.test('broken new fields are refused, naming the field', async (t) => {
  const good = JSON.parse(serializeSnapshot(await fixtureSnapshot('amd-epyc-no-ir'))) as unknown;
  const cases: { name: string; at: (string | number)[]; value: unknown; message: RegExp }[] = [
    { name: 'cpu arch', at: ['platform', 'cpu', 'arch'], value: 'mips', message: /snapshot\.platform\.cpu\.arch should be one of x86, arm, other/ },
    { name: 'log signature', at: ['kernelLog', 'lines', 0, 'signature'], value: 'bogus', message: /snapshot\.kernelLog\.lines\[0\]\.signature should be one of/ },
    { name: 'interrupt counts', at: ['iommu', 'interrupts', 'remapped'], value: 'many', message: /snapshot\.iommu\.interrupts\.remapped should be a number/ },
    { name: 'persistence subject', at: ['vfPersistence', 'hits', 0, 'subjects', 0, 'kind'], value: 'colour', message: /subjects\[0\]\.kind should be one of name, address, mac, driver/ },
    { name: 'module parameter', at: ['virtualization', 'moduleParameters', 'kvm_amd.nested'], value: 1, message: /moduleParameters\.kvm_amd\.nested should be an object/ },
    { name: 'missing section', at: ['iommu'], value: undefined, message: /snapshot\.iommu is missing/ },
    { name: 'a fact neither value nor issue', at: ['pciDevices', 0, 'driver'], value: 42, message: /snapshot\.pciDevices\[0\]\.driver should be a string$/ },
    { name: 'a read issue without its path', at: ['pciDevices', 0, 'numaNode'], value: { kind: 'issue', code: 'EACCES' }, message: /snapshot\.pciDevices\[0\]\.numaNode\.path is missing$/ },
    { name: 'a representor that is not a name', at: ['topology', 'pfs', 0, 'vfs', 0, 'representor'], value: ['eth0'], message: /snapshot\.topology\.pfs\[0\]\.vfs\[0\]\.representor should be a string$/ },
    { name: 'version 1', at: ['version'], value: 1, message: /version 1 is not supported \(this tool reads version 3\)/ },
  ];
  for (const c of cases) {
    const copy = structuredClone(good);
    setAt(copy, c.at, c.value);
    let caught: unknown;
    try {
      parseSnapshot(JSON.stringify(copy));
    } catch (error) {
      caught = error;
    }
    t.ok(caught instanceof SnapshotError, `${c.name}: refused`);
    t.match((caught as Error | undefined)?.message, c.message, c.name);
  }
});
