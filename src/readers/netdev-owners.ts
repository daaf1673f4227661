// Which PCI function each netdev belongs to, from /sys/class/net: one listing and one readlink per netdev,
// whose target names the function (…/<pci address>/net/<name>). Cheaper than listing net/ under every
// function — a readlink instead of an lstat, an open, two getdents and a close per VF — and the same answer:
// both directories show the netdevs of the network namespace that mounted sysfs.

import { type HostFs } from '../host/host-fs.js';
import { type Fact, isIssue } from '../fact.js';
import { isPciAddress } from '../parse/sysfs-values.js';

export const CLASS_NET_DIR = '/sys/class/net';

// Links read between two steps of the paced reading: about one PF's worth of VFs.
export const NETDEV_PACE = 64;

type NetdevOwners = Fact<{ readonly owners: Map<string, string[]>; readonly unreadable: boolean }>;

/**
 * PCI address → its netdevs, in listing order; undefined when /sys/class/net is absent, the listing's issue
 * when it cannot be read. Virtual netdevs (bridges, veth, bonds) and entries gone meanwhile are left out; a
 * link that cannot be read is `unreadable`, which the caller names or works around.
 */
export function readNetdevOwners(host: HostFs): NetdevOwners {
  const steps = readNetdevOwnersPaced(host);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** The same reading a step at a time (the exporter hands its thread back between steps): a step per NETDEV_PACE links. */
export function* readNetdevOwnersPaced(host: HostFs): Generator<void, NetdevOwners> {
  const names = host.list(CLASS_NET_DIR, { sorted: false });
  if (names === undefined || isIssue(names)) return names;
  const owners = new Map<string, string[]>();
  let unreadable = false;
  let read = 0;
  for (const name of names) {
    if (++read % NETDEV_PACE === 0) yield;
    const target = host.readLink(`${CLASS_NET_DIR}/${name}`);
    if (isIssue(target)) unreadable = true;
    if (typeof target !== 'string') continue;
    const parts = target.split('/');
    const at = parts.lastIndexOf('net');
    const owner = at > 0 ? parts[at - 1] : undefined;
    if (owner === undefined || !isPciAddress(owner) || parts[at + 1] !== name) continue; // virtual netdevs
    const list = owners.get(owner);
    if (list) list.push(name);
    else owners.set(owner, [name]);
  }
  return { owners, unreadable };
}
