// The artefacts of `npm run package` for the packaging tests: where they are, or why a test cannot use them.
// Under CI (CI set, as .ci/run runs) a missing artefact is a failure, never a skip: CI builds them first.

import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { currentTarget, type Target } from '../../scripts/package/targets.js';

export type { Target };

/** The target whose artefacts exist, or the reason they cannot be tested here. */
export function releasedTarget(): Target | string {
  const target = currentTarget();
  if (target === undefined) return `no packages are built for ${process.platform}/${process.arch}`;
  const missing = [target.executable, target.tarball, target.deb, target.rpm, target.checksums].filter((f) => !fs.existsSync(f));
  if (missing.length > 0) return `run \`npm run package:node && npm run package\` first (missing: ${missing.join(', ')})`;
  return target;
}

/** A skip reason for tap, or false; false as well under CI, where the test then fails on what is missing. */
export function skipUnlessReleased(found: Target | string): string | false {
  return typeof found === 'string' && !process.env.CI ? found : false;
}

/** The sha256 of a file as SHA256SUMS lists it. */
export function sha256(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0] as string;
}

const INSTALL_LOCK = '/tmp/sriov-exporter-package-install.lock';

/**
 * Waits for the machine-wide lock of the tests that install packages, held by a shell until `release` (or until
 * this process dies, which closes the shell's input): two test runs on one machine never install or remove the
 * package under each other.
 */
export async function holdInstallLock(): Promise<{ release(): void }> {
  const holder = spawn('flock', [INSTALL_LOCK, 'sh', '-c', 'echo locked; read -r _'], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    holder.stdout.once('data', () => resolve());
    holder.once('exit', (code) => reject(new Error(`flock ${INSTALL_LOCK} exited with ${code}`)));
  });
  return { release: () => holder.stdin.end() };
}
