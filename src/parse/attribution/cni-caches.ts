// The CNI caches that tie a netdevice-mode VF to the pod whose network namespace it was moved into
// (reference vf-attribution.md §4, all root 0600):
// - libcni's result cache, written by Multus per delegate (/var/lib/cni/multus/results) and by the runtime
//   (/var/lib/cni/results), file <network>-<containerID>-<ifname>:
//     {"kind":"cniCacheV1","containerId":"…","config":"<base64 of the delegate's config, with "deviceID">",
//      "ifName":"net1","networkName":"sriov-net","cniArgs":[["K8S_POD_NAMESPACE","ns"],["K8S_POD_NAME","p"],
//      ["K8S_POD_UID","…"],…],"result":{…}}
//   Alone it names the VF's pod, namespace and UID, and the network.
// - sriov-cni's own, /var/lib/cni/sriov/<containerID>-<ifname>: the full NetConf with "deviceID" and "name"
//   (the network), and no pod. The containerID is the pod sandbox's, the same as libcni's containerId.
// MACs, VLANs and the rest of these files are not kept.

import { normalizePciAddress } from '../sysfs-values.js';
import { isIssue, type Parsed, parseIssue } from '../../fact.js';
import { isRecord, parseJson, stringField } from './json-fields.js';

export interface CniAttachment {
  readonly address: string;
  /** The pod sandbox's container ID. */
  readonly sandbox?: string;
  readonly network?: string;
  readonly ifName?: string;
  readonly pod?: { readonly namespace: string; readonly name: string; readonly uid?: string };
}

export function parseCniResultCache(text: string): Parsed<CniAttachment> {
  const json = parseJson(text);
  if (isIssue(json)) return json;
  if (!isRecord(json.json) || json.json.kind !== 'cniCacheV1') return parseIssue('ESHAPE', 'not a libcni cache ("kind":"cniCacheV1")');
  const cache = json.json;
  const config = decodeConfig(stringField(cache, 'config'));
  const deviceId = config ? stringField(config, 'deviceID') : undefined;
  const address = deviceId !== undefined ? normalizePciAddress(deviceId) : undefined;
  if (address === undefined) return parseIssue('ESHAPE', 'the network has no PCI deviceID (not an SR-IOV attachment)');
  const args = new Map<string, string>();
  if (Array.isArray(cache.cniArgs)) {
    for (const pair of cache.cniArgs) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string') args.set(pair[0], pair[1]);
    }
  }
  const namespace = args.get('K8S_POD_NAMESPACE');
  const name = args.get('K8S_POD_NAME');
  const uid = args.get('K8S_POD_UID');
  const sandbox = stringField(cache, 'containerId');
  const network = stringField(cache, 'networkName') ?? (config ? stringField(config, 'name') : undefined);
  const ifName = stringField(cache, 'ifName');
  return ({
    address,
    ...(sandbox ? { sandbox } : {}),
    ...(network ? { network } : {}),
    ...(ifName ? { ifName } : {}),
    ...(namespace && name ? { pod: { namespace, name, ...(uid ? { uid } : {}) } } : {}),
  });
}

/** sriov-cni's cache file; its name, `<containerID>-<ifname>`, gives the sandbox and the interface. */
export function parseSriovCniCache(fileName: string, text: string): Parsed<CniAttachment> {
  const json = parseJson(text);
  if (isIssue(json)) return json;
  if (!isRecord(json.json)) return parseIssue('ESHAPE', 'not a JSON object');
  const deviceId = stringField(json.json, 'deviceID');
  const address = deviceId !== undefined ? normalizePciAddress(deviceId) : undefined;
  if (address === undefined) return parseIssue('ESHAPE', 'no PCI "deviceID"');
  const named = /^([0-9a-f]{64})-(.+)$/.exec(fileName);
  const network = stringField(json.json, 'name');
  return ({
    address,
    ...(named ? { sandbox: named[1] as string, ifName: named[2] as string } : {}),
    ...(network ? { network } : {}),
  });
}

function decodeConfig(base64: string | undefined): Record<string, unknown> | undefined {
  if (base64 === undefined) return undefined;
  const json = parseJson(Buffer.from(base64, 'base64').toString('utf8'));
  return !isIssue(json) && isRecord(json.json) ? json.json : undefined;
}
