// Reads the running kernel: release, command line, loaded modules, and what `lib/modules/<release>/` under the
// root says about modules that are built in, installed, or aliased to a PCI id.

import { type HostFs, readFact } from '../host/host-fs.js';
import { type Fact, isIssue, readIssue } from '../fact.js';
import { parseCmdline, type KernelParameter } from '../parse/kernel-cmdline.js';
import { findPciAliases, normalizeModuleName, parseModulePaths, parseProcModules } from '../parse/kernel-modules.js';

export type ModuleState = 'loaded' | 'builtin' | 'on-disk' | 'absent';

export interface KernelInfo {
  readonly release: Fact<string>;
  /** /proc/cmdline as the kernel shows it. */
  readonly cmdline: Fact<string>;
  /** The same, parsed: what the checks decide on. */
  readonly parameters: Fact<readonly KernelParameter[]>;
  readonly loadedModules: Fact<readonly string[]>;
  /** `lib/modules/<release>` under the root, when the release is known. */
  readonly modulesDir?: string;
  /** State of each module the checks ask about (PF/VF drivers, vfio, kvm). */
  readonly modules: Readonly<Record<string, Fact<ModuleState>>>;
  /** Modules whose `alias pci:` patterns match a `vendor:device` id (VF and PF ids of the NICs found). */
  readonly pciAliases: Readonly<Record<string, Fact<readonly string[]>>>;
}

export interface KernelQuery {
  /** Modules whose state the checks need (drivers of the NICs found, vfio, kvm…). */
  readonly moduleNames: readonly string[];
  /** `vendor:device` ids to look up in modules.alias. */
  readonly pciIds: readonly string[];
}

export function readKernel(host: HostFs, query: KernelQuery): KernelInfo {
  const release = readFact(host, '/proc/sys/kernel/osrelease', parseRelease, 'a kernel release');
  const cmdline = host.readText('/proc/cmdline');
  const loadedText = host.readText('/proc/modules');
  const loadedModules: Fact<readonly string[]> = typeof loadedText === 'string' ? parseProcModules(loadedText) : loadedText;

  const modulesDir = typeof release === 'string' ? `/lib/modules/${release}` : undefined;
  const builtinText = modulesDir ? host.readText(`${modulesDir}/modules.builtin`) : undefined;
  const depText = modulesDir ? host.readText(`${modulesDir}/modules.dep`) : undefined;
  const aliasText = modulesDir ? host.readText(`${modulesDir}/modules.alias`) : undefined;

  const loaded = new Set(Array.isArray(loadedModules) ? loadedModules : []);
  const builtin = new Set(typeof builtinText === 'string' ? parseModulePaths(builtinText) : []);
  const onDisk = new Set(typeof depText === 'string' ? parseModulePaths(depText) : []);

  const pciAliases: Record<string, Fact<readonly string[]>> = {};
  for (const id of new Set(query.pciIds)) {
    const [vendor, device] = id.split(':') as [string, string];
    if (typeof aliasText === 'string') {
      pciAliases[id] = [...new Set(findPciAliases(aliasText, vendor, device).map((m) => m.module))];
    } else {
      pciAliases[id] = aliasText ?? undefined;
    }
  }

  const modules: Record<string, Fact<ModuleState>> = {};
  // The modules found in aliases get a state too: a module aliased to the VF id may not be installed.
  const wanted = [...query.moduleNames, ...Object.values(pciAliases).flatMap((m) => (Array.isArray(m) ? m : []))];
  for (const raw of new Set(wanted.map(normalizeModuleName))) {
    if (loaded.has(raw)) modules[raw] = 'loaded';
    else if (builtin.has(raw)) modules[raw] = 'builtin';
    else if (onDisk.has(raw)) modules[raw] = 'on-disk';
    else modules[raw] = firstIssue(loadedModules, builtinText, depText) ?? missingList(modulesDir, depText) ?? 'absent';
  }

  return {
    release,
    cmdline: typeof cmdline === 'string' ? cmdline.trim() : cmdline,
    parameters: typeof cmdline === 'string' ? parseCmdline(cmdline) : cmdline,
    loadedModules,
    ...(modulesDir ? { modulesDir } : {}),
    modules,
    pciAliases,
  };
}

function parseRelease(text: string): string | undefined {
  const release = text.trim();
  return /^[\w.+~-]+$/.test(release) ? release : undefined;
}

/** Without modules.dep nothing says which modules are installed: not found there is not absent. */
function missingList(modulesDir: string | undefined, depText: Fact<string>) {
  if (depText !== undefined) return undefined;
  return readIssue(modulesDir ? `${modulesDir}/modules.dep` : '/proc/sys/kernel/osrelease', 'ENOENT', 'no module list to look in');
}

/** When a module is not found, an unreadable source means we do not know that it is absent. */
function firstIssue(...facts: Fact<unknown>[]) {
  for (const fact of facts) if (isIssue(fact)) return fact;
  return undefined;
}
