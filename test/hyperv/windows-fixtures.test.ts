// The ten Windows fixtures of reference/hyperv.md §6, each judged as a whole: the verdict (report.ts's rule, as on
// Linux) and the finding that names the cause.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, Status } from '../../src/checks/check-types.js';
import { verdictOf } from '../../src/report/report.js';
import { parseHypervDocument, type HypervDocument } from '../../src/parse/hyperv-document.js';
import { judgeHypervDocument } from '../../src/hyperv/judge-hyperv.js';
import { REPO } from '../support/run-cli.js';

const DIR = path.join(REPO, 'test/fixtures/hyperv');

interface Expected {
  readonly file: string;
  readonly verdict: 'ready' | 'degraded' | 'not-ready';
  /** The finding that names the cause (none for a ready host). */
  readonly cause?: { readonly id: string; readonly subject: string; readonly status: Status; readonly summary: RegExp; readonly remediation?: RegExp };
}

const VM = 'web01';

const CASES: readonly Expected[] = [
  { file: 'ready-host.json', verdict: 'ready' },
  { file: 'osc.json', verdict: 'not-ready', cause: { id: 'firmware.pci.os-control', subject: 'host', status: 'fail', summary: /does not hand control of PCI Express to Windows \(_OSC\)/, remediation: /Update the BIOS/ } },
  { file: 'no-interrupt-remapping.json', verdict: 'not-ready', cause: { id: 'firmware.iommu.interrupt-remapping', subject: 'host', status: 'fail', summary: /does not do interrupt remapping/, remediation: /cold restart/ } },
  { file: 'switch-iov-off.json', verdict: 'not-ready', cause: { id: 'hypervisor.vswitch.iov-enabled', subject: 'SR-IOV', status: 'fail', summary: /created without SR-IOV \(IovEnabled False\)/, remediation: /New-VMSwitch -Name 'SR-IOV' -NetAdapterName 'VM NIC 2' -EnableIov \$true; Connect-VMNetworkAdapter -VMName 'web01'/ } },
  { file: 'lbfo-switch.json', verdict: 'not-ready', cause: { id: 'hypervisor.vswitch.no-lbfo', subject: 'Team', status: 'fail', summary: /bound to an LBFO team/, remediation: /-EnableEmbeddedTeaming \$true -EnableIov \$true/ } },
  { file: 'iovweight-zero.json', verdict: 'degraded', cause: { id: 'hypervisor.vnic.iov-requested', subject: 'web01/Network Adapter', status: 'warn', summary: /IovWeight 0/, remediation: /Set-VMNetworkAdapter -VMName 'web01' -Name 'Network Adapter' -IovWeight 100/ } },
  { file: 'datapath-inactive.json', verdict: 'degraded', cause: { id: 'hypervisor.vnic.vf-datapath', subject: 'web01/Network Adapter', status: 'warn', summary: /VF driver in the guest is not working/ } },
  { file: 'enums-as-names.json', verdict: 'not-ready', cause: { id: 'nic.sriov.support', subject: 'SLOT 5 Port 1', status: 'fail', summary: /NoVfBarSpace = 6/, remediation: /another PCI Express slot/ } },
  { file: 'single-object.json', verdict: 'ready' },
  { file: 'hypervisor-blank-requirements.json', verdict: 'ready' },
];

function load(file: string): HypervDocument {
  const result = parseHypervDocument(fs.readFileSync(path.join(DIR, file), 'utf8'));
  if (!result.ok) throw new Error(`${file}: ${result.error}`);
  return result.document;
}

const find = (findings: readonly Finding[], id: string, subject: string) => findings.find((f) => f.id === id && f.subject === subject);

t.test('the fixture directory holds exactly the ten cases', async (t) => {
  t.strictSame(fs.readdirSync(DIR).filter((f) => f.endsWith('.json')).sort(), CASES.map((c) => c.file).sort());
});

