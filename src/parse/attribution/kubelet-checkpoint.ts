// The kubelet device manager's checkpoint, /var/lib/kubelet/device-plugins/kubelet_internal_checkpoint
// (pkg/kubelet/cm/devicemanager/checkpoint): which devices of which resource each pod's container got.
//   {"Data":{"PodDeviceEntries":[{"PodUID":"…","ContainerName":"app","ResourceName":"intel.com/sriov",
//     "DeviceIDs":{"0":["0000:3b:02.1"],"-1":["0000:3b:02.3"]},"AllocResp":"…"}],"RegisteredDevices":{…}},
//    "Checksum":229855270,"BootID":"…"}
// DeviceIDs is a map NUMA node → IDs since Kubernetes 1.20 (keys are strings; -1 = no topology; one device can
// sit under several nodes) and a plain list before (PodDevicesEntryV1): both are read. Multi-NUMA duplicates
// are dropped, and so are IDs that are not PCI addresses (`mlx5_core.sf.2` for a subfunction). The order of
// the IDs is not stable (multus#367), so nothing depends on it. AllocResp is never decoded.

import { normalizePciAddress } from '../sysfs-values.js';
import { isIssue, type Parsed, parseIssue } from '../../fact.js';
import { isRecord, parseJson, stringField } from './json-fields.js';

export interface CheckpointEntry {
  readonly podUid: string;
  readonly container: string;
  readonly resource: string;
  /** PCI addresses, each once. */
  readonly devices: readonly string[];
}

export interface KubeletCheckpoint {
  readonly entries: readonly CheckpointEntry[];
  /** `list` before Kubernetes 1.20, `numa` after. */
  readonly format: 'list' | 'numa';
  /** Entries left out: not the shape of one. */
  readonly skipped: number;
}

export function parseKubeletCheckpoint(text: string): Parsed<KubeletCheckpoint> {
  const json = parseJson(text);
  if (isIssue(json)) return json;
  const data = isRecord(json.json) ? json.json.Data : undefined;
  if (!isRecord(data)) return parseIssue('ESHAPE', 'no "Data" object');
  const raw = data.PodDeviceEntries;
  if (raw === null || raw === undefined) return ({ entries: [], format: 'numa', skipped: 0 }); // Go's nil slice
  if (!Array.isArray(raw)) return parseIssue('ESHAPE', '"PodDeviceEntries" is not a list');
  const entries: CheckpointEntry[] = [];
  let skipped = 0;
  let format: 'list' | 'numa' | undefined;
  for (const item of raw) {
    const entry = isRecord(item) ? item : {};
    const podUid = stringField(entry, 'PodUID');
    const container = stringField(entry, 'ContainerName');
    const resource = stringField(entry, 'ResourceName');
    const ids = deviceIds(entry.DeviceIDs);
    if (!podUid || container === undefined || !resource || ids === undefined) {
      skipped++;
      continue;
    }
    format ??= ids.format;
    const devices = [...new Set(ids.values.map((id) => normalizePciAddress(id)).filter((a): a is string => a !== undefined))];
    entries.push({ podUid, container, resource, devices });
  }
  return ({ entries, format: format ?? 'numa', skipped });
}

function deviceIds(value: unknown): { values: string[]; format: 'list' | 'numa' } | undefined {
  if (Array.isArray(value)) return { values: value.filter((v): v is string => typeof v === 'string'), format: 'list' };
  if (!isRecord(value)) return undefined;
  const values: string[] = [];
  for (const [node, ids] of Object.entries(value)) {
    if (!/^-?\d+$/.test(node) || !Array.isArray(ids)) return undefined;
    for (const id of ids) if (typeof id === 'string') values.push(id);
  }
  return { values, format: 'numa' };
}
