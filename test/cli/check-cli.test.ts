// sriov-check's command line: exit codes, flags, snapshots, and bad input that must give one line, not a stack.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixtureHost, runCheck, spawnCheck } from '../support/run-cli.js';
import { SNAPSHOT_VERSION } from '../../src/snapshot/snapshot-types.js';

const x710 = fixtureHost('x710-iavf');

t.test('exit codes: 0 degraded, 1 with --strict, 1 not ready, 0 ready', async (t) => {
  t.equal((await runCheck(['--path.rootfs', x710])).code, 0, 'degraded host exits 0');
  t.equal((await runCheck(['--path.rootfs', x710, '--strict'])).code, 1, 'degraded host exits 1 with --strict');
  t.equal((await runCheck(['--path.rootfs', x710, '--pf', 'ens1f0'])).code, 0);
  t.equal((await runCheck(['--path.rootfs', fixtureHost('pf-no-driver')])).code, 1, 'not ready exits 1');
});

t.test('--pf narrows the verdict; an unknown --pf is a usage error naming the PFs', async (t) => {
  const all = JSON.parse((await runCheck(['--path.rootfs', x710, '--output', 'json'])).stdout);
  const one = JSON.parse((await runCheck(['--path.rootfs', x710, '--output', 'json', '--pf', 'ens1f0'])).stdout);
  const byAddress = JSON.parse((await runCheck(['--path.rootfs', x710, '--output', 'json', '--pf', '3b:00.0'])).stdout);
  t.equal(all.verdict, 'degraded');
  t.equal(one.verdict, 'ready');
  t.equal(byAddress.verdict, 'ready', 'short lspci-style address selects the same PF');
  t.same(one.pfs.map((p: { netdev: string; selected: boolean; verdict: string }) => [p.netdev, p.selected, p.verdict]), [
    ['ens1f0', true, 'ready'],
    ['ens1f1', false, 'degraded'],
  ]);
  const bad = await runCheck(['--path.rootfs', x710, '--pf', 'ens9f9']);
  t.equal(bad.code, 2);
  t.equal(bad.stdout, '');
  t.match(bad.stderr, /^sriov-check: --pf ens9f9: no SR-IOV PF by that name or PCI address \(PFs here: ens1f0, ens1f1\)\n$/);
});

t.test('the JSON report follows the documented contract', async (t) => {
  const report = JSON.parse((await runCheck(['--path.rootfs', x710, '--output', 'json', '--vfs', '8'])).stdout);
  t.match(report, { verdict: /^(ready|degraded|not-ready)$/, vfs_required: 8, checks: Array, pfs: Array });
  for (const c of report.checks) {
    t.match(c, { id: /^(nic|firmware|hypervisor)\.[a-z0-9-]+\.[a-z0-9-]+$/, layer: /^(nic|firmware|hypervisor)$/, subject: String, status: /^(pass|warn|fail|skip|unknown)$/, summary: String, remediation: String });
  }
  t.match(report.pfs[0], { pci_address: '0000:3b:00.0', netdev: 'ens1f0', vendor_id: '8086', device_id: '1572', driver: 'i40e', vfs_supported: 64, vfs_enabled: 8, verdict: 'ready' });
});

t.test('bad flags and bad roots: exit 2, one line on stderr, nothing on stdout', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--bogus'], /^sriov-check: unknown option --bogus\n$/],
    [['--vfs', 'many'], /^sriov-check: --vfs many: expected a whole number/],
    [['--vfs', '0'], /^sriov-check: --vfs 0: expected a whole number/],
    [['--output', 'yaml'], /^sriov-check: --output yaml: expected text, json, junit, nfd, prometheus or html\n$/],
    [['--pf'], /^sriov-check: option --pf needs a value\n$/],
    [['extra'], /^sriov-check: unexpected argument extra\n$/],
    [['--path.rootfs', '/nonexistent/root'], /^sriov-check: --path.rootfs \/nonexistent\/root: no such directory\n$/],
    [['--path.rootfs', path.join(x710, 'proc/cmdline')], /: not a directory\n$/],
    [['--path.rootfs', x710, '--path.sysfs', '/nonexistent/sys'], /^sriov-check: --path.sysfs \/nonexistent\/sys: no such directory\n$/],
    [['--snapshot', 'x.json', '--path.rootfs', '/'], /exclude each other/],
  ];
  for (const [args, expected] of cases) {
    const result = await runCheck(args);
    t.equal(result.code, 2, `${args.join(' ')} exits 2`);
    t.equal(result.stdout, '', `${args.join(' ')} prints no report`);
    t.match(result.stderr, expected, `${args.join(' ')}: ${result.stderr.trim()}`);
    t.equal(result.stderr.split('\n').length, 2, 'exactly one line');
  }
});

