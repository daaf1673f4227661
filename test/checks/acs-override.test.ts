// pcie_acs_override: IOMMU groups the out-of-tree patch splits are no isolation. On the fixture hosts (one per
// form) the isolation and ACS checks warn for the NIC behind ports config space shows without ACS, naming them,
// and pass for the NIC behind ports with ACS, saying the override is harmless there. Edge cases change one fact
// of those snapshots: the command line, a port's ACS registers, the bytes a reader who is not root gets.

import t, { type Test } from 'tap';
import { isIssue } from '../../src/fact.js';
import { acsControlsOff } from '../../src/parse/pci-config.js';
import type { PciDevice } from '../../src/readers/pci-reader.js';
import type { HostSnapshot } from '../../src/snapshot/snapshot-types.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { acsOverrideHost } from '../fixtures/scenarios/acs-override.js';
import { changed, finding, fixtureSnapshot, setCmdline, type Writable } from '../support/check-harness.js';
import { buildHost, type HostSpec } from '../support/host-builder.js';
import { fixtureHost, runCheck, type JsonCheck } from '../support/run-cli.js';

type Snap = Writable<HostSnapshot>;

const ISOLATION = 'hypervisor.iommu.vf-isolation';
const ACS = 'firmware.pci.acs';

/** The command line of a snapshot with its pcie_acs_override replaced (or removed, with ''). */
const withOverride = (s: Snap, override: string) =>
  setCmdline(s, `${String(s.kernel.cmdline).replace(/ pcie_acs_override=\S+/g, '')}${override ? ` ${override}` : ''}`);

interface FormTruth {
  readonly host: string;
  readonly override: string;
  /** The BCM57810's PFs, and the ports each must be named for. */
  readonly warned: Readonly<Record<string, readonly RegExp[]>>;
}

const FORMS: readonly FormTruth[] = [
  {
    host: 'acs-override-downstream',
    override: 'pcie_acs_override=downstream',
    warned: { enp2s0f0: [/0000:00:1c\.0 \(root port, no ACS capability\)/], enp2s0f1: [/0000:00:1c\.0 \(root port, no ACS capability\)/] },
  },
  {
    host: 'acs-override-id',
    override: 'pcie_acs_override=id:8086:a190',
    warned: { enp2s0f0: [/0000:00:1c\.0 \(root port, no ACS capability\)/], enp2s0f1: [/0000:00:1c\.0 \(root port, no ACS capability\)/] },
  },
  {
    host: 'acs-override-multifunction',
    override: 'pcie_acs_override=multifunction',
    warned: {
      enp24s0f0: [/0000:18:00\.0 \(the PF, multifunction with 0000:18:00\.1, no ACS capability\)/],
      enp24s0f1: [/0000:18:00\.1 \(the PF, multifunction with 0000:18:00\.0, no ACS capability\)/],
    },
  },
  {
    host: 'acs-override-combined',
    override: 'pcie_acs_override=downstream,multifunction',
    warned: {
      enp2s0f0: [/0000:00:1c\.0 \(root port, no ACS capability\)/, /0000:02:00\.0 \(the PF, multifunction with 0000:02:00\.1, no ACS capability\)/],
      enp2s0f1: [/0000:00:1c\.0 \(root port, no ACS capability\)/, /0000:02:00\.1 \(the PF, multifunction with 0000:02:00\.0, no ACS capability\)/],
    },
  },
];

for (const form of FORMS) {
  t.test(`${form.host}: warn where config space shows no ACS, pass where the hardware has it (JSON report)`, async (t) => {
    const result = await runCheck(['--path.rootfs', fixtureHost(form.host), '--output', 'json']);
    const report = JSON.parse(result.stdout) as { verdict: string; checks: JsonCheck[]; pfs: { netdev: string; verdict: string }[] };
    t.equal(report.verdict, 'degraded', 'degraded: nothing fails, the override is a warning');
    const status = (id: string, subject: string) => report.checks.find((c) => c.id === id && c.subject === subject);
    for (const [subject, ports] of Object.entries(form.warned)) {
      for (const id of [ISOLATION, ACS]) {
        const c = status(id, subject);
        t.equal(c?.status, 'warn', `${id} ${subject}: warn`);
        t.match(c?.summary, /split/, `${id} ${subject}: says the groups are split`);
        t.match(c?.summary, new RegExp(`\`${form.override}\`, not by the hardware`), `${id} ${subject}: by the override, not by the hardware`);
        for (const port of ports) t.match(c?.summary, port, `${id} ${subject}: names ${port}`);
        t.match(c?.remediation, /slot behind a port that enforces ACS/, `${id} ${subject}: the fix is another slot`);
        t.match(c?.remediation, /accept that risk knowingly/, `${id} ${subject}: or accepting the risk`);
        t.match(c?.remediation, /one VM's device can reach another VM's memory/, `${id} ${subject}: the risk, said plainly`);
        t.match(c?.remediation, new RegExp(`remove \`${form.override}\``), `${id} ${subject}: and how to see the real groups`);
      }
    }
    for (const subject of ['ens2f0np0', 'ens2f1np1']) {
      for (const id of [ISOLATION, ACS]) {
        const c = status(id, subject);
        t.equal(c?.status, 'pass', `${id} ${subject}: pass`);
        t.match(c?.summary, /harmless here: every port on the path has ACS: 0000:5d:00\.0 \(root port\)/, `${id} ${subject}: the override is harmless there`);
      }
    }
    t.strictSame(
      report.pfs.filter((pf) => pf.netdev.startsWith('ens2')).map((pf) => pf.verdict),
      ['ready', 'ready'],
      'the E810, behind ACS all the way, is ready',
    );
  });
}

