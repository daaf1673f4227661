// Saving and loading snapshots. A snapshot file comes from elsewhere (a customer's host, a support ticket),
// so loading validates its shape field by field: a garbage or truncated file is a one-line error, never a
// crash somewhere inside the checks.

import * as fs from 'node:fs';
import { LOG_SIGNATURES } from '../parse/kernel-log.js';
import { ACPI_IOMMU_TABLES, DMI_FIELDS } from '../readers/platform-reader.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type HostSnapshot } from './snapshot-types.js';
import { UserError } from '../user-error.js';

export class SnapshotError extends UserError {}

export function serializeSnapshot(snapshot: HostSnapshot): string {
  return `${JSON.stringify(snapshot, null, 1)}\n`;
}

export function writeSnapshotFile(file: string, snapshot: HostSnapshot): void {
  try {
    fs.writeFileSync(file, serializeSnapshot(snapshot));
  } catch (error) {
    throw new SnapshotError(`cannot write snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export function readSnapshotFile(file: string): HostSnapshot {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SnapshotError(`cannot read snapshot ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  return parseSnapshot(text, file);
}

export function parseSnapshot(text: string, name = 'snapshot'): HostSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SnapshotError(`${name} is not valid JSON (${(error as Error).message}); was the file truncated?`);
  }
  const problem = validateSnapshot(value);
  if (problem) throw new SnapshotError(`${name} is not a sriov-check host snapshot: ${problem}`);
  return value as HostSnapshot;
}

