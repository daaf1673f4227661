// nic.pf.present: is there a physical function that can do SR-IOV at all? A VM never sees one: say so there.

import { isIssue, known } from '../../fact.js';
import type { HostCheck, Outcome } from '../check-types.js';
import type { HostView } from '../host-view.js';
import { fail, listText, pass, plural, unknown } from '../outcome.js';
import { remedies } from '../remediations.js';
import { detectGuest, guestName } from '../shared/guest-detection.js';
import { modelText, pciIdText } from '../shared/pf-text.js';

const fix = remedies('run-on-hypervisor-host', 'install-sriov-nic');

export const pfPresent: HostCheck = {
  id: 'nic.pf.present',
  layer: 'nic',
  scope: 'host',
  title: 'Is there an SR-IOV capable physical function?',
  reads: '/sys/bus/pci/devices/*/{uevent,sriov_totalvfs,config}, the NIC catalog',
  fix: 'Install an SR-IOV capable NIC; inside a VM, run the check on the hypervisor host instead.',
  remedies: fix.codes,
  run,
};

function run(host: HostView): Outcome {
  const listIssue = host.snapshot.source.pciListIssue;
  if (listIssue) return unknown('PCI devices could not be listed', listIssue);
  const pfs = host.selectedPfs;
  const unreadable = host.unreadable.map((d) => d.classCode).filter(isIssue);
  if (pfs.length > 0) {
    const names = pfs.map((pf) =>
      pf.subject === pf.address ? `${pf.address} (${modelText(pf)})` : `${pf.subject} (${pf.address}, ${modelText(pf)})`,
    );
    const note = unreadable.length ? `; ${plural(unreadable.length, 'PCI function')} could not be read` : '';
    return pass(`${plural(pfs.length, 'SR-IOV PF')}: ${listText(names)}${note}`);
  }
  const firstUnreadable = unreadable[0];
  if (firstUnreadable) {
    return unknown(`no SR-IOV PF found, and ${plural(unreadable.length, 'PCI function')} could not be read`, firstUnreadable);
  }
  const others = host.otherNics.map((d) => {
    const name = host.snapshot.names.devices[pciIdText(d)];
    const driver = known(d.driver) ? `, driver ${known(d.driver)}` : '';
    return `${d.address} ${name ?? 'network function'} [${pciIdText(d)}]${driver}`;
  });
  const found = others.length
    ? `no SR-IOV capable network function; found only ${listText(others)}`
    : 'no network functions on the PCI bus';
  const guest = detectGuest(host.snapshot);
  if (guest) {
    const where = `this host is ${guestName(guest)} (${guest.evidence.join(', ')}), and a VM sees no SR-IOV PF`;
    return fail(`${found}: ${where}`, fix('run-on-hypervisor-host'));
  }
  return fail(found, fix('install-sriov-nic'));
}
