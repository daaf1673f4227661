// hypervisor.vfs.persistent: sriov_numvfs does not survive a reboot; something has to write it again at boot
// (udev, systemd.link, NetworkManager, netplan, a module option, the SR-IOV operator, a unit).

import { isIssue } from '../../fact.js';
import type { PersistenceHit, PersistenceKind } from '../../parse/vf-persistence.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { listText, pass, plural, skip, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { persistenceFor } from '../shared/persistence-match.js';

const fix = remedies('raise-persisted-count', 'persist-vfs');

export const vfsPersistent: PfCheck = {
  id: 'hypervisor.vfs.persistent',
  layer: 'hypervisor',
  scope: 'pf',
  title: 'Will the VFs be recreated after a reboot?',
  reads:
    '/etc/udev/rules.d/*.rules, /etc/systemd/network/*.link, /etc/NetworkManager/system-connections/*, /etc/netplan/*.yaml, ' +
    '/etc/modprobe.d/*.conf, /proc/cmdline (<driver>.max_vfs=), /etc/sriov-operator/*.yaml, /etc/systemd/system/*.service',
  fix:
    'Persist the VF count: a udev rule setting ATTR{device/sriov_numvfs}, systemd.link SR-IOVVirtualFunctions= (systemd ≥ 251), ' +
    'or NetworkManager sriov.total-vfs.',
  remedies: fix.codes,
  run,
};

const KIND_TEXT: Record<PersistenceKind, string> = {
  'udev-rule': 'udev rule',
  'systemd-link': 'systemd .link',
  networkmanager: 'NetworkManager',
  netplan: 'netplan',
  modprobe: 'module option',
  'kernel-cmdline': 'kernel command line',
  'sriov-operator': 'sriov-network-operator',
  'systemd-unit': 'systemd unit',
};

function run(pf: PfView, host: HostView): Outcome {
  const num = pf.device.sriov?.numVfs;
  if (isIssue(num)) return unknown('sriov_numvfs', num);
  if (!num) return skip('no VFs enabled now: nothing to recreate');
  const hits = persistenceFor(pf, host);
  const exist = `${plural(num, 'VF')} ${num === 1 ? 'exists' : 'exist'} now`;
  const describe = (h: PersistenceHit) => {
    const count = h.vfCount !== undefined ? `, ${plural(h.vfCount, 'VF')}` : '';
    return `${h.path} (${KIND_TEXT[h.kind]}${count})`;
  };
  if (hits.length > 0) {
    const counts = hits.map((h) => h.vfCount);
    const most = counts.every((c) => c !== undefined) ? Math.max(...(counts as number[])) : undefined;
    if (most !== undefined && most < num) {
      return warn(
        `${exist}, but ${listText(hits.map(describe))} recreate${hits.length > 1 ? '' : 's'} only ${most} at boot`,
        fix('raise-persisted-count', { count: num, path: hits[0]?.path ?? 'that file' }),
        hits.map((h) => h.path),
      );
    }
    return pass(`recreated at boot by ${listText(hits.map(describe))}`, hits.map((h) => h.path));
  }
  const issue = host.snapshot.vfPersistence.issues[0];
  if (issue) return unknown(`VF persistence for ${pf.subject} (nothing found in what could be read)`, issue);
  const name = pf.netdev?.name;
  const rule = name
    ? `ACTION=="add", SUBSYSTEM=="net", KERNEL=="${name}", ATTR{device/sriov_numvfs}="${num}"`
    : `ACTION=="bind", SUBSYSTEM=="pci", KERNEL=="${pf.address}", ATTR{sriov_numvfs}="${num}"`;
  return warn(
    `${exist}, but nothing recreates them at boot (sriov_numvfs does not survive a reboot): ` +
      `no udev rule, systemd .link, NetworkManager, netplan, module option or sriov-operator setting names ${pf.subject}`,
    fix('persist-vfs', { rule, name: name ?? pf.address, count: num }),
  );
}
