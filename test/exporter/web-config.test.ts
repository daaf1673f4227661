// The web config file (exporter-toolkit format): what is accepted, and the one line for what is not.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import bcrypt from 'bcryptjs';
import { loadWebConfig, parseWebConfig, WebConfigError } from '../../src/exporter/http/web-config.js';
import { BasicAuth } from '../../src/exporter/http/basic-auth.js';

const PEM_CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const PEM_KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

t.test('a full config: TLS files relative to the config, client CA, versions, users, headers', async (t) => {
  const dir = t.testdir({ 'tls.crt': PEM_CERT, 'tls.key': PEM_KEY, 'ca.crt': PEM_CERT });
  const hash = bcrypt.hashSync('secret', 4).replace(/^\$2b\$/, '$2y$');
  const file = path.join(dir, 'web.yml');
  fs.writeFileSync(
    file,
    [
      'tls_server_config:',
      '  cert_file: tls.crt',
      '  key_file: tls.key',
      '  client_ca_file: ca.crt',
      '  client_auth_type: RequireAndVerifyClientCert',
      '  min_version: TLS13',
      'http_server_config:',
      '  headers:',
      '    X-Frame-Options: deny',
      '    Strict-Transport-Security: max-age=31536000',
      'basic_auth_users:',
      `  prometheus: ${hash}`,
      'rate_limit:',
      '  interval: 1s',
      '  burst: 5',
    ].join('\n'),
  );
  const config = loadWebConfig(file);
  t.equal(config.tls?.cert.toString(), PEM_CERT);
  t.equal(config.tls?.clientAuth, 'RequireAndVerifyClientCert');
  t.equal(config.tls?.minVersion, 'TLSv1.3');
  t.equal(config.tls?.maxVersion, 'TLSv1.3');
  t.equal(config.basicAuthUsers.get('prometheus'), hash);
  t.same(config.headers, { 'X-Frame-Options': 'deny', 'Strict-Transport-Security': 'max-age=31536000' });
  t.same(config.ignored, ['rate_limit']);
});

t.test('defaults: TLS 1.2 to 1.3, no client certificate; an empty file is no config', async (t) => {
  const config = parseWebConfig(`tls_server_config:\n  cert: |\n    ${PEM_CERT.trim().split('\n').join('\n    ')}\n  key: |\n    ${PEM_KEY.trim().split('\n').join('\n    ')}\n`, 'web.yml');
  t.equal(config.tls?.minVersion, 'TLSv1.2');
  t.equal(config.tls?.maxVersion, 'TLSv1.3');
  t.equal(config.tls?.clientAuth, 'NoClientCert');
  t.same(parseWebConfig('', 'empty.yml'), { basicAuthUsers: new Map(), headers: {}, http2: false, ignored: [] });
});

t.test('malformed configs: one line naming the file and the field', async (t) => {
  const dir = t.testdir({ 'tls.crt': PEM_CERT, 'tls.key': PEM_KEY });
  const cases: [string, RegExp][] = [
    ['tls_server_config: [1, 2', /not valid YAML/],
    ['- just\n- a list', /the top level should be a mapping/],
    ['tls_server_config:\n  cert_file: tls.crt\n  keyfile: tls.key', /unknown field tls_server_config\.keyfile/],
    ['tls_server_config:\n  cert_file: tls.crt', /needs both a certificate \(cert_file\) and a key/],
    ['tls_server_config:\n  cert_file: missing.crt\n  key_file: tls.key', /tls_server_config\.cert_file missing\.crt: cannot read \(ENOENT\)/],
    ['tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  min_version: TLS9', /min_version TLS9: expected TLS12 or TLS13$/],
    ['tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  min_version: TLS10', /min_version TLS10: TLS 1\.0 and 1\.1 are not supported \(Node\.js's OpenSSL refuses their handshakes\); use TLS12 or TLS13$/],
    ['tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  max_version: TLS11', /max_version TLS11: TLS 1\.0 and 1\.1 are not supported/],
    ['tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: Sometimes', /client_auth_type Sometimes: expected one of/],
    ['tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: RequireAndVerifyClientCert', /needs client_ca_file/],
    ['tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  cipher_suites: [TLS_RSA_WITH_RC4_128_SHA]', /not a supported TLS 1\.2 suite/],
    ['basic_auth_users:\n  alice: hunter2', /basic_auth_users\.alice is not a bcrypt hash/],
    ['http_server_config:\n  headers:\n    X-Powered-By: me', /headers\.X-Powered-By is not one of/],
    ['http_server_config:\n  headers:\n    X-Frame-Options: allow-from x', /X-Frame-Options: allow-from x is not allowed/],
    ['basic_auth_users:\n  a: x\n  a: y', /not valid YAML/],
  ];
  for (const [yaml, expected] of cases) {
    const file = path.join(dir, 'web.yml');
    fs.writeFileSync(file, yaml);
    try {
      loadWebConfig(file);
      t.fail(`accepted: ${yaml}`);
    } catch (error) {
      t.ok(error instanceof WebConfigError, 'a WebConfigError');
      const message = (error as Error).message;
      t.match(message, expected, yaml.split('\n')[0] ?? yaml);
      t.notMatch(message, /\n/, 'one line');
      t.match(message, 'web.yml', 'names the file');
    }
  }
  t.throws(() => loadWebConfig(path.join(dir, 'nope.yml')), /cannot read \(ENOENT\)/);
});

t.test('basic auth: $2y$ hashes as htpasswd makes them, wrong and missing credentials', async (t) => {
  const hash = bcrypt.hashSync('s3cret', 4).replace(/^\$2b\$/, '$2y$');
  const auth = new BasicAuth(new Map([['prometheus', hash]]));
  const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  t.ok(auth.enabled);
  t.same(await auth.check(header('prometheus', 's3cret')), { ok: true, user: 'prometheus' });
  t.same(await auth.check(header('prometheus', 's3cret')), { ok: true, user: 'prometheus' }, 'remembered on the second request');
  t.same(await auth.check(header('prometheus', 'wrong')), { ok: false, reason: 'wrong-password' });
  t.same(await auth.check(header('mallory', 's3cret')), { ok: false, reason: 'unknown-user' });
  t.same(await auth.check(undefined), { ok: false, reason: 'missing' });
  t.same(await auth.check('Bearer abc'), { ok: false, reason: 'malformed' });
  t.same(await auth.check(`Basic ${Buffer.from('nocolon').toString('base64')}`), { ok: false, reason: 'malformed' });
  t.notOk(new BasicAuth(new Map()).enabled);
});
