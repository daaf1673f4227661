// A host that lies, breaks or hides: garbage attributes, truncated config space, link loops, unreadable
// files. Each must end as an `unknown` finding naming the path — never a crash, never a stack trace.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHost } from '../support/host-builder.js';
import { spec as x710 } from '../fixtures/scenarios/x710-iavf.js';
import { cannotDropRoot, runCheck, spawnCheckAsNobody, type JsonCheck } from '../support/run-cli.js';

function host(t: Test): string {
  const root = t.testdir({});
  buildHost(root, x710);
  return root;
}

async function checks(root: string): Promise<{ code: number; verdict: string; checks: JsonCheck[]; stderr: string }> {
  const result = await runCheck(['--path.rootfs', root, '--output', 'json']);
  const report = JSON.parse(result.stdout) as { verdict: string; checks: JsonCheck[] };
  return { code: result.code, verdict: report.verdict, checks: report.checks, stderr: result.stderr };
}

const PF0 = '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:00.0';

t.test('garbage in an attribute file: unknown naming the file and what was expected', async (t) => {
  const root = host(t);
  fs.writeFileSync(path.join(root, PF0, 'sriov_totalvfs'), '\u0000\u00ffgarbage\n');
  const r = await checks(root);
  const finding = r.checks.find((c) => c.id === 'nic.sriov.firmware-enabled' && c.subject === 'ens1f0');
  t.equal(finding?.status, 'unknown');
  t.match(finding?.summary, `${PF0}/sriov_totalvfs: unexpected content (expected an unsigned decimal`);
  t.equal(r.verdict, 'degraded', 'unknown makes the host degraded, not ready and not failed');
  t.equal(r.stderr, '');
});

t.test('garbage numa_node and an empty uevent fall back or turn unknown', async (t) => {
  const root = host(t);
  fs.writeFileSync(path.join(root, PF0, 'numa_node'), 'zero\n');
  fs.writeFileSync(path.join(root, PF0, 'uevent'), '');
  const r = await checks(root);
  t.match(r.checks.find((c) => c.id === 'nic.pf.numa' && c.subject === 'ens1f0'), { status: 'unknown', summary: /numa_node: unexpected content/ });
  t.match(r.checks.find((c) => c.id === 'nic.pf.driver-bound' && c.subject === 'ens1f0'), { status: 'pass', summary: 'bound to i40e' }, 'ids and driver come from the individual attributes');
});

t.test('a truncated config file is an unknown in what needs it, not a crash', async (t) => {
  const root = host(t);
  fs.writeFileSync(path.join(root, PF0, 'config'), Buffer.from([0x86, 0x80, 0x72]));
  fs.rmSync(path.join(root, PF0, 'sriov_totalvfs'));
  fs.writeFileSync(path.join(root, PF0, 'device'), '0x1234\n');
  fs.writeFileSync(path.join(root, PF0, 'uevent'), '');
  const snapshotFile = path.join(root, '..', 'snap.json');
  await runCheck(['--path.rootfs', root, '--save-snapshot', snapshotFile]);
  const saved = JSON.parse(fs.readFileSync(snapshotFile, 'utf8')) as { pciDevices: { address: string; config: unknown }[] };
  t.match(saved.pciDevices.find((d) => d.address === '0000:3b:00.0')?.config, { kind: 'issue', code: 'ESHORT', path: `${PF0}/config` });
});

t.test('a symlink loop where a device should be: unknown naming the link', async (t) => {
  const root = host(t);
  const link = path.join(root, 'sys/bus/pci/devices/0000:3b:00.1');
  fs.rmSync(link);
  fs.symlinkSync('0000:3b:00.1', link);
  const r = await checks(root);
  t.equal(r.stderr, '');
  const present = r.checks.find((c) => c.id === 'nic.pf.present');
  t.match(present, { status: 'pass', summary: /1 SR-IOV PF: ens1f0 .*; 1 PCI function could not be read/ });
  // With only the looping device left, the host cannot be judged: unknown, naming it.
  fs.rmSync(path.join(root, 'sys/bus/pci/devices/0000:3b:00.0'));
  const alone = await checks(root);
  t.match(alone.checks.find((c) => c.id === 'nic.pf.present'), { status: 'unknown', summary: /0000:3b:00\.1.*symbolic link loop/ });
  t.equal(alone.verdict, 'degraded');
});

t.test('a device that vanished between listing and reading is simply gone', async (t) => {
  const root = host(t);
  // A dangling bus link: the device directory was removed (VF destroyed) after the listing.
  fs.rmSync(path.join(root, '/sys/devices/pci0000:3a/0000:3a:00.0/0000:3b:02.7'), { recursive: true });
  const r = await checks(root);
  t.equal(r.stderr, '');
  t.match(r.checks.find((c) => c.id === 'nic.vfs.enabled' && c.subject === 'ens1f0'), { status: 'warn', summary: 'sriov_numvfs is 8 but only 7 VF functions are on the PCI bus' });
});

t.test('an unreadable file: unknown with permission denied and the run-as-root hint', { skip: cannotDropRoot(t) }, async (t) => {
  const root = host(t);
  fs.chmodSync(path.join(root, PF0, 'sriov_numvfs'), 0o000);
  // Root reads everything: read as nobody for a real EACCES, as a non-root operator would get.
  const stdout = spawnCheckAsNobody(root);
  const report = JSON.parse(stdout) as { checks: JsonCheck[] };
  const finding = report.checks.find((c) => c.id === 'nic.vfs.enabled' && c.subject === 'ens1f0');
  t.match(finding, { status: 'unknown', summary: `sriov_numvfs: ${PF0}/sriov_numvfs: permission denied`, remediation: /root/ });
});
