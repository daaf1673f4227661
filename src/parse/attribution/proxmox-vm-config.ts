// A Proxmox VE guest's configuration, /etc/pve/qemu-server/<vmid>.conf (pmxcfs), `key: value` lines:
//   name: web01
//   hostpci0: 0000:3b:02.1,pcie=1          ([host=]<id>[;<id>…][,options]; <id> may omit the domain,
//   hostpci1: host=3b:02.2;3b:02.3          or the function for all functions of a device)
//   hostpci2: mapping=sriov-pool,pcie=1     (resolved through /etc/pve/mapping/pci.cfg: not read here)
// Only the part before the first `[section]` is the current configuration ([snapshot], [PENDING] follow).

import { normalizePciAddress } from '../sysfs-values.js';
import { type Parsed, parseIssue } from '../../fact.js';

export interface ProxmoxHostpci {
  /** `hostpci<N>`. */
  readonly slot: string;
  /** Full addresses; a device given without its function is `dddd:bb:dd` (all its functions). */
  readonly ids: readonly string[];
  /** The resource mapping's name, when the device is given by mapping=. */
  readonly mapping?: string;
}

export interface ProxmoxVmConfig {
  /** The VM's name; Proxmox shows `VM <vmid>` and names the process `vm<vmid>` when none is set. */
  readonly name?: string;
  readonly hostpci: readonly ProxmoxHostpci[];
}

const DEVICE_WITHOUT_FUNCTION = /^(?:([0-9a-f]{4,8}):)?([0-9a-f]{2}):([0-9a-f]{2})$/;

export function parseProxmoxVmConfig(text: string): Parsed<ProxmoxVmConfig> {
  if (text.trim() === '') return parseIssue('EEMPTY', 'empty configuration');
  let name: string | undefined;
  const hostpci: ProxmoxHostpci[] = [];
  let understood = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) break;
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    understood++;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (key === 'name' && value !== '') name = value;
    if (/^hostpci\d+$/.test(key)) {
      const entry = hostpciEntry(key, value);
      if (entry) hostpci.push(entry);
    }
  }
  if (understood === 0) return parseIssue('EPARSE', 'no `key: value` line');
  return ({ ...(name !== undefined ? { name } : {}), hostpci });
}

function hostpciEntry(slot: string, value: string): ProxmoxHostpci | undefined {
  const options = value.split(',');
  let hostText: string | undefined;
  let mapping: string | undefined;
  options.forEach((option, index) => {
    const eq = option.indexOf('=');
    if (eq < 0 && index === 0) hostText = option;
    else if (option.slice(0, eq) === 'host') hostText = option.slice(eq + 1);
    else if (option.slice(0, eq) === 'mapping') mapping = option.slice(eq + 1);
  });
  const ids: string[] = [];
  for (const id of (hostText ?? '').split(';')) {
    const full = normalizePciAddress(id);
    if (full !== undefined) {
      ids.push(full);
      continue;
    }
    const device = DEVICE_WITHOUT_FUNCTION.exec(id.trim().toLowerCase());
    if (device) ids.push(`${device[1] ?? '0000'}:${device[2]}:${device[3]}`);
  }
  if (ids.length === 0 && mapping === undefined) return undefined;
  return { slot, ids, ...(mapping !== undefined ? { mapping } : {}) };
}

/** Whether a hostpci id (full, or a device with every function) covers a PCI address. */
export function hostpciCovers(id: string, address: string): boolean {
  return id.includes('.') ? id === address : address.startsWith(`${id}.`);
}
