// `sriov-exporter --healthcheck`: asks the exporter running on this machine for /healthz, for a container
// HEALTHCHECK. It speaks TLS when the web config does and presents the server's own certificate when client
// certificates are required (the usual setup signs both with one CA).

import * as http from 'node:http';
import * as https from 'node:https';
import type { WebConfig } from './web-config.js';

export interface ProbeTarget {
  readonly host: string;
  readonly port: number;
}

const PROBE_TIMEOUT_MS = 4000;

/** Resolves to undefined when the exporter answered 200, else to the reason. */
export function probeHealth(target: ProbeTarget, web: WebConfig | undefined): Promise<string | undefined> {
  // A wildcard listen address is reached through loopback.
  const host = target.host === '' || target.host === '0.0.0.0' ? '127.0.0.1' : target.host === '::' ? '::1' : target.host;
  const tls = web?.tls;
  return new Promise((resolve) => {
    const options = {
      host,
      port: target.port,
      path: '/healthz',
      timeout: PROBE_TIMEOUT_MS,
      // The exporter's own certificate names the host, not loopback: this is a liveness probe, not a trust decision.
      ...(tls ? { rejectUnauthorized: false, ...(tls.clientAuth !== 'NoClientCert' ? { cert: tls.cert, key: tls.key } : {}) } : {}),
    };
    const request = (tls ? https : http).get(options, (response) => {
      response.resume();
      resolve(response.statusCode === 200 ? undefined : `HTTP ${response.statusCode}`);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
