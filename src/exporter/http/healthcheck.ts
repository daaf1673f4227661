// `sriov-exporter --healthcheck`: asks the exporter running on this machine for /healthz, for a container
// HEALTHCHECK or an exec probe. It speaks TLS when the web config does and presents the exporter's own certificate
// when client certificates are required (the server exempts that one from client_allowed_sans). Where the TLS
// rules still refuse it (a certificate made for serving only, or from another CA than client_ca_file), an exporter
// that completed the TLS handshake with its own certificate is alive, which is what a liveness probe asks.

import * as http from 'node:http';
import * as https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { WebConfig } from './web-config.js';

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
}

const PROBE_TIMEOUT_MS = 4000;

/** Resolves to undefined when the exporter answered 200 (or, with client certificates, completed TLS), else to the reason. */
export function probeHealth(target: ProbeTarget, web: WebConfig | undefined): Promise<string | undefined> {
  // A wildcard listen address is reached through loopback.
  const host = target.host === '' || target.host === '0.0.0.0' ? '127.0.0.1' : target.host === '::' ? '::1' : target.host;
  const tls = web?.tls;
  const presentsCertificate = tls !== undefined && tls.clientAuth !== 'NoClientCert';
  return new Promise((resolve) => {
    let handshakeWithOwnCertificate = false;
    const options = {
      host,
      port: target.port,
      path: '/healthz',
      timeout: PROBE_TIMEOUT_MS,
      // The exporter's own certificate names the host, not loopback: this is a liveness probe, not a trust decision.
      ...(tls ? { rejectUnauthorized: false, ...(presentsCertificate ? { cert: tls.cert, key: tls.key } : {}) } : {}),
    };
    const request = (tls ? https : http).get(options, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `HTTP ${response.statusCode}`);
    });
    if (tls && presentsCertificate) {
      request.on('socket', (socket: TLSSocket) => {
        socket.once('secureConnect', () => {
          const served = socket.getPeerX509Certificate();
          handshakeWithOwnCertificate = served !== undefined && served.raw.equals(new X509Certificate(tls.cert).raw);
        });
      });
    }
    request.on('timeout', () => request.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(handshakeWithOwnCertificate ? undefined : (error.code ?? error.message)));
  });
}
