// sriov-check on the Hyper-V platforms, end to end: a Windows host judged from its document (--hyperv-json FILE
// or -, --vm), the live path on Windows through a stand-in powershell.exe first on PATH (process.platform named
// as win32, nothing of the machine touched), and a Linux guest on Hyper-V/Azure read from its fixture tree.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { CHECKS } from '../../src/checks/check-table.js';
import { runCheckCli } from '../../src/cli/check-main.js';
import { CHECK_BIN, REPO, fixtureHost, runCheck, type CliResult } from '../support/run-cli.js';

const HYPERV = path.join(REPO, 'test/fixtures/hyperv');
const doc = (name: string) => path.join(HYPERV, `${name}.json`);

interface JsonReport {
  platform: string;
  verdict: string;
  host: unknown;
  hyperv: { origin: string; live: boolean; ps_version: string | null } | null;
  checks: { id: string; subject: string; status: string; summary: string }[];
  pfs: { pci_address: string | null; netdev: string | null; verdict: string }[];
}

/** Failing (or warn/unknown) findings as `id@subject:status`, the rest left out. */
const problems = (report: JsonReport) => report.checks.filter((c) => c.status !== 'pass' && c.status !== 'skip').map((c) => `${c.id}@${c.subject}:${c.status}`);

/** The ten documents: verdict and exit code, and the findings that are not pass or skip. */
const WINDOWS_CASES: readonly { name: string; vm?: string; verdict: string; code: number; problems: readonly string[] }[] = [
  { name: 'ready-host', vm: 'web01', verdict: 'ready', code: 0, problems: [] },
  {
    name: 'osc',
    verdict: 'not-ready',
    code: 1,
    problems: [
      'nic.sriov.support@VM NIC 2:fail',
      'firmware.pci.os-control@host:fail',
      'hypervisor.hyperv.iov-support@host:fail',
      'hypervisor.vswitch.iov-support@SR-IOV:fail',
      'hypervisor.vswitch.vf-capacity@SR-IOV:fail',
    ],
  },
  {
    name: 'no-interrupt-remapping',
    verdict: 'not-ready',
    code: 1,
    problems: [
      'nic.sriov.support@VM NIC 2:fail',
      'firmware.iommu.interrupt-remapping@host:fail',
      'hypervisor.hyperv.iov-support@host:fail',
      'hypervisor.vswitch.iov-support@SR-IOV:fail',
      'hypervisor.vswitch.vf-capacity@SR-IOV:fail',
    ],
  },
  { name: 'switch-iov-off', verdict: 'not-ready', code: 1, problems: ['hypervisor.vswitch.iov-enabled@SR-IOV:fail'] },
  { name: 'lbfo-switch', verdict: 'not-ready', code: 1, problems: ['hypervisor.vswitch.iov-support@Team:fail', 'hypervisor.vswitch.no-lbfo@Team:fail', 'hypervisor.vswitch.vf-capacity@Team:fail'] },
  { name: 'iovweight-zero', vm: 'web01', verdict: 'degraded', code: 0, problems: ['hypervisor.vnic.iov-requested@web01/Network Adapter:warn'] },
  { name: 'datapath-inactive', vm: 'web01', verdict: 'degraded', code: 0, problems: ['hypervisor.vnic.vf-datapath@web01/Network Adapter:warn'] },
  { name: 'enums-as-names', verdict: 'not-ready', code: 1, problems: ['nic.sriov.support@SLOT 5 Port 1:fail'] },
  { name: 'single-object', verdict: 'ready', code: 0, problems: [] },
  { name: 'hypervisor-blank-requirements', verdict: 'ready', code: 0, problems: [] },
];

t.test('--hyperv-json: each of the ten documents gets its verdict, exit code and named causes', async (t) => {
  t.equal(fs.readdirSync(HYPERV).filter((f) => f.endsWith('.json')).length, WINDOWS_CASES.length, 'every fixture document is a case');
  for (const c of WINDOWS_CASES) {
    const result = await runCheck(['--hyperv-json', doc(c.name), '--output', 'json', ...(c.vm ? ['--vm', c.vm] : [])]);
    t.equal(result.stderr, '', `${c.name}: nothing on stderr`);
    const report = JSON.parse(result.stdout) as JsonReport;
    t.equal(report.platform, 'windows-hyperv', c.name);
    t.equal(report.host, null, `${c.name}: no Linux host`);
    t.match(report.hyperv, { origin: doc(c.name), live: false }, c.name);
    t.equal(report.verdict, c.verdict, `${c.name}: verdict`);
    t.equal(result.code, c.code, `${c.name}: exit code`);
    t.strictSame(problems(report).sort(), [...c.problems].sort(), `${c.name}: the causes`);
    t.ok(report.pfs.length > 0 && report.pfs.every((pf) => pf.pci_address === null && pf.netdev !== null), `${c.name}: pfs[] lists the SR-IOV adapters`);
  }
});

