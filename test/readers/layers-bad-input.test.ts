// The firmware and hypervisor readers against a host that lies or breaks: garbage cpuinfo and ACPI tables,
// a link loop in /sys/class/iommu, a binary or oversized kernel log, broken persistence configs. Each ends as
// an `unknown` naming the path, or is ignored where it proves nothing — never a crash.

import t, { type Test } from 'tap';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildHost } from '../support/host-builder.js';
import { spec as ready } from '../fixtures/scenarios/ready-intel.js';
import { CHECK_BIN, runCheck, type JsonCheck as Check } from '../support/run-cli.js';

function host(t: Test): string {
  const root = t.testdir({});
  buildHost(root, ready);
  return root;
}

async function run(root: string, args: readonly string[] = []) {
  const result = await runCheck(['--path.rootfs', root, '--output', 'json', ...args]);
  const report = JSON.parse(result.stdout) as { verdict: string; checks: Check[]; host: { kernel_log: { path: string; origin: string; status: string }[] } };
  return { ...report, code: result.code, stderr: result.stderr, check: (id: string, subject = 'host') => report.checks.find((c) => c.id === id && c.subject === subject) };
}

const write = (root: string, hostPath: string, content: string | Buffer) => {
  fs.mkdirSync(path.dirname(path.join(root, hostPath)), { recursive: true });
  fs.writeFileSync(path.join(root, hostPath), content);
};

t.test('garbage /proc/cpuinfo: unknown naming the file', async (t) => {
  const root = host(t);
  write(root, '/proc/cpuinfo', Buffer.from([0, 255, 1, 2, 3, 10, 0]));
  const r = await run(root);
  t.match(r.check('firmware.cpu.virtualization'), { status: 'unknown', summary: /\/proc\/cpuinfo: unexpected content/ });
  t.match(r.check('hypervisor.kvm.device'), { status: 'skip' });
  t.equal(r.stderr, '');
});

t.test('an ACPI table with the wrong signature or cut short: unknown naming it', async (t) => {
  const root = host(t);
  write(root, '/sys/firmware/acpi/tables/DMAR', Buffer.concat([Buffer.from('APIC'), Buffer.alloc(60)]));
  t.match((await run(root)).check('firmware.iommu.acpi-table'), { status: 'unknown', summary: /\/sys\/firmware\/acpi\/tables\/DMAR: unexpected content \(signature "APIC", expected DMAR\)/ });
  write(root, '/sys/firmware/acpi/tables/DMAR', Buffer.from('DMAR'));
  t.match((await run(root)).check('firmware.iommu.acpi-table'), { status: 'unknown', summary: /truncated read/ });
});

t.test('a link loop in /sys/class/iommu: unknown naming the link, no crash', async (t) => {
  const root = host(t);
  const link = path.join(root, 'sys/class/iommu/dmar0');
  fs.rmSync(link);
  fs.symlinkSync('dmar0', link);
  const r = await run(root);
  t.equal(r.stderr, '');
  t.equal(r.code, 0, 'the host is still judged');
  // The unit's registers are unreadable; interrupts still prove remapping, groups still prove the IOMMU.
  t.match(r.check('firmware.iommu.kernel-enabled'), { status: 'pass' });
  t.match(r.check('firmware.iommu.interrupt-remapping'), { status: 'pass' });
});

t.test('garbage ecap and /proc/interrupts: the kernel log decides, and says so', async (t) => {
  const root = host(t);
  write(root, '/sys/devices/virtual/iommu/dmar0/intel-iommu/ecap', 'not hex\n');
  write(root, '/proc/interrupts', 'garbage without a header\n');
  t.match((await run(root)).check('firmware.iommu.interrupt-remapping'), { status: 'pass', summary: /kernel log: "DMAR-IR: Enabled IRQ remapping in x2apic mode"/ });
});