for (const c of CASES) {
  t.test(c.file, async (t) => {
    const text = fs.readFileSync(path.join(DIR, c.file), 'utf8');
    const meta = (JSON.parse(text) as { _fixture?: { synthetic?: string; sources?: Record<string, string> } })._fixture;
    t.match(meta?.synthetic, /^Synthetic/, 'says it is synthetic');
    t.ok(Object.keys(meta?.sources ?? {}).length >= 2, 'names where its strings come from');

    const findings = judgeHypervDocument(load(c.file), { vm: VM });
    const verdict = verdictOf(findings.map((f) => f.status));
    const problems = findings.filter((f) => f.status !== 'pass' && f.status !== 'skip').map((f) => `${f.id} ${f.subject}: ${f.status} ${f.summary}`);
    t.equal(verdict, c.verdict, `verdict ${c.verdict}${problems.length > 0 ? ` (${problems.join(' | ')})` : ''}`);
    if (c.cause === undefined) {
      t.strictSame(problems, [], 'nothing but pass and skip');
      return;
    }
    const cause = find(findings, c.cause.id, c.cause.subject);
    t.ok(cause, `${c.cause.id} judged ${c.cause.subject}`);
    t.equal(cause?.status, c.cause.status, `${c.cause.id} is ${c.cause.status}`);
    t.match(cause?.summary, c.cause.summary, 'the summary names the cause');
    if (c.cause.remediation) t.match(cause?.remediation, c.cause.remediation, 'the remediation is the fix');
  });
}

t.test('a cause is reported once: checks that need it are skipped, not failed again', async (t) => {
  const osc = judgeHypervDocument(load('osc.json'), { vm: VM });
  t.equal(find(osc, 'nic.sriov.support', 'VM NIC 2')?.status, 'fail', 'the adapter says NoOscSupport');
  t.match(find(osc, 'nic.sriov.support', 'VM NIC 2')?.summary, /NoOscSupport = 7/);
  t.equal(find(osc, 'nic.sriov.enabled', 'VM NIC 2')?.status, 'skip');
  t.equal(find(osc, 'nic.vfs.total', 'VM NIC 2')?.status, 'skip');
  t.match(find(osc, 'hypervisor.vnic.vf-assigned', 'web01/Network Adapter')?.summary, /cannot do SR-IOV/, 'the VM adapter points at the switch, whose reason is the _OSC one');
  t.equal(find(osc, 'hypervisor.vswitch.vf-capacity', 'SR-IOV')?.status, 'fail', 'a switch with IOV on and no VF');
  const off = judgeHypervDocument(load('switch-iov-off.json'), { vm: VM });
  t.equal(find(off, 'hypervisor.vswitch.iov-support', 'SR-IOV')?.status, 'skip');
  t.equal(find(off, 'hypervisor.vswitch.vf-capacity', 'SR-IOV')?.status, 'skip');
  t.match(find(off, 'hypervisor.vnic.vf-assigned', 'web01/Network Adapter')?.summary, /its switch SR-IOV was created without SR-IOV/);
});

t.test('a running hypervisor makes blank or False firmware fields neither fail nor unknown', async (t) => {
  for (const file of ['ready-host.json', 'hypervisor-blank-requirements.json']) {
    const findings = judgeHypervDocument(load(file));
    t.equal(find(findings, 'firmware.cpu.virtualization', 'host')?.status, 'pass', `${file}: VT-x/AMD-V proven by the hypervisor`);
    t.equal(find(findings, 'firmware.cpu.slat', 'host')?.status, 'pass', `${file}: SLAT proven by IovSupport True`);
  }
});

t.test('only the external switch is judged; the internal one is not a subject', async (t) => {
  const findings = judgeHypervDocument(load('ready-host.json'));
  t.ok(find(findings, 'hypervisor.vswitch.iov-enabled', 'SR-IOV'));
  t.notOk(findings.some((f) => f.subject === 'Internal'));
});

t.test('without --vm no VM adapter is judged', async (t) => {
  t.notOk(judgeHypervDocument(load('ready-host.json')).some((f) => f.id.startsWith('hypervisor.vnic.')));
});

t.test('--vfs: an adapter with fewer VFs fails with the command that raises them', async (t) => {
  const findings = judgeHypervDocument(load('ready-host.json'), { vfs: 40 });
  const vfs = find(findings, 'nic.vfs.total', 'VM NIC 2');
  t.equal(vfs?.status, 'fail');
  t.match(vfs?.summary, /provides 32 VFs; 40 needed/);
  t.equal(vfs?.remediation, "Set-NetAdapterSriov -Name 'VM NIC 2' -NumVFs 40");
});
