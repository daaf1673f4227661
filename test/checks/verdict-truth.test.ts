// Each fixture host fails for its real cause: the first failing check names the cause and the fix, and the
// set of failing checks is exactly the expected one (an unrelated check that fails makes this test fail).
// Ready hosts have no fail and no unknown. A non-root read is degraded, never not-ready for that reason.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHost } from '../support/host-builder.js';
import { spec as nonRoot } from '../fixtures/scenarios/non-root.js';
import { cannotDropRoot, fixtureHost, runCheck, spawnCheckAsNobody, type JsonCheck } from '../support/run-cli.js';

interface Report {
  verdict: string;
  checks: JsonCheck[];
}

async function report(host: string, args: readonly string[] = []): Promise<Report> {
  const result = await runCheck(['--path.rootfs', fixtureHost(host), '--output', 'json', ...args]);
  return JSON.parse(result.stdout) as Report;
}

interface Truth {
  readonly host: string;
  readonly first: string;
  readonly failing: readonly string[];
  /** Key phrases the first failing finding must contain: the cause, then the fix. */
  readonly cause: readonly RegExp[];
  readonly fix: readonly RegExp[];
}

const FAILING: readonly Truth[] = [
  {
    host: 'vtd-off-bios',
    first: 'firmware.iommu.acpi-table',
    failing: ['firmware.iommu.acpi-table'],
    cause: [/no ACPI DMAR table/, /VT-d is disabled in the BIOS/, /`intel_iommu=on` is already on the kernel command line/, /command line cannot fix this/],
    fix: [/Enable "Intel VT-d"/, /BIOS setup of Dell Inc\. PowerEdge R740/, /power-cycle/],
  },
  {
    host: 'amd-epyc-no-ir',
    first: 'firmware.iommu.interrupt-remapping',
    failing: ['firmware.iommu.interrupt-remapping'],
    cause: [/interrupt remapping is off/, /none through an IR- chip/, /No southbridge IOAPIC found/, /IVRS/],
    fix: [/Update the BIOS/, /ivrs_ioapic\[128\]=00:14\.0/, /update-grub/, /allow_unsafe_interrupts/],
  },
  {
    host: 'ixgbe-mmio',
    first: 'firmware.pci.mmio',
    failing: ['firmware.pci.mmio'],
    cause: [/no MMIO space for the VF BARs of 0000:04:00\.0/, /not enough MMIO resources for SR-IOV/, /Failed to enable PCI sriov: -12/, /no address for any VF BAR window/],
    fix: [/"SR-IOV Support"/, /"Above 4G Decoding"/, /pci=realloc/, /update-grub/],
  },
  {
    host: 'igb-no-ari',
    first: 'firmware.pci.ari-forwarding',
    failing: ['firmware.pci.ari-forwarding'],
    cause: [/VFs of 0000:07:00\.0 cannot be addressed/, /offset 384, stride 2/, /SR-IOV: bus number out of range/, /0000:06:02\.0\) covers buses up to 07/],
    fix: [/"ARI Support"/, /CPU root port that supports ARI/, /pci=assign-busses/],
  },
  {
    host: 'vf-shared-group',
    first: 'hypervisor.iommu.vf-isolation',
    failing: ['hypervisor.iommu.vf-isolation'],
    cause: [/shares IOMMU group 8/, /0000:02:00\.0 \(its PF, ixgbe\)/, /0000:03:00\.0 \(I210 Gigabit Network Connection, igb\)/, /group 8 is not viable/],
    fix: [/whole IOMMU group/, /root port that enforces ACS/, /vfio-pci/, /pcie_acs_override=` is an out-of-tree patch/],
  },
  {
    host: 'nested-guest',
    first: 'nic.pf.present',
    failing: ['nic.pf.present', 'firmware.cpu.virtualization', 'firmware.iommu.acpi-table'],
    cause: [/Virtio 1\.0 network device \[1af4:1041\]/, /QEMU\/KVM virtual machine/, /cpuinfo flag hypervisor/, /DMI sys_vendor "QEMU"/],
    fix: [/on the hypervisor host/, /virtual IOMMU/],
  },
  {
    host: 'cx5-sriov-off',
    first: 'nic.sriov.firmware-enabled',
    failing: ['nic.sriov.firmware-enabled'],
    cause: [/SR-IOV capability/, /SR-IOV is off in the BIOS or NIC firmware/],
    fix: [/mstconfig -d 0000:81:00\.0 set SRIOV_EN=1/],
  },
  { host: 'pf-no-driver', first: 'nic.pf.driver-bound', failing: ['nic.pf.driver-bound'], cause: [/no driver is bound to 0000:3b:00\.0/], fix: [/modprobe i40e/] },
  { host: 'vf-no-driver', first: 'nic.vf.driver-available', failing: ['nic.vf.driver-available'], cause: [/VF 8086:10ed/, /expected ixgbevf/], fix: [/Install the VF driver ixgbevf/] },
  { host: 'no-sriov-nic', first: 'nic.pf.present', failing: ['nic.pf.present'], cause: [/no SR-IOV capable network function/, /I210/], fix: [/Install an SR-IOV capable NIC/] },
];

for (const truth of FAILING) {
  t.test(`${truth.host}: not ready because of ${truth.first}`, async (t) => {
    const r = await report(truth.host);
    t.equal(r.verdict, 'not-ready');
    const fails = r.checks.filter((c) => c.status === 'fail');
    t.same([...new Set(fails.map((c) => c.id))].sort(), [...truth.failing].sort(), 'exactly these checks fail');
    const first = fails[0];
    t.equal(first?.id, truth.first, 'the first failure is the cause');
    for (const phrase of truth.cause) t.match(first?.summary, phrase, `summary names ${phrase}`);
    for (const phrase of truth.fix) t.match(first?.remediation, phrase, `fix says ${phrase}`);
  });
}

for (const host of ['ready-intel', 'ready-amd']) {
  t.test(`${host}: ready, nothing failed, nothing unknown, nothing to warn about`, async (t) => {
    const r = await report(host);
    t.equal(r.verdict, 'ready');
    t.same(r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.subject}: ${c.status}`), []);
    for (const layer of ['nic.', 'firmware.', 'hypervisor.']) t.ok(r.checks.some((c) => c.id.startsWith(layer)), `${layer} checks ran`);
  });
}

