// `ethtool -i <netdev>` → driver, versions and bus address. The driver name picks the per-queue naming of
// `ethtool -S` (ethtool-stats.ts). Fields come in a fixed order ("driver: …", "version: …",
// "firmware-version: …", "expansion-rom-version: …", "bus-info: …", "supports-…: yes|no"); a field
// may be empty ("firmware-version: " on VFs) and bus-info itself contains colons.
// Inbox drivers print the kernel release as version (truncated at 31 characters); VF drivers print
// firmware-version "N/A" or nothing. Values are kept as printed; empty ones are undefined.

export interface EthtoolDriverInfo {
  readonly driver: string;
  readonly version?: string;
  readonly firmwareVersion?: string;
  readonly expansionRomVersion?: string;
  /** PCI address for PCI devices ("0000:02:00.0"); other buses print other things. */
  readonly busInfo?: string;
}

/** Undefined when there is no "driver:" line: not `ethtool -i` output. */
export function parseEthtoolDriverInfo(text: string): EthtoolDriverInfo | undefined {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([a-z][a-z-]*):(?: (.*))?$/.exec(line.trimEnd());
    if (!match || fields.has(match[1] as string)) continue;
    const value = (match[2] ?? '').trim();
    if (value !== '') fields.set(match[1] as string, value);
  }
  const driver = fields.get('driver');
  if (driver === undefined) return undefined;
  return {
    driver,
    version: fields.get('version'),
    firmwareVersion: fields.get('firmware-version'),
    expansionRomVersion: fields.get('expansion-rom-version'),
    busInfo: fields.get('bus-info'),
  };
}