t.test('--vm: without it the VM adapters are not judged; a VM the document lacks is unknown', async (t) => {
  const without = JSON.parse((await runCheck(['--hyperv-json', doc('iovweight-zero'), '--output', 'json'])).stdout) as JsonReport;
  t.notOk(without.checks.some((c) => c.id.startsWith('hypervisor.vnic.')), 'no vm-adapter finding without --vm');
  t.equal(without.verdict, 'ready');
  const missing = JSON.parse((await runCheck(['--hyperv-json', doc('ready-host'), '--vm', 'nosuch', '--output', 'json'])).stdout) as JsonReport;
  t.match(missing.checks.find((c) => c.id === 'hypervisor.vnic.iov-requested'), { subject: 'nosuch', status: 'unknown' });
  t.equal(missing.verdict, 'degraded');
});

t.test('--hyperv-json -: the document from standard input (the built program)', async (t) => {
  const result = await new Promise<CliResult>((resolve) => {
    const child = execFile(process.execPath, [CHECK_BIN, '--hyperv-json', '-', '--output', 'json'], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 2) : 0, stdout, stderr }),
    );
    child.stdin?.end(fs.readFileSync(doc('switch-iov-off')));
  });
  t.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  t.match(report.hyperv, { origin: '-' });
  t.strictSame(problems(report), ['hypervisor.vswitch.iov-enabled@SR-IOV:fail']);
});

t.test('--hyperv-json: bad input is a one-line error and exit 2', async (t) => {
  const dir = t.testdir({ 'garbage.json': 'not json', 'array.json': '[1,2]' });
  for (const [file, message] of [
    [path.join(dir, 'garbage.json'), /^sriov-check: --hyperv-json .*garbage\.json: not JSON: /],
    [path.join(dir, 'array.json'), /^sriov-check: --hyperv-json .*array\.json: expected a JSON object/],
    [path.join(dir, 'absent.json'), /^sriov-check: --hyperv-json .*absent\.json: no such file\n/],
  ] as const) {
    const result = await runCheck(['--hyperv-json', file]);
    t.equal(result.code, 2, file);
    t.match(result.stderr, message);
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
  }
  const mixed = await runCheck(['--hyperv-json', doc('osc'), '--path.rootfs', '/tmp']);
  t.equal(mixed.code, 2);
  t.match(mixed.stderr, /--hyperv-json and --path\.rootfs exclude each other/);
  const vmOnLinux = await runCheck(['--vm', 'web01', '--path.rootfs', fixtureHost('ready-intel')]);
  t.equal(vmOnLinux.code, 2);
  t.match(vmOnLinux.stderr, /--vm names a VM of a Windows Hyper-V host/);
  const plan = await runCheck(['--hyperv-json', doc('ready-host'), '--plan', path.join(dir, 'garbage.json')]);
  t.equal(plan.code, 2);
  t.match(plan.stderr, /^sriov-check: --plan judges a Linux host: a Windows Hyper-V host has no SR-IOV network policies to fit\n$/);
});

t.test('--hyperv-json: the outputs for other tools carry the Windows host, its adapters without a PCI address', async (t) => {
  const junit = await runCheck(['--hyperv-json', doc('switch-iov-off'), '--output', 'junit']);
  t.equal(junit.code, 1, junit.stderr);
  t.match(junit.stdout, /<testsuites name="sriov-check: not-ready"/);
  t.match(junit.stdout, /hyperv\./, 'the Hyper-V checks are its test cases');
  const html = await runCheck(['--hyperv-json', doc('ready-host'), '--output', 'html']);
  t.equal(html.code, 0, html.stderr);
  t.match(html.stdout, /<p id="verdict" class="verdict v-ready">/);
  t.match(html.stdout, /VM NIC 2/, 'the SR-IOV adapter is a PF row');
  t.notMatch(html.stdout, /rootfs|undefined/, 'no Linux host nor an absent value');
});

/** Runs sriov-check as on Windows, with only `dir` on PATH. */
async function runOnWindows(dir: string, args: readonly string[] = []): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCheckCli(['--output', 'json', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { PATH: dir },
    platform: 'win32',
  });
  return { code, stdout, stderr };
}

/** A stand-in powershell.exe: records its arguments, then runs `body` (a POSIX shell script). */
function standIn(dir: string, body: string): void {
  const file = path.join(dir, 'powershell.exe');
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args"\n${body}\n`);
  fs.chmodSync(file, 0o755);
}

