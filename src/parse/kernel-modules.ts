// Parsers for what the kernel says about modules: /proc/modules (loaded), lib/modules/<release>/modules.builtin
// (compiled in), modules.alias (which module binds a PCI id) and modules.dep (which modules exist on disk).

/** Module names use `_` in /proc and /sys but files and aliases may use `-`: compare normalised. */
export function normalizeModuleName(name: string): string {
  return name.replace(/-/g, '_');
}

/** /proc/modules: `name size refcount deps state address` — the first field of each line. */
export function parseProcModules(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const name = line.split(' ', 1)[0];
    if (name) names.push(normalizeModuleName(name));
  }
  return names;
}

/** modules.builtin / modules.dep: paths like `kernel/drivers/vfio/pci/vfio-pci.ko[.xz|.zst|.gz][: deps]`. */
export function parseModulePaths(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const file = line.split(':', 1)[0]?.trim();
    if (!file) continue;
    const base = file.slice(file.lastIndexOf('/') + 1);
    const match = /^(.+?)\.ko(?:\.(?:xz|zst|gz))?$/.exec(base);
    if (match) names.push(normalizeModuleName(match[1] as string));
  }
  return names;
}

export interface PciAliasMatch {
  readonly module: string;
  readonly pattern: string;
}

/**
 * The modules whose `alias pci:v…d…` patterns match a vendor/device id (subsystem, class and interface
 * fields are not known for a VF that does not exist yet, so they are treated as matching). Only lines
 * that start with `alias pci:` are looked at: `vfio_pci:` aliases bind only through driver_override.
 */
export function findPciAliases(text: string, vendorId: string, deviceId: string): PciAliasMatch[] {
  const want = { vendor: vendorId.toUpperCase().padStart(8, '0'), device: deviceId.toUpperCase().padStart(8, '0') };
  const matches: PciAliasMatch[] = [];
  let start = 0;
  const needle = 'alias pci:v';
  for (;;) {
    const at = text.indexOf(needle, start);
    if (at < 0) break;
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    if (at > 0 && text[at - 1] !== '\n') continue; // only at the start of a line
    // Vendor and device are 8 hex digits or a lone `*` (e.g. `pci:v00008086d*sv*sd*bc02sc00i*`).
    const parsed = /^alias (pci:v([0-9A-Fa-f?*]{8}|\*)d([0-9A-Fa-f?*]{8}|\*)sv\S*) (\S+)$/.exec(line.trim());
    if (!parsed) continue;
    if (globMatches(parsed[2] as string, want.vendor) && globMatches(parsed[3] as string, want.device)) {
      matches.push({ pattern: parsed[1] as string, module: normalizeModuleName(parsed[4] as string) });
    }
  }
  return matches;
}

/** modules.alias patterns use `*` and `?` (fnmatch); an 8-character field never contains `[`. */
function globMatches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern.toUpperCase() === value;
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(value);
}
