// sriov-exporter's command line: the flag table, bad input as one line and exit 2, and the real program
// listening, answering a scrape and exiting 0 on SIGTERM and SIGINT.

import t from 'tap';
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXPORTER_FLAGS, exporterHelp, parseDuration, parseExporterArgs, parseListenAddress } from '../../src/cli/exporter-options.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { FAKE_ETHTOOL, FAKE_IP, IP_RECORDINGS, buildTempHost, fakeCommandEnv } from '../support/exporter-host.js';
import { REPO } from '../support/run-cli.js';

const BIN = path.join(REPO, 'dist/bin/sriov-exporter.js');

function runBin(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code as number | null) ?? null : 0;
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
  });
}

t.test('flags: defaults, durations, listen addresses, collector switches', async (t) => {
  const defaults = parseExporterArgs([]);
  t.strictSame(defaults.listen, { host: '', port: 9947 });
  t.equal(defaults.settings.telemetryPath, '/metrics');
  t.strictSame(defaults.settings.collectors, { inventory: true, vf_traffic: true, vf_queues: true, attribution: true, readiness: true, hyperv_guest: true, hyperv_host: true });
  t.equal(defaults.settings.hypervTimeoutMs, 60_000);
  t.equal(defaults.settings.hypervJson, undefined);
  t.equal(defaults.settings.attributionRefreshMs, 15_000);
  t.strictSame(defaults.settings.attributionNames, { policy: 'name', displayNames: false });
  t.equal(defaults.settings.queueCacheTtlMs, 30_000);
  t.equal(defaults.settings.queueConcurrency, 4);
  t.equal(defaults.settings.readinessIntervalMs, 300_000);
  t.equal(defaults.settings.collectorTimeoutMs, 5_000);
  t.equal(defaults.logLevel, 'info');

  const set = parseExporterArgs([
    '--web.listen-address', '[::1]:9100', '--no-collector.vf_queues', '--collector.readiness',
    '--collector.pf-include', '^ens', '--collector.pf-exclude', '0000:3b', '--collector.vf_queues.cache-ttl', '1m30s',
    '--collector.vf_queues.concurrency', '8', '--collector.timeout', '500ms', '--collector.readiness.interval', '1h',
    '--collector.ip-path', '/sbin/ip', '--collector.ethtool-path', '/sbin/ethtool', '--log.level', 'debug', '--path.rootfs', '/host',
  ]);
  t.strictSame(set.listen, { host: '::1', port: 9100 });
  t.equal(set.settings.collectors.vf_queues, false);
  t.equal(set.settings.pfFilter.include?.source, '^ens');
  t.equal(set.settings.pfFilter.exclude?.source, '0000:3b');
  t.equal(set.settings.queueCacheTtlMs, 90_000);
  t.equal(set.settings.queueConcurrency, 8);
  t.equal(set.settings.collectorTimeoutMs, 500);
  t.equal(set.settings.readinessIntervalMs, 3_600_000);
  t.equal(set.settings.ipPath, '/sbin/ip');
  t.equal(set.logLevel, 'debug');
  t.equal(set.rootfs, '/host');

  const hyperv = parseExporterArgs(['--hyperv-json', 'C:\\ProgramData\\hyperv.json', '--collector.hyperv_host.timeout', '2m']);
  t.equal(hyperv.settings.hypervJson, 'C:\\ProgramData\\hyperv.json');
  t.equal(hyperv.settings.hypervTimeoutMs, 120_000);
  t.throws(() => parseExporterArgs(['--collector.hyperv_host.timeout', '1ms']), /--collector\.hyperv_host\.timeout 1ms: expected a duration of at least 10 ms/);

  const salt = path.join(t.testdir(), 'salt');
  fs.writeFileSync(salt, 'pepper\n');
  const attribution = parseExporterArgs(['--no-collector.attribution', '--attribution.refresh', '1m', '--attribution.name', 'hash', '--attribution.salt-file', salt, '--attribution.display-names']);
  t.equal(attribution.settings.collectors.attribution, false);
  t.equal(attribution.settings.attributionRefreshMs, 60_000);
  t.strictSame(attribution.settings.attributionNames, { policy: 'hash', salt: 'pepper', displayNames: true });
  t.throws(() => parseExporterArgs(['--attribution.name', 'nickname']), /--attribution.name nickname: expected one of name, id, hash/);
  t.throws(() => parseExporterArgs(['--attribution.refresh', '10ms']), /--attribution.refresh 10ms: expected a duration of at least 1000 ms/);
  t.throws(() => parseExporterArgs(['--attribution.salt-file', path.join(t.testdir(), 'none')]), /--attribution.salt-file .*none: ENOENT/);

  t.equal(parseDuration('0s'), 0);
  t.equal(parseDuration('2h5m'), 7_500_000);
  t.equal(parseDuration('30'), undefined, 'a unit is required');
  t.strictSame(parseListenAddress('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  t.strictSame(parseListenAddress(':9947'), { host: '', port: 9947 });
});

t.test('bad flags are usage errors with one line naming the problem', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['--bogus'], /^unknown option --bogus$/],
    [['--web.listen-address', 'nowhere'], /^--web\.listen-address nowhere: expected \[HOST\]:PORT/],
    [['--web.listen-address', ':70000'], /^--web\.listen-address :70000/],
    [['--collector.timeout', '5'], /^--collector\.timeout 5: expected a duration/],
    [['--collector.timeout', '1ms'], /at least 10 ms/],
    [['--collector.vf_queues.concurrency', '0'], /^--collector\.vf_queues\.concurrency 0: expected a whole number/],
    [['--collector.pf-include', '('], /^--collector\.pf-include \(: not a regular expression/],
    [['--log.level', 'loud'], /^--log\.level loud: expected one of debug, info, warn, error$/],
    [['--web.telemetry-path', 'metrics'], /^--web\.telemetry-path metrics: expected a path/],
    [['--web.telemetry-path', '/healthz'], /other than \/, \/healthz, \/readiness/],
    [['--collector.ip-path', ''], /^--collector\.ip-path needs a program/],
    [['extra'], /^unexpected argument extra$/],
  ];
  for (const [args, message] of cases) {
    let thrown: unknown;
    try {
      parseExporterArgs(args);
    } catch (error) {
      thrown = error;
    }
    t.ok(thrown instanceof UsageError, `${args.join(' ')}: a usage error`);
    t.match((thrown as Error).message, message, args.join(' '));
    t.notMatch((thrown as Error).message, /\n/, 'one line');
  }
});

