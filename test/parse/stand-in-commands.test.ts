// The stand-ins for `ip` and `ethtool` that the exporter's tests run instead of the real programs:
// they must print the recorded files byte for byte, answer like the real programs where that matters
// (missing netdev), fail in the ways the exporter must survive, and refuse calls they were not made for.
import t from 'tap';
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseIpLinkJson } from '../../src/parse/ip-link-json.js';
import { parseEthtoolStats } from '../../src/parse/ethtool-stats.js';
import { FIXTURES_DIR as FIXTURES } from './recorded.js';
import { isIssue } from '../../src/fact.js';

const IP = path.join(FIXTURES, 'bin', 'ip');
const ETHTOOL = path.join(FIXTURES, 'bin', 'ethtool');
const IP_JSON = path.join(FIXTURES, 'commands', 'ip');
const ETHTOOL_DIR = path.join(FIXTURES, 'commands', 'ethtool');

interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killed: boolean;
  readonly stdout: Buffer;
  readonly stderr: string;
}

function run(program: string, args: string[], env: Record<string, string>, timeout = 0, input = ''): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(
      program,
      args,
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'buffer', timeout, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const failed = error as (Error & { code?: number; signal?: NodeJS.Signals; killed?: boolean }) | null;
        resolve({
          code: failed === null ? 0 : typeof failed.code === 'number' ? failed.code : null,
          signal: failed?.signal ?? null,
          killed: failed?.killed ?? false,
          stdout,
          stderr: stderr.toString('utf8'),
        });
      },
    );
    // Requests of ip's batch mode; a process that exits early closes its end, which is not this test's failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

// The exporter's one long-lived ip (src/host/ip-session.ts): requests are lines on its standard input.
const IP_ARGS = ['-j', '-s', '-d', '-batch', '-'];
const SHOW = 'link show\n';
const ip = (env: Record<string, string>, requests = SHOW, timeout = 0) => run(IP, IP_ARGS, env, timeout, requests);

t.test('both programs are executable', async (t) => {
  for (const program of [IP, ETHTOOL]) t.ok((statSync(program).mode & 0o111) !== 0, path.basename(program));
});

t.test('ip answers each link show with the recorded file byte for byte', async (t) => {
  for (const host of ['e810.json', 'x710.json', 'connectx.json']) {
    const file = path.join(IP_JSON, host);
    const ran = await ip({ SRIOV_FAKE_IP_JSON: file });
    t.equal(ran.code, 0, host);
    t.ok(ran.stdout.equals(readFileSync(file)), `${host}: same bytes`);
    t.equal(ran.stdout[ran.stdout.length - 1], 0x0a, `${host}: the answer ends with a newline, as iproute2 ends each batch command`);
    const twice = await ip({ SRIOV_FAKE_IP_JSON: file }, SHOW + SHOW);
    t.ok(twice.stdout.equals(Buffer.concat([readFileSync(file), readFileSync(file)])), `${host}: one answer per request`);
    t.equal(ran.stderr, '');
    const parsed = parseIpLinkJson(ran.stdout.toString('utf8'));
    t.ok(!isIssue(parsed) && parsed.pfs.length > 0, `${host}: parses to PFs`);
  }
});

t.test('ip refuses argument shapes and requests it was not recorded for', async (t) => {
  const file = path.join(IP_JSON, 'e810.json');
  for (const args of [[], ['-j', '-s', '-d', 'link', 'show'], ['-j', '-batch', '-'], ['-s', '-j', '-d', '-batch', '-'], ['-j', '-s', '-d', '-batch', 'file'], ['link']]) {
    const ran = await run(IP, args, { SRIOV_FAKE_IP_JSON: file }, 0, SHOW);
    t.equal(ran.code, 2, args.join(' ') || '(no arguments)');
    t.match(ran.stderr, /^fake ip: unexpected arguments/);
    t.equal(ran.stdout.length, 0);
  }
  for (const request of ['link show dev ens2f0\n', 'addr show\n']) {
    const ran = await ip({ SRIOV_FAKE_IP_JSON: file }, request);
    t.equal(ran.code, 2, request.trim());
    t.match(ran.stderr, /^fake ip: unexpected request/);
    t.equal(ran.stdout.length, 0);
  }
});