type Check = (value: unknown, at: string) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} should be a string`);
const num: Check = (v, at) => (typeof v === 'number' && Number.isFinite(v) ? undefined : `${at} should be a number`);
const bool: Check = (v, at) => (typeof v === 'boolean' ? undefined : `${at} should be true or false`);
const issue: Check = (v, at) =>
  isObject(v) && v.kind === 'issue' && typeof v.path === 'string' && typeof v.code === 'string' ? undefined : `${at} is not a read issue`;

/** A fact: absent, an issue, or a value that passes `inner`. */
const fact = (inner: Check): Check => (v, at) => (v === undefined || (isObject(v) && v.kind === 'issue') ? (v === undefined ? undefined : issue(v, at)) : inner(v, at));
const optional = (inner: Check): Check => (v, at) => (v === undefined ? undefined : inner(v, at));
const nullable = (inner: Check): Check => (v, at) => (v === null ? undefined : inner(v, at));
const arrayOf = (inner: Check): Check => (v, at) => {
  if (!Array.isArray(v)) return `${at} should be a list`;
  for (let i = 0; i < v.length; i++) {
    const p = inner(v[i], `${at}[${i}]`);
    if (p) return p;
  }
  return undefined;
};
const recordOf = (inner: Check): Check => (v, at) => {
  if (!isObject(v)) return `${at} should be an object`;
  for (const [k, x] of Object.entries(v)) {
    const p = inner(x, `${at}.${k}`);
    if (p) return p;
  }
  return undefined;
};
const shape = (fields: Record<string, Check>): Check => (v, at) => {
  if (!isObject(v)) return `${at} should be an object`;
  for (const [k, c] of Object.entries(fields)) {
    const p = c(v[k], `${at}.${k}`);
    if (p) return p;
  }
  return undefined;
};
const oneOf = (...values: string[]): Check => (v, at) => (typeof v === 'string' && values.includes(v) ? undefined : `${at} should be one of ${values.join(', ')}`);

const linkSpeed = nullable(shape({ gts: num, text: str }));
const pciConfig = shape({ size: num, vendorId: str, deviceId: str, capabilitiesReadable: bool, extendedReadable: bool, problems: arrayOf(str) });

const pciDevice = shape({
  address: str,
  devicePath: str,
  upstream: arrayOf(str),
  vendorId: fact(str),
  deviceId: fact(str),
  classCode: fact(str),
  subsystemVendorId: fact(str),
  subsystemDeviceId: fact(str),
  driver: fact(str),
  numaNode: fact(num),
  iommuGroup: fact(str),
  ariEnabled: fact(bool),
  currentLinkSpeed: fact(linkSpeed),
  currentLinkWidth: fact(nullable(num)),
  maxLinkSpeed: fact(linkSpeed),
  maxLinkWidth: fact(nullable(num)),
  physfn: optional(str),
  vfIndex: optional(num),
  sriov: optional(
    shape({
      totalVfs: fact(num),
      numVfs: fact(num),
      offset: fact(num),
      stride: fact(num),
      vfDeviceId: fact(str),
      driversAutoprobe: fact(bool),
      vfTotalMsix: fact(num),
    }),
  ),
  virtfns: optional(arrayOf(shape({ index: num, address: fact(str) }))),
  netdevs: fact(arrayOf(str)),
  config: fact(pciConfig),
  iovResources: fact(arrayOf(shape({ start: str, end: str, flags: str }))),
  secondaryBus: fact(num),
  subordinateBus: fact(num),
});

const netDevice = shape({
  name: str,
  pciAddress: str,
  operstate: fact(str),
  carrier: fact(bool),
  speedMbps: fact(num),
  address: fact(str),
  mtu: fact(num),
  rxQueues: fact(num),
  txQueues: fact(num),
  physPortName: fact(str),
  physSwitchId: fact(str),
});

const topologyVf = shape({
  index: num,
  address: str,
  devicePath: str,
  driver: optional(str),
  netdev: optional(str),
  numaNode: optional(num),
  iommuGroup: optional(str),
  representor: optional(str),
});

const topology = shape({
  pfs: arrayOf(
    shape({
      address: str,
      label: str,
      netdev: optional(str),
      devicePath: str,
      vendorId: optional(str),
      deviceId: optional(str),
      driver: optional(str),
      totalVfs: optional(num),
      numVfs: optional(num),
      switchdev: optional(shape({ switchId: optional(str), otherRepresentors: arrayOf(str) })),
      vfs: arrayOf(topologyVf),
    }),
  ),
});

const fields = (names: readonly string[], inner: Check) => shape(Object.fromEntries(names.map((n) => [n, inner])));

const platform = shape({
  cpu: fact(shape({ arch: oneOf('x86', 'arm', 'other'), vendorId: optional(str), modelName: optional(str), flags: arrayOf(str) })),
  acpiTables: fields(ACPI_IOMMU_TABLES, fact(shape({ readable: bool, length: optional(num), oemId: optional(str), oemTableId: optional(str), dmarFlags: optional(num) }))),
  dmi: fields(DMI_FIELDS, fact(str)),
  hypervisorType: fact(str),
  vmbus: fact(bool),
  lockdown: fact(oneOf('none', 'integrity', 'confidentiality')),
  securityfs: fact(bool),
  os: fact(shape({ id: str, idLike: arrayOf(str), versionId: optional(str), prettyName: optional(str) })),
  boot: shape({ grubDefaults: bool, kernelCmdlineFile: bool, ostree: bool }),
});

const iommu = shape({
  units: fact(arrayOf(shape({ name: str, kind: oneOf('intel', 'amd', 'other'), cap: fact(str), ecap: fact(str), interruptRemapping: optional(bool), version: fact(str), features: fact(str) }))),
  groupCount: fact(num),
  groups: recordOf(shape({ type: fact(str), name: fact(str) })),
  interrupts: fact(shape({ remapped: num, notRemapped: num, chips: arrayOf(str) })),
});

const kernelLog = shape({
  sources: arrayOf(
    shape({ path: str, origin: oneOf('option', 'host'), bytes: optional(num), truncated: optional(bool), issue: optional(issue), stale: optional(bool), coversBoot: optional(bool) }),
  ),
  lines: arrayOf(shape({ signature: oneOf(...LOG_SIGNATURES.map((l) => l.id)), address: optional(str), text: str })),
});

const virtualization = shape({
  devVisible: fact(bool),
  kvmDevice: fact(bool),
  vfioDevice: fact(bool),
  moduleParameters: recordOf(fact(shape({ value: str, enabled: optional(bool) }))),
  qemuBinaries: arrayOf(str),
  libvirtDaemons: arrayOf(str),
  libvirtSockets: arrayOf(str),
  issues: arrayOf(issue),
});

const vfPersistence = shape({
  hits: arrayOf(
    shape({
      kind: oneOf('udev-rule', 'systemd-link', 'networkmanager', 'netplan', 'modprobe', 'kernel-cmdline', 'sriov-operator', 'systemd-unit'),
      path: str,
      line: str,
      vfCount: optional(num),
      subjects: arrayOf(shape({ kind: oneOf('name', 'address', 'mac', 'driver'), value: str })),
    }),
  ),
  issues: arrayOf(issue),
});

const snapshotShape = shape({
  tool: shape({ name: str, version: str }),
  takenAt: str,
  source: shape({ rootfs: str, sysfs: str, procfs: str, live: bool, euid: optional(num), pciListIssue: optional(issue) }),
  system: shape({ consulted: bool, note: optional(str) }),
  kernel: shape({
    release: fact(str),
    cmdline: fact(str),
    parameters: fact(arrayOf(shape({ name: str, value: optional(str), enabled: optional(bool), raw: str }))),
    loadedModules: fact(arrayOf(str)),
    modulesDir: optional(str),
    modules: recordOf(fact(oneOf('loaded', 'builtin', 'on-disk', 'absent'))),
    pciAliases: recordOf(fact(arrayOf(str))),
  }),
  numaNodes: fact(num),
  pciDevices: arrayOf(pciDevice),
  netDevices: arrayOf(netDevice),
  topology,
  names: shape({ source: str, vendors: recordOf(str), devices: recordOf(str) }),
  platform,
  iommu,
  kernelLog,
  virtualization,
  vfPersistence,
});

export function validateSnapshot(value: unknown): string | undefined {
  if (!isObject(value)) return 'the top level is not an object';
  if (value.format !== SNAPSHOT_FORMAT) return `format is ${JSON.stringify(value.format)}, expected "${SNAPSHOT_FORMAT}"`;
  if (value.version !== SNAPSHOT_VERSION) return `version ${JSON.stringify(value.version)} is not supported (this tool reads version ${SNAPSHOT_VERSION})`;
  return snapshotShape(value, 'snapshot');
}

