// The Linux guest on Hyper-V/Azure: the fixture guests (built by the host builder from the real /sys/class/net of
// reference/hyperv.md §5) read back as synthetic NICs and VFs, and each gets the right verdict with the named cause.

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { readHypervGuest, type HypervGuestView } from '../../src/readers/hyperv-guest-reader.js';
import { GUEST_SKIP, judgeHypervGuest, type GuestOptions } from '../../src/hyperv/guest-decisions.js';
import { parseNetvscEvents } from '../../src/parse/netvsc-log.js';
import { verdictOf } from '../../src/report/report.js';
import type { Finding, Status } from '../../src/checks/check-types.js';
import { buildHost, type HostSpec } from '../support/host-builder.js';
import { FIXTURE_HOSTS } from '../support/run-cli.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { spec as cx5Spec } from '../fixtures/scenarios/azure-cx5-guest.js';

const read = (root: string) => readHypervGuest(new HostFs(defaultRoots(root)));
const fixture = (name: string) => read(path.join(FIXTURE_HOSTS, name));
const status = (findings: readonly Finding[], id: string, subject: string) => findings.find((f) => f.id === id && f.subject === subject);

t.test('the ConnectX guest reads back as the real layout says', async (t) => {
  const view = fixture('azure-cx5-guest');
  t.equal(view.vmbus, true);
  t.strictSame(view.issues, []);
  t.strictSame(view.nics.map((n) => [n.instance, n.driver, n.netdev?.name, n.netdev?.address]).sort((a, b) => String(a[2]).localeCompare(String(b[2]))), [
    ['000d3a03-1646-000d-3a03-1646000d3a03', 'hv_netvsc', 'eth0', '00:0d:3a:03:16:46'],
    ['000d3a03-19f7-000d-3a03-19f7000d3a03', 'hv_netvsc', 'eth3', '00:0d:3a:03:19:f7'],
  ]);
  t.strictSame(view.vfs.map((v) => [v.instance, v.pciAddress, v.vendorId, v.deviceId, v.driver, v.hasPhysfn]), [
    ['7a1c3e52-38d5-4f0e-b6a9-2d8c4e1f0b37', '38d5:00:02.0', '15b3', '1018', 'mlx5_core', false],
    ['f2d53aea-2f81-4315-9baf-613b49641633', '2f81:00:02.0', '15b3', '1018', 'mlx5_core', false],
  ]);
  const vf = view.vfs.find((v) => v.pciAddress === '2f81:00:02.0')?.netdevs[0];
  t.match(vf, { name: 'enP12161s3', address: '00:0d:3a:03:16:46', master: 'eth0', rxPackets: 111180, txPackets: 9107646, operstate: 'up' });
  t.equal(vf?.path, '/sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:07/VMBUS:01/f2d53aea-2f81-4315-9baf-613b49641633/pci2f81:00/2f81:00:02.0/net/enP12161s3', 'the canonical path, as in the real `ls -la /sys/class/net`');
  t.strictSame(view.nics.find((n) => n.netdev?.name === 'eth0')?.netdev?.lowers, ['enP12161s3']);
  t.equal(view.kernel?.modules.mlx5_core, 'loaded');
});

t.test('the class link of /sys/class/net is relative, as the kernel writes it', async (t) => {
  t.equal(fs.readlinkSync(path.join(FIXTURE_HOSTS, 'azure-cx5-guest/sys/class/net/enP12161s3')), '../../devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:07/VMBUS:01/f2d53aea-2f81-4315-9baf-613b49641633/pci2f81:00/2f81:00:02.0/net/enP12161s3');
  t.equal(fs.readFileSync(path.join(FIXTURE_HOSTS, 'azure-cx5-guest/sys/bus/vmbus/devices/f2d53aea-2f81-4315-9baf-613b49641633/class_id'), 'utf8'), '{44c4f61d-4444-4400-9d52-802e27ede19f}\n');
});

t.test('a host without VMBus is no guest: no finding', async (t) => {
  const view = fixture('x710-iavf');
  t.equal(view.vmbus, false);
  t.strictSame(judgeHypervGuest(view), []);
});

interface GuestCase {
  readonly name: string;
  readonly verdict: 'ready' | 'degraded' | 'not-ready';
  readonly nics: Readonly<Record<string, Readonly<Record<string, Status>>>>;
  readonly cause?: { readonly id: string; readonly subject: string; readonly summary: RegExp; readonly remediation: RegExp };
  /** Read the fixture's kernel log for hv_netvsc's events. */
  readonly log?: boolean;
}