t.test('ip without a usable SRIOV_FAKE_IP_JSON says so', async (t) => {
  const unset = await ip({});
  t.equal(unset.code, 2);
  t.match(unset.stderr, /SRIOV_FAKE_IP_JSON is not set/);
  const missing = await ip({ SRIOV_FAKE_IP_JSON: path.join(IP_JSON, 'no-such.json') });
  t.equal(missing.code, 2);
  t.match(missing.stderr, /cannot read SRIOV_FAKE_IP_JSON=/);
});

t.test('ip fault modes: fail, garbage, truncated, unknown', async (t) => {
  const file = path.join(IP_JSON, 'e810.json');
  const fail = await ip({ SRIOV_FAKE_IP_JSON: file, SRIOV_FAKE_MODE: 'fail' });
  t.equal(fail.code, 1);
  t.equal(fail.stderr, 'Cannot open netlink socket: Operation not permitted\n');
  t.equal(fail.stdout.length, 0);

  const garbage = await ip({ SRIOV_FAKE_IP_JSON: file, SRIOV_FAKE_MODE: 'garbage' });
  t.equal(garbage.code, 0);
  t.ok(garbage.stdout.length > 0);
  t.match(parseIpLinkJson(garbage.stdout.toString('latin1')), { kind: 'issue', code: 'EPARSE', detail: /^invalid JSON/ });

  const truncated = await ip({ SRIOV_FAKE_IP_JSON: file, SRIOV_FAKE_MODE: 'truncated' });
  const whole = readFileSync(file);
  t.equal(truncated.code, 0);
  t.equal(truncated.stdout.length, Math.floor(whole.length / 2));
  t.ok(whole.subarray(0, truncated.stdout.length).equals(truncated.stdout), 'a prefix of the file');
  t.match(parseIpLinkJson(truncated.stdout.toString('utf8')), { kind: 'issue', code: 'EPARSE' });

  const unknown = await ip({ SRIOV_FAKE_IP_JSON: file, SRIOV_FAKE_MODE: 'slow' });
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /unknown SRIOV_FAKE_MODE "slow"/);
});

t.test('ip with SRIOV_FAKE_MODE_FILE reads its mode at every request: one process, broken between two', async (t) => {
  const file = path.join(IP_JSON, 'e810.json');
  const modeFile = path.join(t.testdir({}), 'mode');
  writeFileSync(modeFile, '');
  const child = execFile(IP, IP_ARGS, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SRIOV_FAKE_IP_JSON: file, SRIOV_FAKE_MODE_FILE: modeFile }, encoding: 'buffer' });
  const out: Buffer[] = [];
  const firstAnswer = new Promise<void>((resolve) => child.stdout?.on('data', (chunk: Buffer) => (out.push(chunk), Buffer.concat(out).length >= statSync(file).size && resolve())));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stdin?.write(SHOW);
  await firstAnswer;
  t.ok(Buffer.concat(out).equals(readFileSync(file)), 'the first request is answered');
  writeFileSync(modeFile, 'fail');
  child.stdin?.write(SHOW);
  t.equal(await exited, 1, 'the second fails the same process');
});

t.test('hang mode never exits: only the caller\'s timeout ends it', async (t) => {
  for (const [program, args, env, input] of [
    [IP, IP_ARGS, { SRIOV_FAKE_IP_JSON: path.join(IP_JSON, 'e810.json'), SRIOV_FAKE_MODE: 'hang' }, SHOW],
    [ETHTOOL, ['-S', 'ens3'], { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR, SRIOV_FAKE_MODE: 'hang' }, ''],
  ] as const) {
    const ran = await run(program, [...args], env, 300, input);
    t.equal(ran.killed, true, `${path.basename(program)} was killed by the timeout`);
    t.equal(ran.signal, 'SIGKILL');
    t.equal(ran.stdout.length, 0);
  }
});

t.test('ethtool -S / -i print the recorded files byte for byte', async (t) => {
  const env = { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR };
  for (const [args, file] of [
    [['-S', 'ens2f0v3'], 'ens2f0v3.txt'],
    [['--statistics', 'eth0'], 'eth0.txt'],
    [['-i', 's1p1'], 's1p1.info'],
    [['--driver', 'ens1f0v1'], 'ens1f0v1.info'],
  ] as const) {
    const ran = await run(ETHTOOL, [...args], env);
    t.equal(ran.code, 0, args.join(' '));
    t.ok(ran.stdout.equals(readFileSync(path.join(ETHTOOL_DIR, file))), `${args.join(' ')}: same bytes`);
  }
});

