// Parsing `--plan FILE`: one document with `workloads:` (docs/plan.md), or one or more
// SriovNetworkNodePolicy objects (sriovnetwork.openshift.io/v1; also inside a `kind: List`, as `kubectl get -o
// yaml` prints them). Field names, types and limits follow the operator's API (api/v1
// sriovnetworknodepolicy_types.go and its kubebuilder validation); anything else is an error naming its line.

import { isPciAddress, normalizePciAddress } from '../parse/sysfs-values.js';
import type { NicSelector, NodePolicy, PfSelector, Plan, RangedDevice, Workload } from './plan-types.js';
import { YamlFile, type Field } from './yaml-fields.js';

const WORKLOAD_KEYS = ['name', 'vfs', 'pf', 'numaNode', 'driver', 'minLinkSpeedMbps', 'trust', 'spoofCheck'];
const SELECTOR_KEYS = ['names', 'pciAddresses', 'vendor', 'device', 'model'];
const POLICY_KEYS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC_KEYS = [
  'resourceName', 'nodeSelector', 'priority', 'mtu', 'numVfs', 'nicSelector', 'deviceType', 'isRdma', 'needVhostNet', 'linkType',
  'eSwitchMode', 'vdpaType', 'excludeTopology', 'externallyManaged', 'bridge', 'eSwitchParams',
];
const NIC_SELECTOR_KEYS = ['vendor', 'deviceID', 'rootDevices', 'pfNames', 'netFilter'];
export const POLICY_API_VERSION = 'sriovnetwork.openshift.io/v1';

const HEX4 = /^[0-9a-f]{4}$/;

export function parsePlan(name: string, text: string): Plan {
  const file = new YamlFile(name, text);
  if (file.documents.length === 0) file.fail({ line: 1, path: '' }, 'empty: expected `workloads:` or SriovNetworkNodePolicy objects');
  const first = file.documents[0] as Field;
  const top = file.object(first, [...new Set([...POLICY_KEYS, 'workloads', 'items'])]);
  if (top.has('workloads')) {
    if (file.documents.length > 1) file.fail(file.documents[1] as Field, 'a plan with `workloads:` is one document');
    for (const [key, field] of top) if (key !== 'workloads') file.fail(field, 'unknown field (a plan has only `workloads:`)');
    const workloads = file.list(top.get('workloads') as Field).map((w) => workload(file, w));
    const seen = new Map<string, number>();
    for (const w of workloads) {
      if (seen.has(w.name)) file.fail({ line: w.line, path: '' }, `workload ${w.name} is named twice (first on line ${seen.get(w.name)})`);
      seen.set(w.name, w.line);
    }
    return { kind: 'workloads', workloads };
  }
  const policies: NodePolicy[] = [];
  for (const doc of file.documents) {
    const fields = file.object(doc, [...POLICY_KEYS, 'items']);
    const kind = fields.get('kind');
    if (kind && file.string(kind) === 'List') {
      for (const item of file.list(fields.get('items') ?? file.fail(doc, 'a List needs items'))) policies.push(policy(file, item));
    } else policies.push(policy(file, doc));
  }
  return { kind: 'policies', policies };
}

function workload(file: YamlFile, field: Field): Workload {
  const f = file.object(field, WORKLOAD_KEYS);
  const need = (key: string) => f.get(key) ?? file.fail(field, `missing ${key}`);
  const opt = <T>(key: string, read: (x: Field) => T): T | undefined => (f.has(key) ? read(f.get(key) as Field) : undefined);
  const pf = opt('pf', (x) => selector(file, x));
  const numaNode = opt('numaNode', (x) => file.integer(x, 0, 1023));
  const driver = opt('driver', (x) => file.string(x));
  const minLinkSpeedMbps = opt('minLinkSpeedMbps', (x) => file.integer(x, 1, 10_000_000));
  const trust = opt('trust', (x) => file.boolean(x));
  const spoofCheck = opt('spoofCheck', (x) => file.boolean(x));
  return {
    name: file.string(need('name')),
    line: field.line,
    vfs: file.integer(need('vfs'), 1, 65535),
    ...(pf ? { pf } : {}),
    ...(numaNode !== undefined ? { numaNode } : {}),
    ...(driver !== undefined ? { driver } : {}),
    ...(minLinkSpeedMbps !== undefined ? { minLinkSpeedMbps } : {}),
    ...(trust !== undefined ? { trust } : {}),
    ...(spoofCheck !== undefined ? { spoofCheck } : {}),
  };
}

function hex4(file: YamlFile, field: Field): string {
  const value = file.token(field).toLowerCase().replace(/^0x/, '');
  if (!HEX4.test(value)) file.fail(field, 'expected 4 hex digits, such as 8086');
  return value;
}

function pciAddress(file: YamlFile, field: Field, text: string): string {
  const address = normalizePciAddress(text);
  if (address === undefined || !isPciAddress(address)) file.fail(field, `${text}: expected a PCI address such as 0000:3b:00.0`);
  return address;
}