const ALL_PASS = { 'hypervisor.guest.vf-present': 'pass', 'hypervisor.guest.vf-driver': 'pass', 'hypervisor.guest.vf-joined': 'pass', 'hypervisor.guest.vf-traffic': 'pass' } as const;

const CASES: readonly GuestCase[] = [
  { name: 'azure-cx5-guest', verdict: 'ready', nics: { eth0: ALL_PASS, eth3: ALL_PASS } },
  { name: 'azure-mana-guest', verdict: 'ready', nics: { eth0: ALL_PASS } },
  {
    name: 'azure-vf-removed',
    verdict: 'degraded',
    log: true,
    nics: { eth0: { 'hypervisor.guest.vf-present': 'warn', 'hypervisor.guest.vf-driver': 'skip', 'hypervisor.guest.vf-joined': 'skip', 'hypervisor.guest.vf-traffic': 'skip' } },
    cause: { id: 'hypervisor.guest.vf-present', subject: 'eth0', summary: /The host removed the VF of eth0 8162 s after boot \(VF slot 1 removed\): host servicing/, remediation: /comes back by itself.*enableAcceleratedNetworking/ },
  },
  {
    name: 'azure-vf-no-driver',
    verdict: 'not-ready',
    nics: { eth0: { 'hypervisor.guest.vf-present': 'pass', 'hypervisor.guest.vf-driver': 'fail', 'hypervisor.guest.vf-joined': 'skip', 'hypervisor.guest.vf-traffic': 'skip' } },
    cause: { id: 'hypervisor.guest.vf-driver', subject: 'eth0', summary: /No driver for the VF cf63:00:02\.0 \(15b3:1016\): this kernel has no module for it.*synthetic path/, remediation: /mlx4_core and mlx5_core.*modprobe mlx5_core/ },
  },
];

t.test('the guest scenarios are exactly these cases', async (t) => {
  t.strictSame(SCENARIOS.filter((s) => s.spec.vmbus !== undefined).map((s) => s.name).sort(), CASES.map((c) => c.name).sort());
});

for (const c of CASES) {
  t.test(c.name, async (t) => {
    const view = fixture(c.name);
    const options: GuestOptions = c.log ? { events: parseNetvscEvents(fs.readFileSync(path.join(FIXTURE_HOSTS, c.name, 'var/log/kern.log'), 'utf8')) } : {};
    const findings = judgeHypervGuest(view, options);
    t.equal(status(findings, 'hypervisor.guest.hyperv', 'host')?.status, 'pass', 'recognised as a Hyper-V/Azure guest');
    t.match(status(findings, 'hypervisor.guest.hyperv', 'host')?.summary, /the PF lives on the host/);
    const verdict = verdictOf(findings.map((f) => f.status));
    t.equal(verdict, c.verdict, `verdict ${c.verdict}: ${findings.filter((f) => f.status !== 'pass').map((f) => `${f.id} ${f.subject} ${f.status}: ${f.summary}`).join(' | ')}`);
    for (const [nic, expected] of Object.entries(c.nics)) {
      for (const [id, want] of Object.entries(expected)) t.equal(status(findings, id, nic)?.status, want, `${nic} ${id}`);
    }
    if (c.cause) {
      const cause = status(findings, c.cause.id, c.cause.subject);
      t.match(cause?.summary, c.cause.summary, 'the cause is named');
      t.match(cause?.remediation, c.cause.remediation, 'with the fix');
    }
  });
}

t.test('without its kernel log the removed VF is still reported, with both possible causes', async (t) => {
  const present = status(judgeHypervGuest(fixture('azure-vf-removed')), 'hypervisor.guest.vf-present', 'eth0');
  t.equal(present?.status, 'warn');
  t.match(present?.summary, /eth0 has no VF: Accelerated Networking is off for this NIC, or the host removed the VF/);
});

/** A variant of the ConnectX guest, built into a temporary directory. */
function variant(t: Test, change: (spec: HostSpec) => HostSpec): HypervGuestView {
  const dir = t.testdir({});
  buildHost(dir, change(cx5Spec));
  return read(dir);
}