t.test('on Windows without --hyperv-json: the collector runs through powershell.exe and its document is judged', async (t) => {
  const dir = t.testdir({});
  standIn(dir, `/bin/cat '${doc('lbfo-switch')}'`);
  const result = await runOnWindows(dir);
  t.equal(result.stderr, '');
  t.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as JsonReport;
  t.match(report.hyperv, { origin: 'powershell.exe', live: true });
  t.ok(problems(report).includes('hypervisor.vswitch.no-lbfo@Team:fail'), 'the LBFO switch found through the live path');
  const args = fs.readFileSync(path.join(dir, 'args'), 'utf8').trim().split('\n');
  t.strictSame(args.slice(0, 5), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File']);
  t.equal(args[5], path.join(REPO, 'scripts/collect-hyperv.ps1'), 'the shipped script');
  t.ok(fs.existsSync(args[5] as string));
});

t.test('on Windows: a host without the Hyper-V module, no powershell.exe, garbage output: one clear line, exit 2', async (t) => {
  const noModule = t.testdir({});
  standIn(noModule, "echo 'The Hyper-V PowerShell module is not installed.' >&2; exit 3");
  const missing = await runOnWindows(noModule);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /^sriov-check: could not collect the Hyper-V host's document: powershell\.exe .*: no Hyper-V PowerShell module \(the Hyper-V PowerShell module is not installed: not a Hyper-V host/);

  const empty = t.testdir({});
  const none = await runOnWindows(empty);
  t.equal(none.code, 2);
  t.match(none.stderr, /powershell\.exe not found on PATH: run this on a Windows Hyper-V host, or pass a document with --hyperv-json/);

  const garbage = t.testdir({});
  standIn(garbage, "echo 'Get-VMHost : You do not have the required permission'");
  const bad = await runOnWindows(garbage);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /unexpected content \(not JSON/);
  for (const r of [missing, none, bad]) t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
});

t.test('the same machine on Linux does not run powershell.exe', async (t) => {
  const dir = t.testdir({});
  standIn(dir, `/bin/cat '${doc('lbfo-switch')}'`);
  let stdout = '';
  const code = await runCheckCli(['--output', 'json', '--path.rootfs', fixtureHost('ready-intel')], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: () => undefined },
    env: { PATH: dir },
    platform: 'linux',
  });
  t.equal(code, 0);
  t.equal((JSON.parse(stdout) as JsonReport).platform, 'linux-host');
  t.notOk(fs.existsSync(path.join(dir, 'args')), 'the stand-in never ran');
});

/** The guest fixture trees: verdict, exit code and the cause. */
const GUEST_CASES = [
  { name: 'azure-cx5-guest', verdict: 'ready', code: 0, problems: [] },
  { name: 'azure-mana-guest', verdict: 'ready', code: 0, problems: [] },
  { name: 'azure-vf-removed', verdict: 'degraded', code: 0, problems: ['hypervisor.guest.vf-present@eth0:warn'] },
  { name: 'azure-vf-no-driver', verdict: 'not-ready', code: 1, problems: ['hypervisor.guest.vf-driver@eth0:fail'] },
] as const;

t.test('a Linux guest on Hyper-V/Azure: host-only checks skipped with the reason, the guest checks decide', async (t) => {
  for (const c of GUEST_CASES) {
    const result = await runCheck(['--path.rootfs', fixtureHost(c.name), '--output', 'json']);
    const report = JSON.parse(result.stdout) as JsonReport;
    t.equal(report.platform, 'linux-guest', c.name);
    t.equal(report.verdict, c.verdict, `${c.name}: verdict`);
    t.equal(result.code, c.code, `${c.name}: exit code`);
    t.strictSame(problems(report), [...c.problems], `${c.name}: the cause`);
    const linuxHost = report.checks.filter((x) => !x.id.startsWith('hypervisor.guest.'));
    t.equal(linuxHost.length, CHECKS.filter((x) => x.scope === 'host').length, `${c.name}: every Linux host check is listed`);
    t.ok(linuxHost.every((x) => x.status === 'skip' && x.summary === 'skipped: this is a Hyper-V/Azure guest; the PF lives on the host'), `${c.name}: each skipped with the reason`);
    t.match(report.checks.find((x) => x.id === 'hypervisor.guest.hyperv'), { subject: 'host', status: 'pass' });
    t.strictSame(report.pfs, [], `${c.name}: no PF in a guest`);
  }
  const removed = await runCheck(['--path.rootfs', fixtureHost('azure-vf-removed')]);
  t.match(removed.stdout, /The host removed the VF of eth0 8162 s after boot \(VF slot 1 removed\)/, 'the VF removal named from the kernel log');
});
