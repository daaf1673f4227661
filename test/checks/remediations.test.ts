// The remediation catalog: every code belongs to a check or is shared, values are filled by name, optional
// parts drop out, and a check can only name codes it listed. The compiler proves the last: each expected
// type error below fails `npm run typecheck` the day it compiles.

import t from 'tap';
import { CHECKS } from '../../src/checks/check-table.js';
import { REMEDIATIONS, SHARED_REMEDIES, remedies, sharedRemedy, together, type RemedyCode } from '../../src/checks/remediations.js';

t.test('every code is shared or listed by a check, and no check lists a shared code', async (t) => {
  const listed = new Map<string, string[]>();
  for (const check of CHECKS) for (const code of check.remedies) listed.set(code, [...(listed.get(code) ?? []), check.id]);
  const shared = new Set<string>(SHARED_REMEDIES);
  for (const code of Object.keys(REMEDIATIONS)) {
    t.ok(shared.has(code) !== listed.has(code), `${code}: ${shared.has(code) ? 'shared' : `listed by ${listed.get(code)?.join(', ') ?? 'no check'}`}`);
  }
});

t.test('placeholders are plain names and optional parts hold one', async (t) => {
  for (const [code, text] of Object.entries(REMEDIATIONS)) {
    const braces = text.replace(/\{\{\w+\}\}/g, '');
    t.notMatch(braces, /\{\{|\}\}/, `${code}: no stray {{ or }}`);
    for (const part of text.matchAll(/\[\[(.*?)\]\]/g)) t.match(part[1] as string, /\{\{\w+\}\}/, `${code}: [[${part[1]}]] has a value`);
  }
});

t.test('a remediation is filled with the values by name; an optional part without its value drops out', async (t) => {
  const fix = remedies('use-another-pf', 'install-vf-driver');
  t.equal(fix('use-another-pf', { model: 'Intel 82576', total: 7, driverLimit: 7 }), 'Use another PF: Intel 82576 provides at most 7 VFs per PF (its driver allows 7).');
  t.equal(fix('use-another-pf', { model: 'Intel 82576', total: 7 }), 'Use another PF: Intel 82576 provides at most 7 VFs per PF.');
  t.match(fix('install-vf-driver', { driver: 'iavf', release: '6.8.0' }), /^Install the VF driver iavf for kernel 6\.8\.0 /);
  t.match(fix('install-vf-driver', { driver: undefined, release: '6.8.0' }), /^Install the VF driver for kernel 6\.8\.0 /);
  t.same(fix.codes, ['use-another-pf', 'install-vf-driver']);
  t.equal(sharedRemedy('check-path', { path: '/proc/cmdline' }), 'Check /proc/cmdline on the host.');
  t.equal(together('One.', undefined, false, 'Two.'), 'One. Two.');
});

t.test('the compiler refuses a misspelt value, a missing value and a code the check did not list', async (t) => {
  const fix = remedies('pf-link-up');
  // @ts-expect-error -- `netdevs` is not a value of pf-link-up (it is `netdev`)
  t.throws(() => fix('pf-link-up', { netdevs: 'eth0' }), /\{\{netdev\}\} missing/);
  // @ts-expect-error -- pf-link-up needs its values
  t.throws(() => fix('pf-link-up'), /missing/);
  // @ts-expect-error -- numa-bios is not one of this check's codes
  t.equal(typeof fix('numa-bios'), 'string');
  // @ts-expect-error -- install-qemu is a check's own code, not a shared one
  t.equal(typeof sharedRemedy('install-qemu', { packages: 'qemu' }), 'string');
  const code: RemedyCode = 'pf-link-up';
  t.equal(fix(code, { netdev: 'eth0' }), 'Check the cable or transceiver and bring the PF up: `ip link set eth0 up`.');
});
