// What a non-root run cannot read, and exactly what grants it, tried on this machine's own kernel and files
// (deploy/README.md states the result): PCI config space beyond 64 bytes needs CAP_SYS_ADMIN and no narrower
// capability; the Debian kernel log (root:adm, 0640) needs the group adm, which the unit adds.

import t from 'tap';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AS_NOBODY, CHECK_BIN, SETPRIV, fixtureHost, openPathToOthers } from '../support/run-cli.js';

const root = process.getuid?.() === 0;
const skip = !root ? 'needs root to run a program as nobody with chosen capabilities' : !SETPRIV ? 'needs util-linux setpriv' : false;
const device = fs.existsSync('/sys/bus/pci/devices') ? fs.readdirSync('/sys/bus/pci/devices').map((d) => path.join('/sys/bus/pci/devices', d)).find((d) => fs.statSync(path.join(d, 'config')).size > 64) : undefined;

/** Bytes of `file` that nobody, given `caps` as ambient capabilities, can read. */
function bytesReadAsNobody(file: string, caps: string | undefined): number {
  const capArgs = caps ? [`--inh-caps=+${caps}`, `--ambient-caps=+${caps}`] : [];
  const script = `process.stdout.write(String(require('node:fs').readFileSync(${JSON.stringify(file)}).length))`;
  return Number(execFileSync(SETPRIV as string, [...AS_NOBODY, ...capArgs, process.execPath, '-e', script], { encoding: 'utf8' }));
}

t.test('PCI config space beyond 64 bytes: CAP_SYS_ADMIN, and no narrower capability', { skip: skip || (device ? false : 'this machine has no PCI device with extended config space') }, async (t) => {
  const config = path.join(device as string, 'config');
  const full = fs.readFileSync(config).length;
  t.ok(full > 64, `root reads ${full} bytes of ${config}`);
  t.equal(bytesReadAsNobody(config, undefined), 64, 'nobody reads the first 64');
  t.equal(bytesReadAsNobody(config, 'sys_admin'), full, 'nobody with CAP_SYS_ADMIN reads all of it');
  for (const cap of ['sys_rawio', 'dac_read_search', 'dac_override', 'syslog']) t.equal(bytesReadAsNobody(config, cap), 64, `CAP_${cap.toUpperCase()} is not enough`);
});

t.test('the kernel log of Debian (root:adm 0640): unreadable to nobody, readable with the group adm', { skip }, async (t) => {
  const host = path.join(t.testdir({}), 'host');
  fs.cpSync(fixtureHost('x710-iavf'), host, { recursive: true, verbatimSymlinks: true });
  const log = path.join(host, 'var/log/kern.log');
  fs.chownSync(log, 0, 4);
  fs.chmodSync(log, 0o640);
  openPathToOthers(host);
  const sources = (groups: string[]) => {
    const out = execFileSync(SETPRIV as string, [...AS_NOBODY.filter((a) => a !== '--clear-groups'), ...groups, process.execPath, CHECK_BIN, '--path.rootfs', host, '--output', 'json'], { encoding: 'utf8' });
    return (JSON.parse(out) as { host: { kernel_log: { path: string; status: string }[] } }).host.kernel_log.find((s) => s.path === '/var/log/kern.log')?.status;
  };
  t.match(sources(['--clear-groups']), /EACCES|permission/i, 'nobody: the file is there but cannot be read');
  t.match(sources(['--groups=4']), /^read/, 'nobody in group adm (SupplementaryGroups=adm in the unit) reads it');
});
