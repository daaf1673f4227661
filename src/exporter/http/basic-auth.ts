// HTTP basic authentication against the bcrypt hashes of a web config. bcrypt is slow on purpose (tens of
// milliseconds at cost 10 in JavaScript), and Prometheus sends the same credentials every scrape, so an
// accepted (user, password, hash) triple is remembered — as exporter-toolkit does.

import { createHash, timingSafeEqual } from 'node:crypto';

export type AuthResult = { ok: true; user: string } | { ok: false; reason: 'missing' | 'malformed' | 'unknown-user' | 'wrong-password' };

/** A dummy hash to compare against for unknown users, so their answer takes as long as a known user's. */
const DUMMY_HASH = '$2b$10$CwTycUXWue0Thq9StjUM0uJ8DPLKXt1FYlwYpbqJ5bN7E6dF7z9Q6';

export class BasicAuth {
  private readonly accepted = new Set<string>();

  constructor(private readonly users: ReadonlyMap<string, string>) {}

  get enabled(): boolean {
    return this.users.size > 0;
  }

  async check(authorization: string | undefined): Promise<AuthResult> {
    if (!authorization) return { ok: false, reason: 'missing' };
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'malformed' };
    const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { ok: false, reason: 'malformed' };
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const hash = this.users.get(user);
    const key = digest(`${user}\u0000${password}\u0000${hash ?? ''}`);
    if (hash !== undefined && this.remembered(key)) return { ok: true, user };
    // Loaded at the first check that needs it: most exporters have no basic authentication.
    const { default: bcrypt } = await import('bcryptjs');
    const valid = await bcrypt.compare(password, hash ?? DUMMY_HASH);
    if (hash === undefined) return { ok: false, reason: 'unknown-user' };
    if (!valid) return { ok: false, reason: 'wrong-password' };
    this.accepted.add(key);
    return { ok: true, user };
  }

  private remembered(key: string): boolean {
    for (const k of this.accepted) if (k.length === key.length && timingSafeEqual(Buffer.from(k), Buffer.from(key))) return true;
    return false;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
