// `pcie_acs_override=`: the out-of-tree ACS override patch (Proxmox VE kernels, several "vfio" and Zen kernels)
// makes the kernel treat ports and functions as isolated that have no ACS capability, and so splits IOMMU
// groups the hardware does not isolate. Its forms, each a comma-separated token, every occurrence on the command
// line adding to the others: `downstream` (root ports and switch downstream ports), `multifunction` (endpoints
// and switch upstream ports that are one function of several), `id:vvvv:dddd` (devices with that vendor and
// device id, in hex). It never touches a device that has an ACS capability, nor a conventional PCI device, and
// tokens it does not know are ignored. Config space is what it cannot change: there the truth stays readable.

import type { HostSnapshot } from '../../snapshot/snapshot-types.js';
import { listText } from '../outcome.js';
import { isolates, lackText, portText, type PathPort } from './acs-path.js';
import { kernelArgsFix } from './kernel-args-fix.js';
import { kernelParameters } from './kernel-parameters.js';

export interface AcsOverride {
  /** The parameters as written, for messages and for the command line change that removes them. */
  readonly tokens: readonly string[];
  readonly downstream: boolean;
  readonly multifunction: boolean;
  /** `vvvv:dddd`, lower case. */
  readonly ids: readonly string[];
}

const NAME = 'pcie_acs_override';

/** The override the command line asks for; undefined when it is absent or names no form the patch knows. */
export function acsOverride(snapshot: HostSnapshot): AcsOverride | undefined {
  const given = kernelParameters(snapshot).filter((p) => p.name === NAME && p.value !== undefined);
  let downstream = false;
  let multifunction = false;
  const ids: string[] = [];
  // The patch compares each token's start (strncmp), so `downstream` counts however the token goes on.
  for (const token of given.flatMap((p) => (p.value ?? '').split(','))) {
    if (token.startsWith('downstream')) downstream = true;
    if (token.startsWith('multifunction')) multifunction = true;
    const id = /^id:([0-9a-fA-F]{4}):([0-9a-fA-F]{4})/.exec(token);
    if (id) ids.push(`${(id[1] as string).toLowerCase()}:${(id[2] as string).toLowerCase()}`);
  }
  if (!downstream && !multifunction && ids.length === 0) return undefined;
  return { tokens: given.map((p) => p.raw), downstream, multifunction, ids };
}

/** "`pcie_acs_override=downstream,multifunction`" (every occurrence, as written). */
export function overrideText(override: AcsOverride): string {
  return `\`${override.tokens.join(' ')}\``;
}

/** Whether the override makes the kernel believe this port isolates (pcie_acs_overrides in the patch). */
export function overrideCovers(override: AcsOverride, port: PathPort): boolean {
  if (port.acs !== undefined || port.portType === undefined) return false;
  if (override.ids.includes(`${port.vendorId}:${port.deviceId}`)) return true;
  switch (port.portType) {
    case 'root-port':
    case 'downstream-port':
      return override.downstream;
    case 'endpoint':
    case 'legacy-endpoint':
    case 'upstream-port':
    case 'rc-integrated-endpoint':
      return override.multifunction && port.multifunction;
    default:
      return false;
  }
}

/** The values of the `acs-override-risk` remediation: the ports whose isolation is pretended, and how to undo it. */
export function overrideRisk(override: AcsOverride, hidden: readonly PathPort[], snapshot: HostSnapshot) {
  return {
    ports: listText(hidden.map((p) => p.address)),
    override: overrideText(override),
    kernelArgs: kernelArgsFix(snapshot.platform, { remove: override.tokens }),
  };
}

/** Why the override changes nothing on this path (every port it could cover has real ACS, or it covers none). */
export function harmlessText(override: AcsOverride, ports: readonly PathPort[]): string {
  const lacking = ports.filter((p) => !isolates(p));
  const why =
    ports.length === 0
      ? 'nothing on the path needs ACS'
      : lacking.length === 0
        ? `every port on the path has ACS: ${listText(ports.map(portText))}`
        : `it does not cover ${listText(lacking.map(lackText))}, so those groups are the kernel's own`;
  return `${overrideText(override)} is on the command line but harmless here: ${why}`;
}