t.test('--help documents every flag of the table, with [no-] for collectors', async (t) => {
  const help = exporterHelp('1.2.3');
  for (const flag of EXPORTER_FLAGS) t.match(help, flag.name.startsWith('collector.') && flag.type === 'boolean' ? `--[no-]${flag.name}` : `--${flag.name}`, flag.name);
  t.match(help, /9947/);
  const ran = await runBin(['--help']);
  t.equal(ran.code, 0);
  t.equal(ran.stdout, exporterHelp(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version));
});

t.test('the program: bad flag or unreadable root → exit 2, one line on stderr, no stack', async (t) => {
  const missing = path.join(os.tmpdir(), 'sriov-exporter-no-such-root');
  for (const [args, message] of [
    [['--web.listen-address', 'x'], /^sriov-exporter: --web\.listen-address x: expected/],
    [['--no-such-flag'], /^sriov-exporter: unknown option --no-such-flag\n$/],
    [['--path.rootfs', missing], /^sriov-exporter: --path\.rootfs .*: no such directory\n$/],
    [['--path.rootfs', BIN], /^sriov-exporter: --path\.rootfs .*: not a directory\n$/],
  ] as const) {
    const ran = await runBin(args);
    t.equal(ran.code, 2, args.join(' '));
    t.equal(ran.stdout, '');
    t.equal(ran.stderr.split('\n').filter((l) => l !== '').length, 1, 'one line');
    t.match(ran.stderr, message);
    t.notMatch(ran.stderr, /\bat \S+ \(/, 'no stack trace');
  }
  const version = await runBin(['--version']);
  t.equal(version.code, 0);
  t.match(version.stdout, /^sriov-exporter \d+\.\d+\.\d+\n$/);
});

t.test('the program: an address already in use is exit 2 with one line', async (t) => {
  const busy = net.createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  t.teardown(() => busy.close());
  const port = (busy.address() as net.AddressInfo).port;
  const spec = EXPORTER_SCENARIOS[0]?.spec;
  if (!spec) throw new Error('fixture missing');
  const fixture = buildTempHost(spec);
  t.teardown(() => fixture.remove());
  const ran = await runBin(['--web.listen-address', `127.0.0.1:${port}`, '--path.rootfs', fixture.root, '--log.level', 'error']);
  t.equal(ran.code, 2);
  t.equal(ran.stderr, `sriov-exporter: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n`);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  t.test(`the program listens, answers a scrape and exits 0 on ${signal}`, async (t) => {
    const fixture = EXPORTER_SCENARIOS.find((h) => h.name === 'x710-oot');
    if (!fixture) throw new Error('fixture missing');
    const host = buildTempHost(fixture.spec);
    t.teardown(() => host.remove());
    const child = spawn(
      process.execPath,
      [BIN, '--web.listen-address', '127.0.0.1:0', '--path.rootfs', host.root, '--collector.ip-path', FAKE_IP, '--collector.ethtool-path', FAKE_ETHTOOL],
      { env: fakeCommandEnv({ ipJson: path.join(IP_RECORDINGS, fixture.ipJson) }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, sig) => resolve({ code, signal: sig })));
    t.teardown(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    // The bound address, from fastify's log line; the program prints nothing else to look for.
    const address = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
        const found = /"msg":"Server listening at (http:\/\/127\.0\.0\.1:\d+)"/.exec(stderr)?.[1];
        if (found) resolve(found);
      });
      void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
    });
    const res = await fetch(`${address}/metrics`);
    t.equal(res.status, 200);
    const body = await res.text();
    t.match(body, /^sriov_pf_info\{pf="enp2s0f0"/m);
    t.match(body, /^sriov_exporter_collector_success\{collector="vf_traffic"\} 1$/m);
    t.equal((await fetch(`${address}/healthz`)).status, 200);

    child.kill(signal);
    const end = await exited;
    t.strictSame(end, { code: 0, signal: null }, 'exit code 0');
    t.match(stderr, new RegExp(`"msg":"${signal} received, shutting down"`));
    t.notMatch(stderr, /"level":50/, 'no error logged');
  });
}