type Vfs = NonNullable<NonNullable<HostSpec['vmbus']>['vfs']>;
const withVfs = (spec: HostSpec, change: (vfs: Vfs) => Vfs): HostSpec => ({ ...spec, vmbus: { ...(spec.vmbus as NonNullable<HostSpec['vmbus']>), vfs: change(spec.vmbus?.vfs ?? []) } });

t.test('a VF with the NIC\'s MAC but no master link is not joined', async (t) => {
  const view = variant(t, (spec) => withVfs(spec, (vfs) => vfs.map((vf, i) => (i === 0 ? { ...vf, netdev: { ...(vf.netdev as NonNullable<typeof vf.netdev>), master: undefined } } : vf))));
  const joined = status(judgeHypervGuest(view), 'hypervisor.guest.vf-joined', 'eth0');
  t.equal(joined?.status, 'fail');
  t.match(joined?.summary, /enP12161s3 has eth0's MAC but is not joined to it \(it has no master\)/);
  t.equal(status(judgeHypervGuest(view), 'hypervisor.guest.vf-joined', 'eth3')?.status, 'pass', 'the other NIC is judged on its own');
});

t.test('the VF driver installed but not loaded: modprobe', async (t) => {
  const view = variant(t, (spec) => ({ ...withVfs(spec, (vfs) => vfs.map((vf) => ({ ...vf, driver: null, netdev: undefined }))), loadedModules: ['hv_netvsc', 'pci_hyperv'] }));
  const findings = judgeHypervGuest(view);
  const driver = status(findings, 'hypervisor.guest.vf-driver', 'eth0');
  t.equal(driver?.status, 'fail');
  t.match(driver?.summary, /mlx5_core is installed but not loaded/);
  t.equal(driver?.remediation, 'modprobe mlx5_core');
  t.equal(status(findings, 'hypervisor.guest.vf-present', 'eth0')?.status, 'pass', 'two VFs without netdevs: present for both NICs');
  t.match(status(findings, 'hypervisor.guest.vf-present', 'eth0')?.summary, /which one cannot be told/);
});

t.test('a VF that is down, and a VF that carried nothing while the synthetic path did', async (t) => {
  const down = variant(t, (spec) => withVfs(spec, (vfs) => vfs.map((vf) => ({ ...vf, netdev: { ...(vf.netdev as NonNullable<typeof vf.netdev>), operstate: 'down' as const } }))));
  const downFinding = status(judgeHypervGuest(down), 'hypervisor.guest.vf-traffic', 'eth0');
  t.equal(downFinding?.status, 'warn');
  t.equal(downFinding?.remediation, 'ip link set enP12161s3 up');

  const idle = variant(t, (spec) => withVfs(spec, (vfs) => vfs.map((vf) => ({ ...vf, netdev: { ...(vf.netdev as NonNullable<typeof vf.netdev>), stats: {} } }))));
  const idleFinding = status(judgeHypervGuest(idle), 'hypervisor.guest.vf-traffic', 'eth0');
  t.equal(idleFinding?.status, 'warn');
  t.match(idleFinding?.summary, /No packet has gone over the VF enP12161s3, 9225256 over the synthetic path/);
});

t.test('two readings: traffic that stopped on the VF but goes on on the synthetic path is a fall-back', async (t) => {
  const before = fixture('azure-cx5-guest');
  const after = variant(t, (spec) => ({
    ...spec,
    vmbus: {
      ...(spec.vmbus as NonNullable<HostSpec['vmbus']>),
      nics: (spec.vmbus?.nics ?? []).map((nic) => ({ ...nic, netdev: { ...nic.netdev, stats: { ...nic.netdev.stats, rx_packets: (nic.netdev.stats?.rx_packets ?? 0) + 500 } } })),
    },
  }));
  const findings = judgeHypervGuest(after, { previous: before });
  t.equal(status(findings, 'hypervisor.guest.vf-traffic', 'eth0')?.status, 'warn');
  t.match(status(findings, 'hypervisor.guest.vf-traffic', 'eth0')?.summary, /No packet went over the VF enP12161s3 since the last reading, 500 over the synthetic path: Accelerated Networking fell back/);
  const same = judgeHypervGuest(before, { previous: before });
  t.equal(status(same, 'hypervisor.guest.vf-traffic', 'eth0')?.status, 'unknown', 'nothing moved: nothing to judge');
});

t.test('host-only checks read as skipped with the reason', async (t) => {
  t.strictSame(GUEST_SKIP, { status: 'skip', summary: 'skipped: this is a Hyper-V/Azure guest; the PF lives on the host' });
});