t.test('ethtool on a missing netdev answers like the real ethtool', async (t) => {
  const env = { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR };
  const stats = await run(ETHTOOL, ['-S', 'nosuch0'], env);
  t.equal(stats.code, 96);
  t.equal(stats.stderr, 'Cannot get stats strings information: No such device\n');
  t.equal(stats.stdout.length, 0);
  const info = await run(ETHTOOL, ['-i', 'nosuch0'], env);
  t.equal(info.code, 71);
  t.equal(info.stderr, 'Cannot get driver information: No such device\n');
});

t.test('ethtool refuses other argument shapes and an unset directory', async (t) => {
  const env = { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR };
  for (const args of [[], ['-S'], ['-k', 'eth0'], ['-S', 'eth0', 'extra'], ['-S', '../ip/e810'], ['-i', '-S'], ['eth0']]) {
    const ran = await run(ETHTOOL, args, env);
    t.equal(ran.code, 2, args.join(' ') || '(no arguments)');
    t.match(ran.stderr, /^fake ethtool: unexpected arguments/);
  }
  const unset = await run(ETHTOOL, ['-S', 'eth0'], {});
  t.equal(unset.code, 2);
  t.match(unset.stderr, /SRIOV_FAKE_ETHTOOL_DIR is not set/);
});

t.test('ethtool fault modes, globally and for one netdev', async (t) => {
  const fail = await run(ETHTOOL, ['-S', 'ens3'], { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR, SRIOV_FAKE_MODE: 'fail' });
  t.equal(fail.code, 1);
  t.match(fail.stderr, /simulated failure/);

  const garbage = await run(ETHTOOL, ['-S', 'ens3'], { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR, SRIOV_FAKE_MODE: 'garbage' });
  t.equal(garbage.code, 0);
  t.match(parseEthtoolStats(garbage.stdout.toString('latin1')), { kind: 'issue', code: 'EPARSE' });

  const truncated = await run(ETHTOOL, ['-S', 'ens2f0v3'], { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR, SRIOV_FAKE_MODE: 'truncated' });
  const whole = readFileSync(path.join(ETHTOOL_DIR, 'ens2f0v3.txt'));
  t.equal(truncated.stdout.length, Math.floor(whole.length / 2));
  t.ok(whole.subarray(0, truncated.stdout.length).equals(truncated.stdout));

  // One VF fails, its neighbour answers: the per-netdev .mode file.
  const dir = t.testdir({ vf0: { 'a.txt': 'NIC statistics:\n     rx-0.packets: 1\n', 'b.txt': 'NIC statistics:\n', 'b.mode': 'fail\n' } });
  const env = { SRIOV_FAKE_ETHTOOL_DIR: path.join(dir, 'vf0') };
  const a = await run(ETHTOOL, ['-S', 'a'], env);
  t.equal(a.code, 0);
  t.equal(a.stdout.toString('utf8'), 'NIC statistics:\n     rx-0.packets: 1\n');
  const b = await run(ETHTOOL, ['-S', 'b'], env);
  t.equal(b.code, 1);
});

t.test('SRIOV_FAKE_LOG records every call, also the refused ones', async (t) => {
  const dir = t.testdir({});
  const log = path.join(dir, 'calls.log');
  writeFileSync(log, '');
  await ip({ SRIOV_FAKE_IP_JSON: path.join(IP_JSON, 'x710.json'), SRIOV_FAKE_LOG: log }, SHOW + SHOW);
  await run(ETHTOOL, ['-S', 'enp2s0f0v0'], { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR, SRIOV_FAKE_LOG: log });
  await run(ETHTOOL, ['-k', 'enp2s0f0v0'], { SRIOV_FAKE_ETHTOOL_DIR: ETHTOOL_DIR, SRIOV_FAKE_LOG: log });
  t.equal(readFileSync(log, 'utf8'), '-j -s -d -batch -\nbatch: link show\nbatch: link show\n-S enp2s0f0v0\n-k enp2s0f0v0\n');
});