function selector(file: YamlFile, field: Field): PfSelector {
  const f = file.object(field, SELECTOR_KEYS);
  if (f.size === 0) file.fail(field, 'an empty selector: leave `pf` out to allow any PF');
  const names = f.has('names') ? file.strings(f.get('names') as Field) : undefined;
  const addressField = f.get('pciAddresses');
  const pciAddresses = addressField ? file.strings(addressField).map((a) => pciAddress(file, addressField, a)) : undefined;
  const vendor = f.has('vendor') ? hex4(file, f.get('vendor') as Field) : undefined;
  const device = f.has('device') ? hex4(file, f.get('device') as Field) : undefined;
  const model = f.has('model') ? file.string(f.get('model') as Field) : undefined;
  return { ...(names ? { names } : {}), ...(pciAddresses ? { pciAddresses } : {}), ...(vendor ? { vendor } : {}), ...(device ? { device } : {}), ...(model ? { model } : {}), line: field.line };
}

/** `ens1f0#2-7` or `0000:3b:00.0#0-3`: the device and its VF range (the operator's ParseVfRange). */
function ranged(file: YamlFile, field: Field, text: string): RangedDevice {
  const hash = text.indexOf('#');
  if (hash < 0) return { device: text };
  const match = /^(\d+)-(\d+)$/.exec(text.slice(hash + 1));
  if (!match || Number(match[1]) > Number(match[2])) file.fail(field, `${text}: a VF range is #first-last with first ≤ last, such as ens1f0#0-3`);
  return { device: text.slice(0, hash), first: Number(match[1]), last: Number(match[2]) };
}

function nicSelector(file: YamlFile, field: Field): NicSelector {
  const f = file.object(field, NIC_SELECTOR_KEYS);
  const list = (key: string) => {
    const x = f.get(key);
    return x ? file.strings(x).map((text) => ranged(file, x, text)) : [];
  };
  const rootDevices = list('rootDevices').map((d) => ({ ...d, device: pciAddress(file, f.get('rootDevices') as Field, d.device) }));
  return {
    ...(f.has('vendor') ? { vendor: hex4(file, f.get('vendor') as Field) } : {}),
    ...(f.has('deviceID') ? { deviceID: hex4(file, f.get('deviceID') as Field) } : {}),
    pfNames: list('pfNames'),
    rootDevices,
    ...(f.has('netFilter') ? { netFilter: file.string(f.get('netFilter') as Field) } : {}),
    line: field.line,
  };
}

function policy(file: YamlFile, field: Field): NodePolicy {
  const top = file.object(field, POLICY_KEYS);
  const need = (fields: Map<string, Field>, key: string, parent: Field) => fields.get(key) ?? file.fail(parent, `missing ${key}`);
  const apiVersion = file.string(need(top, 'apiVersion', field));
  const kind = file.string(need(top, 'kind', field));
  if (kind !== 'SriovNetworkNodePolicy') file.fail(top.get('kind') as Field, `${kind}: expected SriovNetworkNodePolicy (or a List of them)`);
  if (apiVersion !== POLICY_API_VERSION) file.fail(top.get('apiVersion') as Field, `${apiVersion}: expected ${POLICY_API_VERSION}`);
  const metadata = need(top, 'metadata', field);
  // metadata as `kubectl get -o yaml` prints it has many fields; only the name matters here.
  const meta = file.object(metadata, 'any');
  const name = file.string(need(meta, 'name', metadata));
  const specField = need(top, 'spec', field);
  const spec = file.object(specField, SPEC_KEYS);
  const opt = <T>(key: string, read: (x: Field) => T): T | undefined => (spec.has(key) ? read(spec.get(key) as Field) : undefined);
  // nodeSelector is a map of label values: checked for its shape; which nodes it picks is not this host's to know.
  opt('nodeSelector', (x) => [...file.object(x, 'any').values()].forEach((value) => file.token(value)));
  const numVfs = need(spec, 'numVfs', specField);
  const mtu = opt('mtu', (x) => file.integer(x, 1, 65535));
  const linkType = opt('linkType', (x) => file.oneOf(x, ['eth', 'ETH', 'ib', 'IB']));
  const eSwitchMode = opt('eSwitchMode', (x) => file.oneOf(x, ['legacy', 'switchdev'] as const));
  opt('vdpaType', (x) => file.oneOf(x, ['virtio', 'vhost']));
  opt('needVhostNet', (x) => file.boolean(x));
  return {
    name,
    line: field.line,
    resourceName: file.string(need(spec, 'resourceName', specField)),
    numVfs: file.integer(numVfs, 0, 65535),
    numVfsLine: numVfs.line,
    nicSelector: nicSelector(file, need(spec, 'nicSelector', specField)),
    deviceType: opt('deviceType', (x) => file.oneOf(x, ['netdevice', 'vfio-pci'] as const)) ?? 'netdevice',
    isRdma: opt('isRdma', (x) => file.boolean(x)) ?? false,
    ...(mtu !== undefined ? { mtu } : {}),
    ...(linkType !== undefined ? { linkType } : {}),
    ...(eSwitchMode !== undefined ? { eSwitchMode } : {}),
    excludeTopology: opt('excludeTopology', (x) => file.boolean(x)) ?? false,
    externallyManaged: opt('externallyManaged', (x) => file.boolean(x)) ?? false,
    priority: opt('priority', (x) => file.integer(x, 0, 99)) ?? 0,
  };
}
