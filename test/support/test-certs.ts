// Certificates for TLS tests, made with the openssl command in a temporary directory: a CA, a server
// certificate for 127.0.0.1/localhost, a client certificate from the same CA and one from a stranger CA.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestCerts {
  readonly dir: string;
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly strangerCert: string;
  readonly strangerKey: string;
}

export function makeTestCerts(dir: string): TestCerts {
  const p = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ca = (name: string) => {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name} test CA`, '-keyout', p(`${name}-ca.key`), '-out', p(`${name}-ca.crt`));
  };
  const leaf = (name: string, caName: string, san: string, usage: string) => {
    fs.writeFileSync(p(`${name}.ext`), `subjectAltName=${san}\nextendedKeyUsage=${usage}\nbasicConstraints=CA:FALSE\n`);
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', `/CN=${name}`, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`));
    openssl('x509', '-req', '-in', p(`${name}.csr`), '-CA', p(`${caName}-ca.crt`), '-CAkey', p(`${caName}-ca.key`), '-CAcreateserial', '-days', '2', '-extfile', p(`${name}.ext`), '-out', p(`${name}.crt`));
  };
  ca('trusted');
  ca('stranger');
  leaf('server', 'trusted', 'IP:127.0.0.1,DNS:localhost', 'serverAuth');
  leaf('client', 'trusted', 'DNS:prometheus.example', 'clientAuth');
  leaf('intruder', 'stranger', 'DNS:prometheus.example', 'clientAuth');
  return {
    dir,
    caCert: p('trusted-ca.crt'),
    serverCert: p('server.crt'),
    serverKey: p('server.key'),
    clientCert: p('client.crt'),
    clientKey: p('client.key'),
    strangerCert: p('intruder.crt'),
    strangerKey: p('intruder.key'),
  };
}

/**
 * docs/web-config.md's example in a file beside the certificates: TLS, client certificates required and verified,
 * one allowed SAN (the client certificate's). Returns the file's path.
 */
export function writeAllowedSansWebConfig(certs: TestCerts): string {
  const file = path.join(certs.dir, 'web.yml');
  fs.writeFileSync(file, [
    'tls_server_config:',
    `  cert_file: ${certs.serverCert}`,
    `  key_file: ${certs.serverKey}`,
    `  client_ca_file: ${certs.caCert}`,
    '  client_auth_type: RequireAndVerifyClientCert',
    '  client_allowed_sans: [prometheus.example]',
  ].join('\n'));
  return file;
}