t.test('the text report names the ports too', async (t) => {
  const result = await runCheck(['--path.rootfs', fixtureHost('acs-override-combined')]);
  t.match(result.stdout, /WARN +hypervisor\.iommu\.vf-isolation +enp2s0f0 +each of the 2 VFs is alone in its IOMMU group only because the groups are split by `pcie_acs_override=downstream,multifunction`, not by the hardware/);
  t.match(result.stdout, /no ACS isolation on 0000:00:1c\.0 \(root port, no ACS capability\) and 0000:02:00\.0 \(the PF, multifunction with 0000:02:00\.1, no ACS capability\)/);
});

t.test('without the override the same groups are isolation: both checks pass (the warning is the override\'s)', async (t) => {
  const snap = changed(await fixtureSnapshot('acs-override-combined'), (s) => withOverride(s, ''));
  t.match(finding(snap, ISOLATION, 'enp2s0f0'), { status: 'pass', summary: 'each of the 2 VFs is alone in its IOMMU group' });
  t.match(finding(snap, ACS, 'enp2s0f0'), { status: 'pass', summary: /a kernel quirk isolates them/ });
});

t.test('each form covers its own ports only', async (t) => {
  const pch = await fixtureSnapshot('acs-override-combined');
  const cases = [
    { override: 'pcie_acs_override=downstream', ports: ['0000:00:1c.0'] },
    { override: 'pcie_acs_override=multifunction', ports: ['0000:02:00.0'] },
    { override: 'pcie_acs_override=id:8086:a190', ports: ['0000:00:1c.0'] },
    { override: 'pcie_acs_override=id:8086:A190', ports: ['0000:00:1c.0'], why: 'ids are hex, any case' },
    { override: 'pcie_acs_override=id:14e4:168e', ports: ['0000:02:00.0'], why: 'an id covers an endpoint too' },
    { override: 'pcie_acs_override=multifunction,id:8086:a190', ports: ['0000:00:1c.0', '0000:02:00.0'] },
    { override: 'pcie_acs_override=downstream pcie_acs_override=multifunction', ports: ['0000:00:1c.0', '0000:02:00.0'], why: 'every occurrence counts' },
  ];
  for (const c of cases) {
    const f = finding(changed(pch, (s) => withOverride(s, c.override)), ISOLATION, 'enp2s0f0');
    t.equal(f?.status, 'warn', `${c.override}: warn${c.why ? ` (${c.why})` : ''}`);
    for (const port of ['0000:00:1c.0', '0000:02:00.0']) {
      t.equal(f?.summary.includes(`${port} (`), c.ports.includes(port), `${c.override}: ${c.ports.includes(port) ? 'names' : 'does not name'} ${port}`);
    }
  }
  const ignored = changed(pch, (s) => withOverride(s, 'pcie_acs_override=id:10de:1b80 pcie_acs_override=bogus'));
  t.match(finding(ignored, ISOLATION, 'enp2s0f0'), { status: 'pass', summary: /harmless here: it does not cover 0000:00:1c\.0 \(root port, no ACS capability\) and 0000:02:00\.0/ }, 'an id of another device covers nothing here');
  const noForm = changed(pch, (s) => withOverride(s, 'pcie_acs_override=bogus'));
  t.match(finding(noForm, ISOLATION, 'enp2s0f0'), { status: 'pass', summary: 'each of the 2 VFs is alone in its IOMMU group' }, 'a value naming no form enables nothing');
});

/** The device record of a snapshot being changed. */
const device = (s: Snap, address: string): Writable<PciDevice> => {
  const d = s.pciDevices.find((p) => p.address === address);
  if (!d) throw new Error(`no ${address}`);
  return d;
};

