// A saved JSON report (`sriov-check --output json`, GET /readiness) read back as a ReportView, for `diff`.
// It holds less than a snapshot: no links, and VFs only when the report lists them (`vfs`, with holders and
// IOMMU groups where it has them). Every field is checked; a wrong one is an error naming its place.

import { LAYERS, STATUSES, type Layer, type Status } from '../checks/check-types.js';
import { UserError } from '../user-error.js';
import type { Verdict } from './report.js';
import type { ConsumerKind } from '../attribution/consumer-types.js';
import { iommuState, type CheckRow, type PfRow, type ReportView, type VfRow } from './report-view.js';

export class ReportFileError extends UserError {}

const VERDICTS: readonly Verdict[] = ['ready', 'degraded', 'not-ready'];
const KINDS: readonly ConsumerKind[] = ['vm', 'pod', 'dpdk', 'process', 'host', 'none', 'unknown'];

type Json = Record<string, unknown>;

/** Whether a parsed JSON document looks like a sriov-check report (rather than a snapshot or anything else). */
export function isJsonReport(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && 'schema_version' in doc && 'checks' in doc && 'verdict' in doc;
}

export function viewFromJsonReport(doc: unknown, name: string): ReportView {
  const fail = (where: string, what: string): never => {
    throw new ReportFileError(`${name}: ${where}: ${what}`);
  };
  const object = (value: unknown, where: string): Json => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : fail(where, 'expected an object'));
  const list = (value: unknown, where: string): unknown[] => (Array.isArray(value) ? value : fail(where, 'expected a list'));
  const text = (o: Json, key: string, where: string): string => (typeof o[key] === 'string' ? (o[key] as string) : fail(`${where}.${key}`, 'expected a string'));
  const optionalText = (o: Json, key: string, where: string): string | undefined => (o[key] === undefined || o[key] === null ? undefined : text(o, key, where));
  const optionalNumber = (o: Json, key: string, where: string): number | undefined =>
    o[key] === undefined || o[key] === null ? undefined : typeof o[key] === 'number' ? (o[key] as number) : fail(`${where}.${key}`, 'expected a number');
  const oneOf = <T extends string>(o: Json, key: string, where: string, allowed: readonly T[]): T => {
    const value = text(o, key, where) as T;
    return allowed.includes(value) ? value : fail(`${where}.${key}`, `expected ${allowed.join(', ')}, found ${JSON.stringify(value)}`);
  };

  const root = object(doc, 'the document');
  const tool = object(root.tool, 'tool');
  // A Windows Hyper-V host's report has no host (null) but the document it came from, and adapters without a PCI address.
  const host = root.host === undefined || root.host === null ? {} : object(root.host, 'host');
  const hyperv = root.hyperv === undefined || root.hyperv === null ? undefined : object(root.hyperv, 'hyperv');
  const source = host.source === undefined ? {} : object(host.source, 'host.source');
  const checks: CheckRow[] = list(root.checks, 'checks').map((value, i) => {
    const where = `checks[${i}]`;
    const c = object(value, where);
    const remediation = optionalText(c, 'remediation', where);
    return {
      id: text(c, 'id', where),
      layer: oneOf<Layer>(c, 'layer', where, LAYERS),
      subject: text(c, 'subject', where),
      status: oneOf<Status>(c, 'status', where, STATUSES),
      title: optionalText(c, 'title', where) ?? text(c, 'id', where),
      summary: text(c, 'summary', where),
      ...(remediation ? { remediation } : {}),
      evidence: c.evidence === undefined ? [] : list(c.evidence, `${where}.evidence`).map((e, j) => (typeof e === 'string' ? e : fail(`${where}.evidence[${j}]`, 'expected a string'))),
    };
  });
  const pfs: PfRow[] = list(root.pfs ?? [], 'pfs').map((value, i) => {
    const where = `pfs[${i}]`;
    const p = object(value, where);
    const fields = {
      netdev: optionalText(p, 'netdev', where),
      vendorId: optionalText(p, 'vendor_id', where),
      deviceId: optionalText(p, 'device_id', where),
      vendor: optionalText(p, 'vendor', where),
      model: optionalText(p, 'model', where),
      family: optionalText(p, 'family', where),
      driver: optionalText(p, 'driver', where),
      numaNode: optionalNumber(p, 'numa_node', where),
      vfsSupported: optionalNumber(p, 'vfs_supported', where),
      vfsEnabled: optionalNumber(p, 'vfs_enabled', where),
      iommuGroup: optionalText(p, 'iommu_group', where),
      speedMbps: optionalNumber(p, 'speed_mbps', where),
      vfsFree: optionalNumber(p, 'vfs_free', where),
    };
    const address = optionalText(p, 'pci_address', where) ?? '';
    return {
      pciAddress: address,
      subject: fields.netdev ?? address,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
      ...(typeof p.link_up === 'boolean' ? { linkUp: p.link_up } : {}),
      selected: p.selected !== false,
      verdict: oneOf<Verdict>(p, 'verdict', where, VERDICTS),
    } as PfRow;
  });
  const pfSubject = new Map(pfs.map((pf) => [pf.pciAddress, pf.subject]));
  const vfDocs = root.vfs === undefined ? undefined : list(root.vfs, 'vfs');
  const vfs: VfRow[] = (vfDocs ?? []).map((value, i) => {
    const where = `vfs[${i}]`;
    const v = object(value, where);
    const pf = text(v, 'pf', where);
    const pfAddress = optionalText(v, 'pf_address', where) ?? pfs.find((p) => p.subject === pf || p.pciAddress === pf)?.pciAddress ?? pf;
    const kind = v.consumer_kind === undefined || v.consumer_kind === null ? undefined : oneOf<ConsumerKind>(v, 'consumer_kind', where, KINDS);
    const consumer = optionalText(v, 'consumer', where);
    const namespace = optionalText(v, 'consumer_namespace', where);
    const netdev = optionalText(v, 'netdev', where);
    const numa = optionalNumber(v, 'numa_node', where);
    const driver = optionalText(v, 'driver', where);
    const group = optionalText(v, 'iommu_group', where);
    const index = optionalNumber(v, 'vf', where) ?? fail(`${where}.vf`, 'expected a number');
    return {
      pciAddress: text(v, 'pci_address', where),
      pf: pfSubject.get(pfAddress) ?? pf,
      pfAddress,
      index,
      ...(driver ? { driver } : {}),
      ...(netdev ? { netdev } : {}),
      ...(group ? { iommuGroup: group } : {}),
      ...(numa !== undefined ? { numaNode: numa } : {}),
      ...(kind ? { consumer: { kind, ...(consumer ? { name: consumer } : {}), ...(namespace ? { namespace } : {}) } } : {}),
    };
  });
  const release = optionalText(host, 'kernel_release', 'host');
  const vfsRequired = optionalNumber(root, 'vfs_required', 'the document');
  return {
    tool: { name: text(tool, 'name', 'tool'), version: text(tool, 'version', 'tool') },
    host: source.live === true || hyperv?.live === true ? 'this host' : typeof source.rootfs === 'string' ? source.rootfs : typeof hyperv?.origin === 'string' ? hyperv.origin : name,
    ...(release !== undefined ? { kernelRelease: release } : {}),
    verdict: oneOf<Verdict>(root, 'verdict', 'the document', VERDICTS),
    ...(vfsRequired !== undefined ? { vfsRequired } : {}),
    checks,
    pfs,
    vfs,
    iommu: iommuState(checks),
    consumersKnown: vfs.length > 0 && vfs.every((vf) => vf.consumer !== undefined),
  };
}

/** Whether the report listed VFs at all (older reports did not: their VFs cannot be compared). */
export function listsVfs(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && Array.isArray((doc as Json).vfs);
}
