// --output junit|nfd|prometheus|html through the command line: same exit codes as text, files written whole
// (a dot-file renamed into place), and one-line errors for what does not fit.

import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixtureHost, runCheck } from '../support/run-cli.js';

const vtdOff = fixtureHost('vtd-off-bios');
const ready = fixtureHost('ready-intel');

t.test('every format: the verdict decides the exit code, whatever the output', async (t) => {
  for (const output of ['text', 'json', 'junit', 'nfd', 'prometheus', 'html']) {
    const bad = await runCheck(['--path.rootfs', vtdOff, '--output', output]);
    t.equal(bad.code, 1, `${output}: not ready exits 1`);
    t.equal(bad.stderr, '');
    t.not(bad.stdout, '', `${output}: printed`);
    t.equal((await runCheck(['--path.rootfs', ready, '--output', output])).code, 0, `${output}: ready exits 0`);
  }
});

t.test('what each format starts with', async (t) => {
  const out = async (format: string) => (await runCheck(['--path.rootfs', vtdOff, '--output', format])).stdout;
  t.match(await out('junit'), /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="sriov-check: not-ready"/);
  const nfd = await out('nfd');
  t.match(nfd, /^# sriov-check .*\n# \+expiry-time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nfeature\.node\.kubernetes\.io\/sriov-check\.ready=false\n/);
  t.match(nfd, /^feature\.node\.kubernetes\.io\/sriov-check\.pf\.ens1f0\.vfs-free=8$/m, 'holders read on the host: free VFs labelled (none held here)');
  t.match(await out('prometheus'), /^# HELP sriov_pf_info /);
  t.match(await out('html'), /^<!DOCTYPE html>\n/);
});

t.test('--nfd.expiry: the expiry directive is that far ahead; 0 leaves it out', async (t) => {
  const before = Date.now();
  const text = (await runCheck(['--path.rootfs', vtdOff, '--output', 'nfd', '--nfd.expiry', '2h'])).stdout;
  const expiry = Date.parse(/# \+expiry-time=(\S+)/.exec(text)?.[1] ?? '');
  t.ok(expiry >= Math.floor(before / 1000) * 1000 + 7_200_000 && expiry <= Date.now() + 7_200_000, 'two hours from now');
  t.notMatch((await runCheck(['--path.rootfs', vtdOff, '--output', 'nfd', '--nfd.expiry', '0'])).stdout, /expiry-time/);
});

t.test('--output html FILE and --output-file write the file and nothing else', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-out-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const page = path.join(dir, 'report.html');
  const html = await runCheck(['--path.rootfs', vtdOff, '--output', 'html', page]);
  t.equal(html.code, 1);
  t.equal(html.stdout, '', 'nothing on stdout');
  t.match(fs.readFileSync(page, 'utf8'), /Verdict: <strong class="s-fail">NOT READY<\/strong>/);
  const labels = path.join(dir, 'sriov-check');
  t.equal((await runCheck(['--path.rootfs', ready, '--output', 'nfd', '--output-file', labels])).code, 0);
  t.match(fs.readFileSync(labels, 'utf8'), /sriov-check\.ready=true/);
  t.same(fs.readdirSync(dir).sort(), ['report.html', 'sriov-check'], 'no temporary file left behind');
});

t.test('one-line errors', async (t) => {
  const cases: [string[], RegExp][] = [
    [['--output', 'xml'], /^sriov-check: --output xml: expected text, json, junit, nfd, prometheus or html\n$/],
    [['--output', 'json', 'extra'], /^sriov-check: unexpected argument extra\n$/],
    [['--output', 'html', 'a.html', 'b.html'], /^sriov-check: unexpected argument b\.html\n$/],
    [['--nfd.expiry', '1w'], /^sriov-check: --nfd\.expiry 1w: expected a duration such as 30m, 2h or 1d, or 0\n$/],
    [['--output', 'nfd', '--output-file', '/nonexistent-dir/x'], /^sriov-check: --output-file \/nonexistent-dir\/x: cannot write \(ENOENT\)\n$/],
    [['--output', 'nfd', '--plan', 'p.yaml'], /^sriov-check: --plan works with --output text, json or junit, not nfd\n$/],
  ];
  for (const [args, expected] of cases) {
    const result = await runCheck(['--path.rootfs', ready, ...args]);
    t.equal(result.code, 2, args.join(' '));
    t.match(result.stderr, expected);
  }
});
