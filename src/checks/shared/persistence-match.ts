// Which VF persistence settings apply to a PF: a setting names the PF by interface name (or glob), PCI
// address (or glob), MAC address, or covers every PF of a driver (module parameters).

import { isIssue } from '../../fact.js';
import { globMatches, type PersistenceHit, type SubjectKind } from '../../parse/vf-persistence.js';
import type { HostView, PfView } from '../host-view.js';

export function persistenceFor(pf: PfView, host: HostView): PersistenceHit[] {
  const hits = host.snapshot.vfPersistence.hits;
  const names = Array.isArray(pf.device.netdevs) ? (pf.device.netdevs as readonly string[]) : [];
  const mac = pf.netdev && typeof pf.netdev.address === 'string' ? pf.netdev.address.toLowerCase() : undefined;
  const driver = typeof pf.device.driver === 'string' && !isIssue(pf.device.driver) ? pf.device.driver.replace(/-/g, '_') : undefined;
  const matches = (kind: SubjectKind, value: string): boolean => {
    switch (kind) {
      case 'name':
        return names.some((n) => globMatches(value, n));
      case 'address':
        return globMatches(value, pf.address);
      case 'mac':
        return mac !== undefined && value === mac;
      case 'driver':
        return driver !== undefined && value === driver;
    }
  };
  // Match keys of one setting all have to hold (udev, systemd.link, netplan); the values of one key are
  // alternatives. A setting that names nothing applies to every PF (`SUBSYSTEM=="net", ATTR{device/sriov_numvfs}`).
  return hits.filter((hit) => {
    const kinds = new Set(hit.subjects.map((s) => s.kind));
    return [...kinds].every((kind) => hit.subjects.some((s) => s.kind === kind && matches(kind, s.value)));
  });
}