t.test('a port with an ACS capability is never overridden: the groups below it are the kernel\'s own', async (t) => {
  const pch = await fixtureSnapshot('acs-override-downstream');
  const withCapability = (capability: number, control: number) =>
    changed(pch, (s) => {
      const config = device(s, '0000:00:1c.0').config;
      if (config && !isIssue(config)) config.acs = { offset: 0x1b0, capability, control };
    });
  const partial = withCapability(0x1f, 0x01);
  t.match(finding(partial, ISOLATION, 'enp2s0f0'), { status: 'pass', summary: /harmless here: it does not cover 0000:00:1c\.0 \(root port, ACSCtl 0x1: RR, CR, UF off\)/ });
  t.match(finding(partial, ACS, 'enp2s0f0'), { status: 'warn', summary: /no ACS isolation on 0000:00:1c\.0 \(root port, ACSCtl 0x1: RR, CR, UF off\).*: this is why IOMMU group 13 holds/ });
  // A control the capability does not offer is hard-wired on (pci_acs_flags_enabled): SV RR CR offered and on, UF not offered.
  const hardWired = withCapability(0x0d, 0x0d);
  t.match(finding(hardWired, ISOLATION, 'enp2s0f0'), { status: 'pass', summary: /harmless here/ });
  t.notMatch(finding(hardWired, ISOLATION, 'enp2s0f0')?.summary, /0000:00:1c\.0 \(root port, /, 'the port isolates: not named as lacking');
});

t.test('acsControlsOff: only offered controls can be off', async (t) => {
  t.strictSame(acsControlsOff({ offset: 0x1b0, capability: 0x1f, control: 0x1d }), [], 'a Xeon root port: SV RR CR UF on (TB off does not count)');
  t.strictSame(acsControlsOff({ offset: 0x1b0, capability: 0x1f, control: 0x00 }), ['SV', 'RR', 'CR', 'UF']);
  t.strictSame(acsControlsOff({ offset: 0x1b0, capability: 0x00, control: 0x00 }), [], 'nothing offered: all hard-wired (an Intel NIC function)');
  t.strictSame(acsControlsOff({ offset: 0x1b0, capability: 0x1c, control: 0x04 }), ['CR', 'UF'], 'SV not offered; RR on; CR and UF off');
});

t.test('not root: the override makes ACS matter, and 64 bytes of config space cannot show it: unknown naming the file', async (t) => {
  const snap = changed(await fixtureSnapshot('non-root'), (s) => withOverride(s, 'pcie_acs_override=downstream,multifunction'));
  const f = finding(snap, ISOLATION, 'ens2f0np0');
  t.equal(f?.status, 'unknown');
  t.match(f?.summary, /alone in its IOMMU group, but `pcie_acs_override=downstream,multifunction` may have split the groups; ACS on 0000:5d:00\.0: /);
  t.match(f?.summary, /64 bytes: extended capabilities need root/);
  t.strictSame(f?.evidence, ['/sys/bus/pci/devices/0000:5d:00.0/config']);
  t.match(f?.remediation, /as root/);
  t.match(finding(changed(await fixtureSnapshot('non-root'), (s) => withOverride(s, '')), ISOLATION, 'ens2f0np0'), { status: 'pass' }, 'control: without the override the groups decide');
});

/** A snapshot of a host built into a temporary directory. */
async function snapshotOf(t: Test, spec: HostSpec): Promise<HostSnapshot> {
  const root = t.testdir({});
  buildHost(root, spec);
  return takeSnapshot(new HostFs(defaultRoots(root)), { toolName: 'test', toolVersion: '0', enrichSystem: false, now: new Date(0) });
}

t.test('behind a PCIe switch: each downstream port up to the root is on the path; a single-function upstream port is not', async (t) => {
  const base = acsOverrideHost('downstream').spec;
  // The BCM57810 moves behind a switch (upstream port 0000:03:00.0, downstream port 0000:04:08.0) under the PCH root port.
  const sw = [
    { address: '0000:03:00.0', parent: '0000:00:1c.0', vendorId: '10b5', deviceId: '8747', portType: 5 as const, iommuGroup: 19, numaNode: 0 },
    { address: '0000:04:08.0', parent: '0000:03:00.0', vendorId: '10b5', deviceId: '8747', portType: 6 as const, iommuGroup: 20, numaNode: 0 },
  ];
  const spec: HostSpec = {
    ...base,
    bridges: [...(base.bridges ?? []), ...sw],
    pfs: (base.pfs ?? []).map((pf) => (pf.bridge === '0000:00:1c.0' ? { ...pf, bridge: '0000:04:08.0', address: pf.address.replace('0000:02:', '0000:05:'), netdev: pf.netdev && { ...pf.netdev, name: pf.netdev.name.replace('enp2s', 'enp5s') } } : pf)),
  };
  const snap = await snapshotOf(t, spec);
  const f = finding(snap, ISOLATION, 'enp5s0f0');
  t.equal(f?.status, 'warn');
  t.match(f?.summary, /0000:04:08\.0 \(switch downstream port, no ACS capability\) and 0000:00:1c\.0 \(root port, no ACS capability\)/, 'the downstream port, then the root port');
  t.notMatch(f?.summary, /0000:03:00\.0/, 'a single-function upstream port needs no ACS (pci_acs_enabled)');
  t.strictSame(f?.evidence, ['/sys/bus/pci/devices/0000:04:08.0/config', '/sys/bus/pci/devices/0000:00:1c.0/config'], 'the config files are the evidence');
});
