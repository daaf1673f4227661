// sriov-check on a host whose VFs are held by a libvirt VM, a KubeVirt VM, a pod and a DPDK process
// (fixtures/scenarios/x710-consumers.ts, built at test time: /proc/<pid>/cmdline holds NULs): the JSON report's
// vfs, the text listing (compact and --verbose), and --vfs judged against the free VFs.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { spec } from '../fixtures/scenarios/x710-consumers.js';
import { buildHost } from '../support/host-builder.js';
import { runCheck } from '../support/run-cli.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-check-consumers-'));
t.teardown(() => fs.rmSync(root, { recursive: true, force: true }));
buildHost(root, spec);
const base = ['--path.rootfs', root, '--color', 'never'];

const HELD = [
  ['0000:3b:02.0', 0, 'vfio-pci', 'vm', 'web01', ''],
  ['0000:3b:02.1', 1, 'iavf', 'host', '', ''],
  ['0000:3b:02.2', 2, 'vfio-pci', 'none', '', ''],
  ['0000:3b:02.3', 3, 'vfio-pci', 'vm', 'web-vm', 'tenant-a'],
  ['0000:3b:02.4', 4, 'iavf', 'pod', 'cnf-1-7d9f8b6c5-x2x7q', 'tenant-a'],
  ['0000:3b:02.5', 5, 'vfio-pci', 'dpdk', 'rte', ''],
] as const;

t.test('the JSON report lists every VF with who holds it', async (t) => {
  const { code, stdout } = await runCheck([...base, '--output', 'json']);
  t.equal(code, 0);
  const report = JSON.parse(stdout) as { vfs: Record<string, unknown>[] };
  // Each VF's holder; its place (pf_address, netdev, IOMMU group, NUMA node) is render-json's and diff's.
  const held = ['pci_address', 'pf', 'vf', 'driver', 'consumer_kind', 'consumer', 'consumer_namespace'];
  t.ok(report.vfs.every((v) => v.pf_address === '0000:3b:00.0'), 'every VF names its PF by address');
  t.strictSame(
    report.vfs.map((v) => Object.fromEntries(held.map((k) => [k, v[k]]))),
    HELD.map(([pci_address, vf, driver, consumer_kind, consumer, consumer_namespace]) => ({ pci_address, pf: 'ens1f0', vf, driver, consumer_kind, consumer, consumer_namespace })),
  );
});

t.test('--vfs is judged against free VFs: 2 of 6 are free (the host\'s and the unheld one)', async (t) => {
  const enough = JSON.parse((await runCheck([...base, '--output', 'json', '--vfs', '2'])).stdout) as { checks: { id: string; status: string; summary: string }[] };
  const ok = enough.checks.find((c) => c.id === 'nic.vfs.free');
  t.equal(ok?.status, 'pass', 'two needed, two free');
  const short = await runCheck([...base, '--vfs', '3', '--strict']);
  t.equal(short.code, 1, 'three needed: degraded, so --strict exits 1');
  t.match(short.stdout, /WARN\s+nic\.vfs\.free\s+ens1f0\s+3 VFs needed, 2 free on ens1f0 \(4 held by vm web01, vm tenant-a\/web-vm, pod tenant-a\/cnf-1-7d9f8b6c5-x2x7q…\)/);
  t.match(short.stdout, /PASS\s+nic\.vfs\.enabled\s+ens1f0\s+6 VFs enabled/, 'enabled VFs alone would have passed');
});

t.test('text: one line per PF naming the holders; --verbose one line per VF', async (t) => {
  const compact = await runCheck(base);
  t.match(compact.stdout, /\nVFs\n {2}ens1f0: 6 VFs, 2 free; held: vf0 vm web01, vf3 vm tenant-a\/web-vm, vf4 pod tenant-a\/cnf-1-7d9f8b6c5-x2x7q, vf5 dpdk rte\n/);
  const verbose = await runCheck([...base, '--verbose']);
  for (const [address, vf, driver, kind, name, namespace] of HELD) {
    const holder = `${kind}${name ? ` ${namespace ? `${namespace}/` : ''}${name}` : ''}`;
    t.match(verbose.stdout, new RegExp(`\\n  ens1f0 vf${vf}  ${address.replace(/\./g, '\\.')}  ${driver}\\s+${holder.replace(/\//g, '\\/')}\\n`), `vf${vf}: ${holder}`);
  }
});
