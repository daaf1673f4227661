// --web.config.file: TLS, basic auth and response headers in the Prometheus exporter-toolkit format
// (docs/web-configuration.md of prometheus/exporter-toolkit), so one file serves every exporter on a host.
// Parsed strictly, like the toolkit: an unknown key or a bad value refuses to start with one line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecureVersion } from 'node:tls';
import { parse as parseYaml } from 'yaml';
import { UserError } from '../../user-error.js';

export class WebConfigError extends UserError {}

export type ClientAuthType = 'NoClientCert' | 'RequestClientCert' | 'RequireAnyClientCert' | 'VerifyClientCertIfGiven' | 'RequireAndVerifyClientCert';

export interface TlsSettings {
  readonly cert: Buffer;
  readonly key: Buffer;
  /** CA bundle for client certificates. */
  readonly clientCa?: Buffer;
  readonly clientAuth: ClientAuthType;
  /** Client certificate SANs accepted (any when empty). */
  readonly clientAllowedSans: readonly string[];
  readonly minVersion: SecureVersion;
  readonly maxVersion: SecureVersion;
  /** OpenSSL cipher list derived from Go's names; undefined = Node's defaults. */
  readonly ciphers?: string;
  readonly honorCipherOrder: boolean;
}

export interface WebConfig {
  readonly tls?: TlsSettings;
  /** user → bcrypt hash ($2a$, $2b$, $2y$). */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  readonly headers: Readonly<Record<string, string>>;
  readonly http2: boolean;
  /** Settings the toolkit knows that this exporter accepts but does not apply (logged at start). */
  readonly ignored: readonly string[];
}

export const NO_WEB_CONFIG: WebConfig = { basicAuthUsers: new Map(), headers: {}, http2: false, ignored: [] };

