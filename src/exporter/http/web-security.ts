// Applies a web config to the server: TLS options for fastify's https server, client-certificate rules the
// TLS layer itself cannot express, basic authentication and response headers.

import { X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions as HttpsOptions } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import { BasicAuth } from './basic-auth.js';
import type { TlsSettings, WebConfig } from './web-config.js';

/** Paths served without authentication: `/healthz` says only "ok", and probes (kubelet, Docker) carry no password. */
export const UNAUTHENTICATED_PATHS: readonly string[] = ['/healthz'];

export const AUTH_REALM = 'sriov-exporter';

/** Options for `https.createServer` (through fastify's `https`), as exporter-toolkit maps its settings. */
export function httpsOptions(tls: TlsSettings): HttpsOptions {
  const wantsCert = tls.clientAuth !== 'NoClientCert';
  return {
    cert: tls.cert,
    key: tls.key,
    ...(tls.clientCa ? { ca: tls.clientCa } : {}),
    requestCert: wantsCert,
    // Only RequireAndVerifyClientCert lets OpenSSL refuse the handshake; the softer modes are checked below.
    rejectUnauthorized: tls.clientAuth === 'RequireAndVerifyClientCert',
    minVersion: tls.minVersion,
    maxVersion: tls.maxVersion,
    ...(tls.ciphers ? { ciphers: tls.ciphers } : {}),
    honorCipherOrder: tls.honorCipherOrder,
  };
}

/** Why a client's certificate is refused under these settings, or undefined when it is accepted. */
export function refuseClientCertificate(tls: TlsSettings, socket: Pick<TLSSocket, 'getPeerCertificate' | 'authorized'>): string | undefined {
  if (tls.clientAuth === 'NoClientCert' || tls.clientAuth === 'RequestClientCert') return undefined;
  const cert = socket.getPeerCertificate();
  const presented = cert !== null && typeof cert === 'object' && Object.keys(cert).length > 0;
  if (!presented) return tls.clientAuth === 'VerifyClientCertIfGiven' ? undefined : 'no client certificate';
  if (tls.clientAuth !== 'RequireAnyClientCert' && !socket.authorized) return 'client certificate not signed by client_ca_file';
  // `sriov-exporter --healthcheck` presents the exporter's own certificate, which only a holder of its private key
  // can do: client_allowed_sans names Prometheus, not the exporter itself, so it does not apply to that one.
  if (tls.clientAllowedSans.length > 0 && !isOwnCertificate(tls, cert)) {
    const sans = (cert.subjectaltname ?? '').split(/,\s*/).map((entry) => entry.replace(/^[A-Za-z ]+:/, ''));
    if (!tls.clientAllowedSans.some((allowed) => sans.includes(allowed))) return 'client certificate SAN not in client_allowed_sans';
  }
  return undefined;
}

function isOwnCertificate(tls: TlsSettings, cert: { raw?: Buffer }): boolean {
  const own = new X509Certificate(tls.cert).raw;
  return cert.raw !== undefined && own.equals(cert.raw);
}

/** Installs the client-certificate, authentication and header rules of a web config on a server. */
export function applyWebConfig(app: FastifyInstance, config: WebConfig): void {
  const tls = config.tls;
  if (tls && tls.clientAuth !== 'NoClientCert' && tls.clientAuth !== 'RequestClientCert') {
    // Checked once per connection, before any request is read: a refused client gets no HTTP answer at all,
    // as with exporter-toolkit, where the TLS handshake fails.
    app.server.on('secureConnection', (socket: TLSSocket) => {
      const reason = refuseClientCertificate(tls, socket);
      if (reason) {
        app.log.warn({ remote: socket.remoteAddress }, `TLS client refused: ${reason}`);
        socket.destroy();
      }
    });
  }

  const auth = new BasicAuth(config.basicAuthUsers);
  if (auth.enabled) {
    app.addHook('onRequest', async (request, reply) => {
      if (UNAUTHENTICATED_PATHS.includes(pathOf(request.raw))) return;
      const result = await auth.check(request.headers.authorization);
      if (result.ok) return;
      request.log.info({ reason: result.reason, remote: request.ip }, 'basic authentication refused');
      return reply.code(401).header('WWW-Authenticate', `Basic realm="${AUTH_REALM}", charset="UTF-8"`).type('text/plain; charset=utf-8').send('Unauthorized\n');
    });
  }

  const headers = Object.entries(config.headers);
  if (headers.length > 0) {
    app.addHook('onSend', async (_request, reply, payload) => {
      for (const [name, value] of headers) reply.header(name, value);
      return payload;
    });
  }
}

function pathOf(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const cut = url.indexOf('?');
  return cut < 0 ? url : url.slice(0, cut);
}
