// Reads the configuration that recreates VFs at boot: one row per mechanism, each a directory under /etc,
// the files in it that can hold the setting, and its parser. Files without the setting's keyword are not
// parsed. The kernel command line (<driver>.max_vfs=) is the kernel reader's; its parameters are handed in.

import { createRequire } from 'node:module';
import { type HostFs } from '../host/host-fs.js';
import { type ReadIssue, isIssue } from '../fact.js';
import {
  parseModprobeConf,
  netplanHits,
  parseNetworkManagerKeyfile,
  sriovOperatorHits,
  parseSystemdLink,
  parseSystemdUnit,
  parseUdevRules,
  vfParametersOnCmdline,
  type PersistenceHit,
} from '../parse/vf-persistence.js';
import type { KernelParameter } from '../parse/kernel-cmdline.js';

export interface VfPersistenceInfo {
  /** Settings found that recreate VFs at boot. */
  readonly hits: readonly PersistenceHit[];
  /** Directories or files that could not be read (NetworkManager's are root-only). */
  readonly issues: readonly ReadIssue[];
}

interface Mechanism {
  readonly dir: string;
  readonly file: RegExp;
  /** Cheap test before parsing: files without it cannot set VFs. */
  readonly keyword: RegExp;
  readonly parse: (text: string, path: string) => PersistenceHit[];
}

export const PERSISTENCE_MECHANISMS: readonly Mechanism[] = [
  { dir: '/etc/udev/rules.d', file: /\.rules$/, keyword: /sriov_numvfs/, parse: parseUdevRules },
  { dir: '/etc/systemd/network', file: /\.link$/, keyword: /SR-IOVVirtualFunctions/, parse: parseSystemdLink },
  { dir: '/etc/NetworkManager/system-connections', file: /^[^.]/, keyword: /total-vfs/, parse: parseNetworkManagerKeyfile },
  { dir: '/etc/netplan', file: /\.ya?ml$/, keyword: /virtual-function-count/, parse: (text, path) => netplanHits(yamlDocument(text), path) },
  { dir: '/etc/modprobe.d', file: /\.conf$/, keyword: /\b(?:max_vfs|num_vfs)=/, parse: parseModprobeConf },
  { dir: '/etc/sriov-operator', file: /\.ya?ml$/, keyword: /pciAddress/, parse: (text, path) => sriovOperatorHits(yamlDocument(text), path) },
  { dir: '/etc/systemd/system', file: /\.service$/, keyword: /sriov_numvfs/, parse: parseSystemdUnit },
];

/** A directory with thousands of files is not a configuration directory; stop looking there. */
const MAX_FILES_PER_DIR = 256;
const MAX_FILE_BYTES = 256 * 1024;

export function readVfPersistence(host: HostFs, cmdline: readonly KernelParameter[] = []): VfPersistenceInfo {
  const hits: PersistenceHit[] = [];
  const issues: ReadIssue[] = [];
  for (const m of PERSISTENCE_MECHANISMS) {
    const names = host.list(m.dir);
    if (names === undefined) continue;
    if (isIssue(names)) {
      issues.push(names);
      continue;
    }
    for (const name of names.filter((n) => m.file.test(n)).slice(0, MAX_FILES_PER_DIR)) {
      const path = `${m.dir}/${name}`;
      const text = host.readText(path, MAX_FILE_BYTES);
      if (text === undefined) continue;
      if (isIssue(text)) {
        // A directory where a file was expected is not a setting, just noise.
        if (text.code !== 'EISDIR') issues.push(text);
        continue;
      }
      if (m.keyword.test(text)) hits.push(...m.parse(text, path));
    }
  }
  hits.push(...vfParametersOnCmdline(cmdline));
  return { hits, issues };
}

/**
 * YAML files (netplan, the operator's config) go through the `yaml` package, loaded on first use: its import
 * costs ~40 ms, and only hosts with such a file need it. Invalid YAML is undefined, which sets nothing (netplan
 * would refuse it too).
 */
export function yamlDocument(text: string): unknown {
  try {
    return loadYaml().parse(text);
  } catch {
    return undefined;
  }
}

function loadYaml(): typeof import('yaml') {
  // An ES module (tsc's output, or the ES bundle of `npm run build`) has import.meta.url and loads the package
  // from node_modules. The single executable is one CommonJS bundle with an empty import.meta: there esbuild
  // bundles the package named in the literal require call. (Asking `typeof require` instead fails in the ES
  // bundle, where esbuild puts a function that throws in require's place.)
  const url = import.meta.url as string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return url ? (createRequire(url)('yaml') as typeof import('yaml')) : (require('yaml') as typeof import('yaml'));
}