const CLIENT_AUTH: readonly ClientAuthType[] = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'];
const TLS_VERSIONS: Record<string, SecureVersion> = { TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' };
/**
 * Versions the toolkit's format names that Node.js cannot serve: its OpenSSL 3 refuses TLS 1.0 and 1.1 handshakes
 * at its default security level (the client gets an internal-error alert, the server logs nothing), so the setting
 * is refused at start rather than accepted and broken.
 */
const REFUSED_TLS_VERSIONS = ['TLS10', 'TLS11'];
/** The headers exporter-toolkit lets a user set, with the values it accepts (undefined: any). */
const HEADERS: Record<string, RegExp | undefined> = {
  'Content-Security-Policy': undefined,
  'X-Frame-Options': /^(deny|sameorigin)$/i,
  'X-Content-Type-Options': /^nosniff$/i,
  'X-XSS-Protection': undefined,
  'Strict-Transport-Security': undefined,
};
/** Go cipher suite names (tls.CipherSuiteName) → OpenSSL names, for TLS 1.2; TLS 1.3 suites are not configurable. */
const CIPHERS: Record<string, string> = {
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
};

const TOP_KEYS = ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'];
const TLS_KEYS = ['cert', 'key', 'cert_file', 'key_file', 'client_auth_type', 'client_ca', 'client_ca_file', 'client_allowed_sans', 'min_version', 'max_version', 'cipher_suites', 'prefer_server_cipher_suites', 'curve_preferences'];
const HTTP_KEYS = ['http2', 'headers'];

/** Reads and validates a web config file; relative file names inside it are relative to the file. */
export function loadWebConfig(file: string): WebConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new WebConfigError(`--web.config.file ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  return parseWebConfig(text, file);
}

export function parseWebConfig(text: string, file: string): WebConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    throw new WebConfigError(`${file}: not valid YAML (${firstLine((error as Error).message)})`);
  }
  if (doc === null || doc === undefined) return NO_WEB_CONFIG; // an empty file is allowed, as in the toolkit
  const top = record(doc, file, 'the top level');
  onlyKeys(top, TOP_KEYS, file, '');
  const dir = path.dirname(file);

  const users = new Map<string, string>();
  if (top.basic_auth_users !== undefined && top.basic_auth_users !== null) {
    for (const [user, hash] of Object.entries(record(top.basic_auth_users, file, 'basic_auth_users'))) {
      if (typeof hash !== 'string' || !/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/.test(hash)) {
        throw new WebConfigError(`${file}: basic_auth_users.${user} is not a bcrypt hash ($2a$, $2b$ or $2y$, as htpasswd -nBC 10 makes)`);
      }
      users.set(user, hash);
    }
  }

  let headers: Record<string, string> = {};
  let http2 = false;
  if (top.http_server_config !== undefined && top.http_server_config !== null) {
    const http = record(top.http_server_config, file, 'http_server_config');
    onlyKeys(http, HTTP_KEYS, file, 'http_server_config.');
    if (http.http2 !== undefined) http2 = bool(http.http2, file, 'http_server_config.http2');
    if (http.headers !== undefined && http.headers !== null) headers = validateHeaders(record(http.headers, file, 'http_server_config.headers'), file);
  }

  let tls: TlsSettings | undefined;
  const ignored: string[] = [];
  if (top.tls_server_config !== undefined && top.tls_server_config !== null) {
    const t = record(top.tls_server_config, file, 'tls_server_config');
    tls = parseTls(t, file, dir);
    if (t.curve_preferences !== undefined) ignored.push('tls_server_config.curve_preferences');
  }
  // Shared files written for other exporters may carry these; refusing them would break a working setup.
  if (top.rate_limit !== undefined) ignored.push('rate_limit');
  if (http2) ignored.push('http_server_config.http2');
  return { ...(tls ? { tls } : {}), basicAuthUsers: users, headers, http2, ignored };
}

function parseTls(t: Record<string, unknown>, file: string, dir: string): TlsSettings {
  onlyKeys(t, TLS_KEYS, file, 'tls_server_config.');
  const material = (inline: string, fileKey: string): Buffer | undefined => {
    if (t[inline] !== undefined && t[fileKey] !== undefined) throw new WebConfigError(`${file}: tls_server_config: give ${inline} or ${fileKey}, not both`);
    if (typeof t[inline] === 'string') return Buffer.from(t[inline] as string);
    if (t[fileKey] === undefined) return undefined;
    const name = str(t[fileKey], file, `tls_server_config.${fileKey}`);
    try {
      return fs.readFileSync(path.resolve(dir, name));
    } catch (error) {
      throw new WebConfigError(`${file}: tls_server_config.${fileKey} ${name}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };
  const cert = material('cert', 'cert_file');
  const key = material('key', 'key_file');
  if (!cert || !key) throw new WebConfigError(`${file}: tls_server_config needs both a certificate (cert_file) and a key (key_file)`);
  const clientCa = material('client_ca', 'client_ca_file');
  const clientAuth = (t.client_auth_type ?? (clientCa ? 'RequireAndVerifyClientCert' : 'NoClientCert')) as ClientAuthType;
  if (!CLIENT_AUTH.includes(clientAuth)) throw new WebConfigError(`${file}: tls_server_config.client_auth_type ${String(t.client_auth_type)}: expected one of ${CLIENT_AUTH.join(', ')}`);
  if ((clientAuth === 'RequireAndVerifyClientCert' || clientAuth === 'VerifyClientCertIfGiven') && !clientCa) {
    throw new WebConfigError(`${file}: tls_server_config.client_auth_type ${clientAuth} needs client_ca_file`);
  }
  const version = (key: string, fallback: SecureVersion): SecureVersion => {
    if (t[key] === undefined) return fallback;
    const v = TLS_VERSIONS[String(t[key])];
    if (REFUSED_TLS_VERSIONS.includes(String(t[key]))) {
      throw new WebConfigError(`${file}: tls_server_config.${key} ${String(t[key])}: TLS 1.0 and 1.1 are not supported (Node.js's OpenSSL refuses their handshakes); use TLS12 or TLS13`);
    }
    if (!v) throw new WebConfigError(`${file}: tls_server_config.${key} ${String(t[key])}: expected TLS12 or TLS13`);
    return v;
  };
  const minVersion = version('min_version', 'TLSv1.2');
  const maxVersion = version('max_version', 'TLSv1.3');
  if (minVersion > maxVersion) throw new WebConfigError(`${file}: tls_server_config.min_version is above max_version`);
  let ciphers: string | undefined;
  if (t.cipher_suites !== undefined && t.cipher_suites !== null) {
    const names = list(t.cipher_suites, file, 'tls_server_config.cipher_suites');
    ciphers = names
      .map((name) => {
        const openssl = CIPHERS[name];
        if (!openssl) throw new WebConfigError(`${file}: tls_server_config.cipher_suites: ${name} is not a supported TLS 1.2 suite`);
        return openssl;
      })
      .join(':');
  }
  return {
    cert,
    key,
    ...(clientCa ? { clientCa } : {}),
    clientAuth,
    clientAllowedSans: t.client_allowed_sans === undefined || t.client_allowed_sans === null ? [] : list(t.client_allowed_sans, file, 'tls_server_config.client_allowed_sans'),
    minVersion,
    maxVersion,
    ...(ciphers ? { ciphers } : {}),
    honorCipherOrder: t.prefer_server_cipher_suites === undefined ? true : bool(t.prefer_server_cipher_suites, file, 'tls_server_config.prefer_server_cipher_suites'),
  };
}

function validateHeaders(headers: Record<string, unknown>, file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!(name in HEADERS)) throw new WebConfigError(`${file}: http_server_config.headers.${name} is not one of ${Object.keys(HEADERS).join(', ')}`);
    const text = str(value, file, `http_server_config.headers.${name}`);
    const allowed = HEADERS[name];
    if (allowed && !allowed.test(text)) throw new WebConfigError(`${file}: http_server_config.headers.${name}: ${text} is not allowed`);
    out[name] = text;
  }
  return out;
}

function record(v: unknown, file: string, at: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WebConfigError(`${file}: ${at} should be a mapping`);
  return v as Record<string, unknown>;
}

function onlyKeys(v: Record<string, unknown>, allowed: readonly string[], file: string, prefix: string): void {
  for (const key of Object.keys(v)) if (!allowed.includes(key)) throw new WebConfigError(`${file}: unknown field ${prefix}${key}`);
}

function str(v: unknown, file: string, at: string): string {
  if (typeof v !== 'string') throw new WebConfigError(`${file}: ${at} should be a string`);
  return v;
}

function bool(v: unknown, file: string, at: string): boolean {
  if (typeof v !== 'boolean') throw new WebConfigError(`${file}: ${at} should be true or false`);
  return v;
}

function list(v: unknown, file: string, at: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new WebConfigError(`${file}: ${at} should be a list of strings`);
  return v as string[];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
