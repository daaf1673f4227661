// Where the recorded command outputs live (test/fixtures/commands, see its README) and how tests read them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** A recorded output, e.g. recorded('ip/e810.json') or recorded('ethtool/ens3.info'). */
export function recorded(relativePath: string): string {
  return readFileSync(new URL(`../fixtures/commands/${relativePath}`, import.meta.url), 'utf8');
}
