// Configuration that recreates VFs at boot (sriov_numvfs is runtime-only). One parser per mechanism; each
// returns the line that sets the VF count and what the setting is tied to (interface names or globs, PCI
// addresses, MAC addresses, drivers). Only those lines leave the file: NetworkManager and netplan files
// also hold Wi-Fi and VPN secrets, which must never reach a snapshot.
//
// Formats: udev(7) rules; systemd.link(5) [Match] + [Link] SR-IOVVirtualFunctions= (systemd ≥ 251);
// nm-settings-keyfile(5) [sriov] total-vfs=; netplan ethernets.<id>.virtual-function-count (with
// match: name/macaddress/driver); modprobe.d(5) "options <module> max_vfs=…"; kernel command line
// <module>.max_vfs=; the sriov-network-operator's /etc/sriov-operator/sriov-interface-config.yaml
// (interfaces[].pciAddress, numVfs); systemd units that write sriov_numvfs.

import { normalizePciAddress } from './sysfs-values.js';
import type { KernelParameter } from './kernel-cmdline.js';

export type PersistenceKind = 'udev-rule' | 'systemd-link' | 'networkmanager' | 'netplan' | 'modprobe' | 'kernel-cmdline' | 'sriov-operator' | 'systemd-unit';

export type SubjectKind = 'name' | 'address' | 'mac' | 'driver';

export interface PersistenceSubject {
  readonly kind: SubjectKind;
  /** Names and addresses may be globs (udev, systemd.link): `ens1f*`, `pci-0000:3b:00.*`. */
  readonly value: string;
}

export interface PersistenceHit {
  readonly kind: PersistenceKind;
  readonly path: string;
  /** The line that sets the VF count, as written. */
  readonly line: string;
  readonly vfCount?: number;
  readonly subjects: readonly PersistenceSubject[];
}

const MAX_LINE = 240;
const clip = (line: string) => (line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line);

/** A name, a PCI address or a MAC: what a bare value looks like decides its kind. */
function subjectOf(value: string, fallback: SubjectKind): PersistenceSubject {
  const v = value.trim();
  if (/^(?:[0-9a-f]{4}:)?[0-9a-f]{2}:[0-9a-f]{2}\.[0-7*?]$/i.test(v)) return { kind: 'address', value: normalizePciAddress(v) ?? v.toLowerCase() };
  if (/^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/i.test(v)) return { kind: 'mac', value: v.toLowerCase() };
  return { kind: fallback, value: v };
}