function assertNonRoot(t: Test, r: Report): void {
  t.equal(r.verdict, 'degraded', 'degraded, not not-ready');
  t.same(r.checks.filter((c) => c.status === 'fail'), [], 'nothing fails for lack of root');
  const unknowns = r.checks.filter((c) => c.status === 'unknown');
  t.ok(unknowns.length > 0, 'something could not be read');
  for (const u of unknowns) t.match(u.remediation, /as root/, `${u.id} ${u.subject}: says to run as root`);
}

t.test('non-root: 64-byte config space makes ACS unknown, with the run-as-root hint', async (t) => {
  const r = await report('non-root');
  assertNonRoot(t, r);
  t.same([...new Set(r.checks.filter((c) => c.status === 'unknown').map((c) => c.id))], ['firmware.pci.acs']);
});

t.test(
  'non-root for real: a root-only kern.log, DMAR and NetworkManager directory read as nobody',
  { skip: cannotDropRoot(t) },
  async (t) => {
    const root = t.testdir({});
    buildHost(root, nonRoot);
    // What a real host protects: the log (root:adm 0640), ACPI tables (0400), NetworkManager profiles (0700).
    const kernLog = path.join(root, 'var/log/kern.log');
    fs.mkdirSync(path.dirname(kernLog), { recursive: true });
    fs.writeFileSync(kernLog, 'Mar  4 08:00:00 hv3 kernel: [    0.538211] DMAR-IR: Enabled IRQ remapping in x2apic mode\n', { mode: 0o600 });
    fs.chmodSync(kernLog, 0o600);
    fs.chmodSync(path.join(root, 'sys/firmware/acpi/tables/DMAR'), 0o400);
    fs.mkdirSync(path.join(root, 'etc/NetworkManager/system-connections'), { recursive: true, mode: 0o700 });
    fs.chmodSync(path.join(root, 'etc/NetworkManager/system-connections'), 0o700);
    const stdout = spawnCheckAsNobody(root);
    const r = JSON.parse(stdout) as Report & { host: { kernel_log: { path: string; status: string }[] } };
    assertNonRoot(t, r);
    t.match(r.host.kernel_log, [{ path: '/var/log/kern.log', status: /permission denied/ }], 'the unreadable log is reported');
    t.match(r.checks.find((c) => c.id === 'firmware.iommu.acpi-table'), { status: 'pass', summary: /readable only by root/ }, 'DMAR present even when its bytes are not');
  },
);
