// `sriov-exporter --healthcheck` without flags, as the image's HEALTHCHECK runs it: it follows the command line of
// the exporter that is PID 1 of the container. Here "PID 1" is a real exporter process started for the test, its
// /proc/<pid> standing for the container's /proc/1.

import t from 'tap';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { runExporterCli } from '../../src/cli/exporter-main.js';
import { runningExporterArgs } from '../../src/cli/running-exporter.js';
import { EXPORTER_BIN } from '../support/exporter-process.js';
import { skipWithout } from '../support/required-tools.js';
import { fixtureHost } from '../support/run-cli.js';
import { GiveUp, spawnServer, waitFor } from '../support/server-process.js';
import { makeTestCerts, writeAllowedSansWebConfig } from '../support/test-certs.js';

const skip = skipWithout(t, 'openssl');

async function healthcheck(args: string[], pid1Dir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (out += s) }, env: {} };
  const code = await runExporterCli(args, io, new EventEmitter(), pid1Dir);
  return { code, out };
}

/** A port nothing listens on now (the exporter's command line must name its port: that is what is followed). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

t.test('PID 1 an exporter with TLS and client_allowed_sans (docs/web-config.md): --healthcheck alone finds it healthy', { skip }, async (t) => {
  const certs = makeTestCerts(t.testdir({}));
  const webConfig = writeAllowedSansWebConfig(certs);
  const port = await freePort();
  const args = [EXPORTER_BIN, `--web.listen-address=127.0.0.1:${port}`, '--web.config.file', webConfig, '--path.rootfs', fixtureHost('x710-iavf')];
  const exporter = spawnServer(process.execPath, args, { PATH: process.env.PATH ?? '/usr/bin:/bin' });
  t.teardown(() => exporter.stop());
  await waitFor('the exporter to listen', 30_000, async () => {
    if (/Server listening at https:/.test(exporter.output())) return true;
    if (!exporter.running()) throw new GiveUp(`sriov-exporter exited:\n${exporter.output()}`);
    return undefined;
  }, 50);

  const followed = await healthcheck(['--healthcheck'], `/proc/${exporter.pid}`);
  t.equal(followed.code, 0, `healthy: ${followed.out.trim()}`);

  // Control: the same probe with the defaults (what the image did before) is refused — the port and TLS come from PID 1.
  const defaults = await healthcheck(['--healthcheck', '--web.listen-address', `127.0.0.1:${port}`], '/nonexistent');
  t.equal(defaults.code, 1, `plain HTTP to the TLS port: ${defaults.out.trim()}`);

  // Flags given on the command line win over PID 1's.
  const told = await healthcheck(['--healthcheck', '--web.listen-address', '127.0.0.1:1'], `/proc/${exporter.pid}`);
  t.equal(told.code, 1, 'an explicit --web.listen-address is probed, not PID 1');

  await exporter.stop();
  const gone = await healthcheck(['--healthcheck'], `/proc/${exporter.pid}`);
  t.equal(gone.code, 1, `PID 1 gone: the defaults, where nothing listens here (${gone.out.trim()})`);
});

t.test('which command lines are an exporter, and a relative --web.config.file is taken from its working directory', async (t) => {
  const dir = t.testdir({ cwd: { 'web.yml': '' } });
  const proc = (argv: string[]): string => {
    const p = fs.mkdtempSync(path.join(dir, 'pid-'));
    fs.writeFileSync(path.join(p, 'cmdline'), `${argv.join('\0')}\0`);
    fs.symlinkSync(path.join(dir, 'cwd'), path.join(p, 'cwd'));
    return p;
  };
  t.strictSame(runningExporterArgs(proc(['node', '/app/dist/bin/sriov-exporter.js', '--path.rootfs=/host', '--web.config.file', 'web.yml'])), [
    '--path.rootfs=/host',
    '--web.config.file',
    path.join(dir, 'cwd', 'web.yml'),
  ]);
  t.strictSame(runningExporterArgs(proc(['node', '/usr/local/bin/sriov-exporter', '--web.config.file=web.yml'])), [`--web.config.file=${path.join(dir, 'cwd', 'web.yml')}`], 'the image CMD through its shebang');
  t.strictSame(runningExporterArgs(proc(['/usr/bin/sriov-exporter', '--web.listen-address=:9100'])), ['--web.listen-address=:9100'], 'the single executable');
  t.strictSame(runningExporterArgs(proc(['node', '--max-semi-space-size=2', '/app/dist/bin/sriov-exporter.js'])), [], 'node options before the script');
  t.equal(runningExporterArgs(proc(['/sbin/init', 'splash'])), undefined, 'an init system: not an exporter');
  t.equal(runningExporterArgs(proc(['/bin/sh', '-c', 'sriov-exporter --web.listen-address=:1'])), undefined, 'a shell that runs one: its command line is not the exporter\'s');
  t.equal(runningExporterArgs(path.join(dir, 'missing')), undefined, 'unreadable: nothing taken');
});
