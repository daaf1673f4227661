// --web.config.file for real: TLS on 127.0.0.1 with certificates made for the test, basic auth with bcrypt,
// client certificates, headers, and a malformed file that stops the exporter with one line.

import t, { type Test } from 'tap';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { loadWebConfig } from '../../src/exporter/http/web-config.js';
import { startExporter } from '../support/exporter-server.js';
import { skipWithout } from '../support/required-tools.js';
import { makeTestCerts, writeAllowedSansWebConfig, type TestCerts } from '../support/test-certs.js';
import { REPO } from '../support/run-cli.js';

const skip = skipWithout(t, 'openssl');

interface Answer {
  readonly status?: number;
  readonly headers?: http.IncomingHttpHeaders;
  readonly body?: string;
  readonly error?: string;
}

function request(url: string, options: https.RequestOptions = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const req = client.get(url, { timeout: 10_000, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

async function listening(t: Test, configYaml: string, certs: TestCerts): Promise<{ port: number; logs: string[] }> {
  const file = path.join(certs.dir, `web-${Math.random().toString(36).slice(2)}.yml`);
  fs.writeFileSync(file, configYaml);
  const exporter = await startExporter(t, 'x710-oot', { build: { webConfig: loadWebConfig(file) } });
  await exporter.app.listen({ host: '127.0.0.1', port: 0 });
  return { port: (exporter.app.server.address() as AddressInfo).port, logs: exporter.logs };
}

t.test('TLS and basic auth', { skip }, async (t) => {
  const certs = makeTestCerts(t.testdir({}));
  const hash = bcrypt.hashSync('scrape-me', 6).replace(/^\$2b\$/, '$2y$'); // htpasswd -B makes $2y$
  const { port, logs } = await listening(
    t,
    [
      'tls_server_config:',
      `  cert_file: ${certs.serverCert}`,
      `  key_file: ${certs.serverKey}`,
      'http_server_config:',
      '  headers:',
      '    X-Content-Type-Options: nosniff',
      '    Strict-Transport-Security: max-age=31536000',
      'basic_auth_users:',
      `  prometheus: ${hash}`,
    ].join('\n'),
    certs,
  );
  const ca = fs.readFileSync(certs.caCert);
  const base = `https://127.0.0.1:${port}`;

  const ok = await request(`${base}/metrics`, { ca, headers: basic('prometheus', 'scrape-me') });
  t.equal(ok.status, 200, 'the right password over verified TLS');
  t.match(ok.body, /^# HELP sriov_/m);
  t.equal(ok.headers?.['x-content-type-options'], 'nosniff', 'configured headers are sent');
  t.equal(ok.headers?.['strict-transport-security'], 'max-age=31536000');

  for (const [what, headers] of [
    ['a wrong password', basic('prometheus', 'guess')],
    ['an unknown user', basic('mallory', 'scrape-me')],
    ['no credentials', {}],
  ] as const) {
    const refused = await request(`${base}/metrics`, { ca, headers });
    t.equal(refused.status, 401, `${what}: 401`);
    t.match(refused.headers?.['www-authenticate'], /^Basic realm="sriov-exporter"/, `${what}: WWW-Authenticate`);
    t.notMatch(refused.body, /sriov_/, `${what}: no metrics leak`);
  }
  t.equal((await request(`${base}/readiness`, { ca })).status, 401, 'every path but /healthz needs the password');
  t.equal((await request(`${base}/healthz`, { ca })).status, 200, '/healthz answers without credentials');
  t.ok(logs.some((l) => l.includes('basic authentication refused') && l.includes('wrong-password')), 'a refusal is logged with its reason');

  const plain = await request(`http://127.0.0.1:${port}/metrics`, { headers: basic('prometheus', 'scrape-me') });
  t.notOk(plain.status === 200, 'plain HTTP to the TLS port is refused');
  t.ok(plain.error !== undefined || (plain.status ?? 0) >= 400, `plain HTTP gets ${plain.error ?? plain.status}`);
  const unverified = await request(`${base}/healthz`);
  t.match(unverified, { error: /SELF_SIGNED|UNABLE_TO_VERIFY|unable to verify/i }, 'the server certificate is the one we made: untrusted without our CA');
});

t.test('client certificates: required and verified against client_ca_file', { skip }, async (t) => {
  const certs = makeTestCerts(t.testdir({}));
  const { port } = await listening(
    t,
    ['tls_server_config:', `  cert_file: ${certs.serverCert}`, `  key_file: ${certs.serverKey}`, `  client_ca_file: ${certs.caCert}`, '  client_auth_type: RequireAndVerifyClientCert'].join('\n'),
    certs,
  );
  const ca = fs.readFileSync(certs.caCert);
  const url = `https://127.0.0.1:${port}/metrics`;
  const withClient = await request(url, { ca, cert: fs.readFileSync(certs.clientCert), key: fs.readFileSync(certs.clientKey) });
  t.equal(withClient.status, 200, 'a client certificate from the CA is accepted');
  const without = await request(url, { ca });
  t.ok(without.error !== undefined, `no client certificate: the handshake fails (${without.error})`);
  const stranger = await request(url, { ca, cert: fs.readFileSync(certs.strangerCert), key: fs.readFileSync(certs.strangerKey) });
  t.ok(stranger.error !== undefined, `a certificate from another CA: refused (${stranger.error})`);
});

t.test('client_allowed_sans and RequireAnyClientCert are enforced per connection', { skip }, async (t) => {
  const certs = makeTestCerts(t.testdir({}));
  const { port, logs } = await listening(
    t,
    [
      'tls_server_config:',
      `  cert_file: ${certs.serverCert}`,
      `  key_file: ${certs.serverKey}`,
      `  client_ca_file: ${certs.caCert}`,
      '  client_auth_type: RequireAndVerifyClientCert',
      '  client_allowed_sans: [grafana.example]',
    ].join('\n'),
    certs,
  );
  const ca = fs.readFileSync(certs.caCert);
  const refused = await request(`https://127.0.0.1:${port}/metrics`, { ca, cert: fs.readFileSync(certs.clientCert), key: fs.readFileSync(certs.clientKey) });
  t.ok(refused.error !== undefined, `a verified certificate whose SAN is not allowed is refused (${refused.error})`);
  t.ok(logs.some((l) => l.includes('client certificate SAN not in client_allowed_sans')), 'and the reason is logged');
});

function runExporter(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'dist/bin/sriov-exporter.js'), ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as unknown as { code: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

t.test('a malformed web config: the exporter refuses to start with one line', async (t) => {
  const dir = t.testdir({ 'web.yml': 'tls_server_config:\n  cert_file: /nonexistent/tls.crt\n  key_file: /nonexistent/tls.key\n', 'bad.yml': 'basic_auth_users: [alice' });
  for (const [file, expected] of [
    ['web.yml', /tls_server_config\.cert_file \/nonexistent\/tls\.crt: cannot read \(ENOENT\)/],
    ['bad.yml', /not valid YAML/],
    ['missing.yml', /--web\.config\.file .*missing\.yml: cannot read \(ENOENT\)/],
  ] as const) {
    const result = await runExporter(['--web.config.file', path.join(dir, file), '--web.listen-address', '127.0.0.1:0', '--path.rootfs', path.join(REPO, 'test/fixtures/hosts/x710-iavf')]);
    t.equal(result.code, 2, `${file}: exit 2`);
    t.match(result.stderr, expected, `${file}: ${result.stderr.trim()}`);
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
    t.notMatch(result.stderr, /\bat .*\.js:\d+/, 'no stack trace');
  }
});

t.test('--healthcheck probes a running exporter, over TLS when configured', { skip }, async (t) => {
  const certs = makeTestCerts(t.testdir({}));
  const file = path.join(certs.dir, 'web.yml');
  fs.writeFileSync(file, ['tls_server_config:', `  cert_file: ${certs.serverCert}`, `  key_file: ${certs.serverKey}`].join('\n'));
  const { port } = await listening(t, fs.readFileSync(file, 'utf8'), certs);
  const healthy = await runExporter(['--healthcheck', '--web.listen-address', `127.0.0.1:${port}`, '--web.config.file', file]);
  t.equal(healthy.code, 0, healthy.stdout.trim());
  const closed = await runExporter(['--healthcheck', '--web.listen-address', '127.0.0.1:1']);
  t.equal(closed.code, 1);
  t.match(closed.stdout, /unhealthy: ECONNREFUSED/);
});

t.test('--healthcheck where client certificates are required and client_allowed_sans set, as in the web config docs', { skip }, async (t) => {
  const certs = makeTestCerts(t.testdir({}));
  const file = writeAllowedSansWebConfig(certs);
  const { port } = await listening(t, fs.readFileSync(file, 'utf8'), certs);
  const healthy = await runExporter(['--healthcheck', '--web.listen-address', `127.0.0.1:${port}`, '--web.config.file', file]);
  t.equal(healthy.code, 0, `healthy: ${healthy.stdout.trim()}`);
  // The rules still hold for everyone else.
  const stranger = await request(`https://127.0.0.1:${port}/healthz`, { rejectUnauthorized: false, cert: fs.readFileSync(certs.strangerCert), key: fs.readFileSync(certs.strangerKey) });
  t.ok(stranger.error, `a certificate of another CA is refused (${stranger.error})`);
  const prometheus = await request(`https://127.0.0.1:${port}/healthz`, { rejectUnauthorized: false, cert: fs.readFileSync(certs.clientCert), key: fs.readFileSync(certs.clientKey) });
  t.equal(prometheus.status, 200, 'the allowed client gets its answer');
  const down = await runExporter(['--healthcheck', '--web.listen-address', '127.0.0.1:1', '--web.config.file', file]);
  t.equal(down.code, 1, 'nothing listening: unhealthy');
});