t.test('kernel log: binary noise, a stale log of another kernel, a log larger than the tail read', async (t) => {
  const root = host(t);
  write(root, '/var/log/kern.log', Buffer.alloc(100_000, 0xff));
  const noise = await run(root);
  t.match(noise.host.kernel_log, [{ path: '/var/log/kern.log', status: 'read, without the start of this boot' }]);

  write(root, '/var/log/kern.log', 'Mar  1 10:00:00 hv3 kernel: [    0.000000] Linux version 5.10.0-28-amd64 (debian-kernel@lists.debian.org)\nMar  1 10:00:01 hv3 kernel: [    0.5] DMAR-IR: Enabled IRQ remapping in x2apic mode\n');
  const stale = await run(root);
  t.match(stale.host.kernel_log, [{ status: 'from an earlier boot of another kernel: ignored' }]);

  const boot = 'Mar  4 08:00:00 hv3 kernel: [    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org)\n';
  const filler = 'Mar  4 09:00:00 hv3 kernel: [  100.0] usb 1-1: new high-speed USB device number 2 using xhci_hcd\n'.repeat(60_000);
  write(root, '/var/log/kern.log', `${boot}${filler}Mar  4 10:00:00 hv3 kernel: [ 4000.1] ice 0000:5e:00.0: not enough MMIO resources for SR-IOV\n`);
  const big = await run(root);
  t.match(big.host.kernel_log, [{ status: 'read, without the start of this boot, last 4 MiB' }], 'only the tail is read');
  t.match(big.check('firmware.pci.mmio', 'ens2f0np0'), { status: 'fail', summary: /not enough MMIO resources for SR-IOV/ }, 'lines at the end still count');
});

t.test('persistence configs that are broken or unreadable kinds of files', async (t) => {
  const root = host(t);
  fs.mkdirSync(path.join(root, 'etc/udev/rules.d/odd.rules'), { recursive: true });
  write(root, '/etc/netplan/50-broken.yaml', 'network: [ethernets: {\n  virtual-function-count: :::\n');
  write(root, '/etc/NetworkManager/system-connections/pf.nmconnection', '[sriov]\ntotal-vfs=lots\n');
  const r = await run(root);
  t.equal(r.stderr, '');
  t.match(r.check('hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'pass' }, 'the working .link file still counts');
});

t.test('--kernel-log: a file on this machine, and mistakes', async (t) => {
  const root = host(t);
  fs.rmSync(path.join(root, 'var/log/kern.log'));
  // A saved dmesg next to the host tree: a path on this machine, not under the root's /var/log.
  const dir = path.join(root, 'saved');
  write(root, '/saved/dmesg.txt', '[    0.000000] Linux version 6.1.0-18-amd64 (x)\n[   41.2] ice 0000:5e:00.1: not enough MMIO resources for SR-IOV\n');
  const given = await run(root, ['--kernel-log', path.join(dir, 'dmesg.txt')]);
  t.match(given.host.kernel_log, [{ path: path.join(dir, 'dmesg.txt'), origin: 'option', status: 'read, since boot' }]);
  t.match(given.check('firmware.pci.mmio', 'ens2f1np1'), { status: 'fail' });
  const missing = await runCheck(['--path.rootfs', root, '--kernel-log', path.join(dir, 'none.txt')]);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /^sriov-check: --kernel-log .*none\.txt: no such file\n$/);
  const both = await runCheck(['--snapshot', path.join(dir, 'x.json'), '--kernel-log', path.join(dir, 'dmesg.txt')]);
  t.equal(both.code, 2);
  t.match(both.stderr, /--snapshot and --kernel-log exclude each other/);
  const none = await run(root);
  t.same(none.host.kernel_log, [], 'no log under the root');
});

t.test('--kernel-log -: the journal piped in (journalctl -k -b | sriov-check --kernel-log -)', async (t) => {
  const root = host(t);
  fs.rmSync(path.join(root, 'var/log/kern.log'));
  const journal = '-- Boot 5d3c8b --\nMar 04 08:00:00 hv3 kernel: AMD-Vi: Disabling interrupt remapping\n-- Boot 77a1e0 --\nMar 05 08:00:00 hv3 kernel: Linux version 6.1.0-18-amd64 (x)\nMar 05 08:00:01 hv3 kernel: ice 0000:5e:00.0: not enough MMIO resources for SR-IOV\n';
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [CHECK_BIN, '--path.rootfs', root, '--kernel-log', '-', '--output', 'json'], { input: journal, encoding: 'utf8' });
  } catch (error) {
    // Exit 1: the MMIO line makes the host not ready, as it should.
    t.equal((error as { status: number }).status, 1);
    stdout = (error as { stdout: string }).stdout;
  }
  const report = JSON.parse(stdout) as { host: { kernel_log: unknown[] }; checks: Check[] };
  t.match(report.host.kernel_log, [{ path: '-', origin: 'option', status: 'read, since boot' }]);
  t.match(report.checks.find((c) => c.id === 'firmware.pci.mmio' && c.subject === 'ens2f0np0'), { status: 'fail' });
});