t.test('--help lists every flag; --version prints the version', async (t) => {
  const help = await runCheck(['--help']);
  t.equal(help.code, 0);
  for (const flag of ['--path.rootfs', '--path.sysfs', '--path.procfs', '--pf', '--vfs', '--output', '--strict', '--quiet', '--color', '--kernel-log', '--snapshot', '--save-snapshot']) {
    t.match(help.stdout, flag);
  }
  t.match((await runCheck(['--version'])).stdout, /^sriov-check \d+\.\d+\.\d+\n$/);
});

t.test('a saved snapshot replays to the same report, even when the host is gone', async (t) => {
  const dir = t.testdir({});
  const file = path.join(dir, 'host.json');
  const direct = await runCheck(['--path.rootfs', fixtureHost('vf-no-driver'), '--output', 'json', '--save-snapshot', file]);
  t.ok(fs.existsSync(file));
  const replay = await runCheck(['--snapshot', file, '--output', 'json']);
  t.equal(replay.code, direct.code);
  t.equal(replay.stdout, direct.stdout);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
  t.equal(saved.format, 'sriov-exporter/host-snapshot');
  t.equal(saved.version, SNAPSHOT_VERSION);
});

t.test('garbage, truncated and foreign snapshots: exit 2 with one line', async (t) => {
  const dir = t.testdir({});
  const good = path.join(dir, 'good.json');
  await runCheck(['--path.rootfs', x710, '--save-snapshot', good]);
  const text = fs.readFileSync(good, 'utf8');
  const variants: Record<string, string> = {
    'garbage.json': '\u0000\u0001\u0002 not json',
    'truncated.json': text.slice(0, Math.floor(text.length / 2)),
    'array.json': '[1,2,3]',
    'other-format.json': JSON.stringify({ format: 'something-else', version: 1 }),
    'future.json': JSON.stringify({ ...JSON.parse(text), version: 99 }),
    'bad-field.json': JSON.stringify({ ...JSON.parse(text), pciDevices: [{ address: 42 }] }),
    'bad-fact.json': JSON.stringify({ ...JSON.parse(text), numaNodes: { kind: 'issue' } }),
  };
  for (const [name, content] of Object.entries(variants)) {
    fs.writeFileSync(path.join(dir, name), content);
    const result = await runCheck(['--snapshot', path.join(dir, name)]);
    t.equal(result.code, 2, `${name} exits 2`);
    t.equal(result.stdout, '');
    t.match(result.stderr, /^sriov-check: .*snapshot.*\n$/, `${name}: ${result.stderr.trim()}`);
    t.notMatch(result.stderr, /\n\s+at /, 'no stack trace');
  }
  const missing = await runCheck(['--snapshot', path.join(dir, 'none.json')]);
  t.match(missing.stderr, /cannot read snapshot .*none\.json: ENOENT/);
});

t.test('colour: only on a TTY, never with NO_COLOR; --quiet hides passes', async (t) => {
  const ESC = '\u001b[';
  t.notMatch((await runCheck(['--path.rootfs', x710], {}, false)).stdout, ESC, 'no colour when not a TTY');
  t.match((await runCheck(['--path.rootfs', x710], {}, true)).stdout, ESC, 'colour on a TTY');
  t.notMatch((await runCheck(['--path.rootfs', x710], { NO_COLOR: '1' }, true)).stdout, ESC, 'NO_COLOR wins on a TTY');
  t.notMatch((await runCheck(['--path.rootfs', x710, '--color', 'always'], { NO_COLOR: '1' }, true)).stdout, ESC, 'NO_COLOR wins over --color always');
  t.match((await runCheck(['--path.rootfs', x710, '--color', 'always'])).stdout, ESC);
  const quiet = (await runCheck(['--path.rootfs', x710, '--quiet'])).stdout;
  t.notMatch(quiet, /^ {2}PASS /m);
  t.match(quiet, /^ {2}WARN +nic\.vfs\.enabled +ens1f1/m);
});

t.test('the built program: same exit codes, no stack traces', async (t) => {
  const ok = await spawnCheck(['--path.rootfs', x710, '--pf', 'ens1f0']);
  t.equal(ok.code, 0);
  t.match(ok.stdout, /Verdict: READY/);
  const notReady = await spawnCheck(['--path.rootfs', fixtureHost('pf-no-driver')]);
  t.equal(notReady.code, 1);
  const bad = await spawnCheck(['--path.rootfs', '/nonexistent']);
  t.equal(bad.code, 2);
  t.equal(bad.stderr, 'sriov-check: --path.rootfs /nonexistent: no such directory\n');
});