/** sysfs paths inside a command: /sys/class/net/<name>/…, /sys/bus/pci/devices/<address>/…. */
function subjectsInPaths(line: string): PersistenceSubject[] {
  const found: PersistenceSubject[] = [];
  // `%k`, `$kernel`, `$1`: udev and shell substitutions say nothing about which device.
  const literal = (v: string) => !/[%$]/.test(v);
  for (const m of line.matchAll(/\/sys\/class\/net\/([^/\s"']+)\//g)) if (literal(m[1] as string)) found.push({ kind: 'name', value: m[1] as string });
  for (const m of line.matchAll(/\/sys\/bus\/pci\/devices\/([^/\s"']+)\//g)) if (literal(m[1] as string)) found.push(subjectOf(m[1] as string, 'address'));
  return found;
}

/** `echo 8 > …/sriov_numvfs` or `ATTR{device/sriov_numvfs}="8"`. */
function countIn(line: string): number | undefined {
  const m = /sriov_numvfs\}\s*=\s*"?(\d+)|(\d+)"?\s*>\s*\S*sriov_numvfs/.exec(line);
  const value = m ? Number(m[1] ?? m[2]) : undefined;
  return value !== undefined && Number.isSafeInteger(value) ? value : undefined;
}

function hit(kind: PersistenceKind, path: string, line: string, subjects: PersistenceSubject[], vfCount: number | undefined): PersistenceHit {
  return { kind, path, line: clip(line.trim()), ...(vfCount !== undefined ? { vfCount } : {}), subjects };
}

export function parseUdevRules(text: string, path: string): PersistenceHit[] {
  const hits: PersistenceHit[] = [];
  for (const rule of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = rule.trim();
    if (line === '' || line.startsWith('#') || !line.includes('sriov_numvfs')) continue;
    const subjects: PersistenceSubject[] = [];
    for (const m of line.matchAll(/\b(KERNELS?|NAME|ATTRS?\{address\}|ENV\{ID_NET_DRIVER\}|DRIVERS?|ENV\{INTERFACE\}|ENV\{ID_PATH\})\s*==\s*"([^"]*)"/g)) {
      const key = m[1] as string;
      for (const value of (m[2] as string).split('|')) {
        if (key.startsWith('ATTR')) subjects.push({ kind: 'mac', value: value.toLowerCase() });
        else if (key.includes('DRIVER')) subjects.push({ kind: 'driver', value });
        else if (key === 'ENV{ID_PATH}') subjects.push(subjectOf(value.replace(/^pci-/, ''), 'address'));
        else subjects.push(subjectOf(value, 'name'));
      }
    }
    subjects.push(...subjectsInPaths(line));
    hits.push(hit('udev-rule', path, line, subjects, countIn(line)));
  }
  return hits;
}

/** INI-style files (systemd.link, NetworkManager keyfiles): section → key → values, comments dropped. */
function iniSections(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current = new Map<string, string[]>();
  sections.set('', current);
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[([^\]]+)\]$/.exec(line);
    if (section) {
      current = sections.get(section[1] as string) ?? new Map();
      sections.set(section[1] as string, current);
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    current.set(key, [...(current.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return sections;
}

export function parseSystemdLink(text: string, path: string): PersistenceHit[] {
  const sections = iniSections(text);
  const count = sections.get('Link')?.get('SR-IOVVirtualFunctions')?.at(-1);
  if (count === undefined) return [];
  const match = sections.get('Match') ?? new Map<string, string[]>();
  const words = (key: string) => (match.get(key) ?? []).flatMap((v) => v.split(/\s+/)).filter(Boolean);
  const subjects: PersistenceSubject[] = [
    ...words('OriginalName').map((value) => ({ kind: 'name' as const, value })),
    ...[...words('MACAddress'), ...words('PermanentMACAddress')].map((value) => ({ kind: 'mac' as const, value: value.toLowerCase() })),
    ...words('Path').map((value) => ({ kind: 'address' as const, value: value.replace(/^pci-/, '') })),
    ...words('Driver').map((value) => ({ kind: 'driver' as const, value })),
  ];
  const vfCount = /^\d+$/.test(count) ? Number(count) : undefined;
  return [hit('systemd-link', path, `SR-IOVVirtualFunctions=${count}`, subjects, vfCount)];
}

export function parseNetworkManagerKeyfile(text: string, path: string): PersistenceHit[] {
  const sections = iniSections(text);
  const total = sections.get('sriov')?.get('total-vfs')?.at(-1);
  if (total === undefined || !/^\d+$/.test(total) || Number(total) === 0) return [];
  const name = sections.get('connection')?.get('interface-name')?.at(-1);
  const mac = sections.get('ethernet')?.get('mac-address')?.at(-1);
  const subjects: PersistenceSubject[] = [
    ...(name ? [{ kind: 'name' as const, value: name }] : []),
    ...(mac ? [{ kind: 'mac' as const, value: mac.toLowerCase() }] : []),
  ];
  return [hit('networkmanager', path, `[sriov] total-vfs=${total}`, subjects, Number(total))];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const words = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map(String);

/** A netplan file, as its YAML document (the reader parses the YAML; undefined for invalid YAML sets nothing). */
export function netplanHits(doc: unknown, path: string): PersistenceHit[] {
  const ethernets = isRecord(doc) && isRecord(doc.network) ? doc.network.ethernets : undefined;
  if (!isRecord(ethernets)) return [];
  const hits: PersistenceHit[] = [];
  for (const [id, config] of Object.entries(ethernets)) {
    if (!isRecord(config) || config['virtual-function-count'] === undefined) continue;
    const count = Number(config['virtual-function-count']);
    const match = isRecord(config.match) ? config.match : {};
    const subjects: PersistenceSubject[] = [
      ...words(match.name).map((value) => ({ kind: 'name' as const, value })),
      ...words(match.macaddress).map((value) => ({ kind: 'mac' as const, value: value.toLowerCase() })),
      ...words(match.driver).map((value) => ({ kind: 'driver' as const, value })),
    ];
    // Without a match block the id is the interface name.
    if (subjects.length === 0) subjects.push({ kind: 'name', value: id });
    hits.push(hit('netplan', path, `ethernets.${id}.virtual-function-count: ${String(config['virtual-function-count'])}`, subjects, Number.isSafeInteger(count) ? count : undefined));
  }
  return hits;
}

/** Module parameters that create VFs at load (igb/ixgbe max_vfs, mlx4/bnx2x-era num_vfs). */
const VF_PARAMETERS = /^(?:max_vfs|num_vfs)$/;

export function parseModprobeConf(text: string, path: string): PersistenceHit[] {
  const hits: PersistenceHit[] = [];
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    const m = /^options\s+(\S+)\s+(.*)$/.exec(line);
    if (!m) continue;
    for (const option of (m[2] as string).split(/\s+/)) {
      const [key, value] = option.split('=', 2) as [string, string | undefined];
      if (!VF_PARAMETERS.test(key) || value === undefined) continue;
      const count = Math.max(...value.split(',').map(Number).filter(Number.isSafeInteger));
      hits.push(hit('modprobe', path, line, [{ kind: 'driver', value: (m[1] as string).replace(/-/g, '_') }], Number.isFinite(count) ? count : undefined));
    }
  }
  return hits;
}

export function vfParametersOnCmdline(params: readonly KernelParameter[]): PersistenceHit[] {
  const hits: PersistenceHit[] = [];
  for (const p of params) {
    const dot = p.name.indexOf('.');
    if (dot <= 0 || !VF_PARAMETERS.test(p.name.slice(dot + 1)) || p.value === undefined) continue;
    const count = Math.max(...p.value.split(',').map(Number).filter(Number.isSafeInteger));
    hits.push(hit('kernel-cmdline', '/proc/cmdline', p.raw, [{ kind: 'driver', value: p.name.slice(0, dot).replace(/-/g, '_') }], Number.isFinite(count) ? count : undefined));
  }
  return hits;
}

/** The sriov-network-operator's interface config, as its YAML document. */
export function sriovOperatorHits(doc: unknown, path: string): PersistenceHit[] {
  const interfaces = isRecord(doc) && Array.isArray(doc.interfaces) ? doc.interfaces : [];
  return interfaces.filter(isRecord).flatMap((item) => {
    if (item.pciAddress === undefined) return [];
    const subjects: PersistenceSubject[] = [subjectOf(String(item.pciAddress), 'address'), ...(item.name ? [{ kind: 'name' as const, value: String(item.name) }] : [])];
    const count = Number(item.numVfs);
    return [hit('sriov-operator', path, `pciAddress: ${String(item.pciAddress)}, numVfs: ${String(item.numVfs)}`, subjects, Number.isSafeInteger(count) ? count : undefined)];
  });
}

export function parseSystemdUnit(text: string, path: string): PersistenceHit[] {
  const hits: PersistenceHit[] = [];
  for (const raw of text.replace(/\\\n/g, ' ').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || !line.includes('sriov_numvfs')) continue;
    hits.push(hit('systemd-unit', path, line, subjectsInPaths(line), countIn(line)));
  }
  return hits;
}

/** udev and systemd globs: `*`, `?`, `[…]`, and `|` between alternatives (udev). */
export function globMatches(pattern: string, value: string): boolean {
  return pattern.split('|').some((alt) => {
    if (!/[*?[]/.test(alt)) return alt === value;
    const source = alt.replace(/[.+^${}()\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    try {
      return new RegExp(`^${source}$`).test(value);
    } catch {
      return false;
    }
  });
}
