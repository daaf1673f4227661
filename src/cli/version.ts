// The version printed by --version and recorded in snapshots and metrics: package.json's. The single executable
// has no package.json beside it: `npm run package` bakes the version in (esbuild's define of the constant below).

import * as fs from 'node:fs';

declare const SRIOV_EXPORTER_VERSION: string | undefined;

export function readVersion(): string {
  if (typeof SRIOV_EXPORTER_VERSION === 'string') return SRIOV_EXPORTER_VERSION;
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
