// The guest's question on Hyper-V/Azure: is the accelerated path working? For each synthetic NIC: has the host
// given it a VF, is a VF driver bound, is the VF joined to the NIC, and does traffic go over it. The PF is on the
// host: the Linux host's checks are skipped here with GUEST_SKIP_REASON.

import type { Finding, Outcome } from '../checks/check-types.js';
import { fail, listText, pass, plural, skip, warn } from '../checks/outcome.js';
import { describeIssue, isIssue } from '../fact.js';
import type { NetvscEvent } from '../parse/netvsc-log.js';
import type { NetvscStats, PathCounters } from '../parse/netvsc-stats.js';
import { GUEST_VF_DRIVERS } from '../catalog/host-locations.js';
import type { GuestNetdev, GuestVf, HypervGuestView, SyntheticNic } from '../readers/hyperv-guest-reader.js';
import { GUEST_SKIP_REASON } from './hyperv-checks.js';
import { finding } from './hyperv-finding.js';

export interface GuestOptions {
  /** hv_netvsc's log lines of this boot (parse/netvsc-log.ts): say why a VF is gone. */
  readonly events?: readonly NetvscEvent[];
  /** `ethtool -S` of each synthetic NIC, by netdev name (parse/netvsc-stats.ts). */
  readonly netvscStats?: ReadonlyMap<string, NetvscStats>;
  /** An earlier reading of the same guest: counters that rose since say that traffic flows now. */
  readonly previous?: HypervGuestView;
}

/** How a host-only check reads in such a guest. */
export const GUEST_SKIP: Outcome = skip(`skipped: ${GUEST_SKIP_REASON}`);

/** Findings for a Hyper-V/Azure guest; none when this is not one (no VMBus). */
export function judgeHypervGuest(view: HypervGuestView, options: GuestOptions = {}): Finding[] {
  if (view.vmbus !== true) return [];
  const vfNetdevs = view.vfs.flatMap((vf) => vf.netdevs.map((netdev) => ({ vf, netdev })));
  const tied = new Map<SyntheticNic, { vf: GuestVf; netdev: GuestNetdev }>();
  for (const nic of view.nics) {
    const name = nic.netdev?.name;
    const mac = nic.netdev?.address;
    const match = vfNetdevs.find((v) => v.netdev.master === name) ?? vfNetdevs.find((v) => typeof mac === 'string' && v.netdev.address === mac);
    if (name !== undefined && match) tied.set(nic, match);
  }
  // VFs no NIC could claim: no netdev (no driver), or a netdev that matches no NIC.
  const claimed = new Set([...tied.values()].map((t) => t.vf));
  const loose = view.vfs.filter((vf) => !claimed.has(vf));
  const lonely = view.nics.filter((nic) => !tied.has(nic));

  const findings: Finding[] = [finding('hypervisor.guest.hyperv', 'host', guestPresent(view))];
  for (const nic of view.nics) {
    const subject = nic.netdev?.name ?? nic.instance;
    const own = tied.get(nic);
    const candidates = own ? [own.vf] : lonely.length > 0 ? loose : [];
    const present = vfPresent(nic, subject, own, candidates, lonely.length, options.events ?? []);
    const driver = present.status === 'pass' ? vfDriver(view, own ? [own.vf] : candidates) : skip(`skipped: hypervisor.guest.vf-present is ${present.status}`);
    const joined = driver.status === 'pass' ? vfJoined(nic, subject, own, candidates) : skip(`skipped: hypervisor.guest.vf-driver is ${driver.status}`);
    const traffic = joined.status === 'pass' && own ? vfTraffic(nic, own.netdev, options, subject) : skip(`skipped: hypervisor.guest.vf-joined is ${joined.status}`);
    findings.push(
      finding('hypervisor.guest.vf-present', subject, present),
      finding('hypervisor.guest.vf-driver', subject, driver),
      finding('hypervisor.guest.vf-joined', subject, joined),
      finding('hypervisor.guest.vf-traffic', subject, traffic),
    );
  }
  return findings;
}

function guestPresent(view: HypervGuestView): Outcome {
  const names = view.nics.map((n) => n.netdev?.name ?? n.instance);
  const nics = names.length > 0 ? `${plural(names.length, 'synthetic NIC')} (${listText(names)})` : 'no synthetic NIC';
  return pass(`This is a Hyper-V/Azure guest (VMBus): ${nics}, ${plural(view.vfs.length, 'VF')}; the PF lives on the host.`, ['/sys/bus/vmbus/devices']);
}

function vfPresent(nic: SyntheticNic, subject: string, own: { vf: GuestVf; netdev: GuestNetdev } | undefined, candidates: readonly GuestVf[], lonely: number, events: readonly NetvscEvent[]): Outcome {
  if (nic.netdev === undefined) {
    const driver = typeof nic.driver === 'string' ? nic.driver : 'none';
    return fail(`The synthetic NIC ${nic.instance} has no netdev: hv_netvsc does not drive it (driver: ${driver}).`, 'Load hv_netvsc (`modprobe hv_netvsc`); a kernel for Hyper-V/Azure has it.');
  }
  if (own) return pass(`${subject} has a VF: ${own.vf.pciAddress} (${own.netdev.name}).`, [own.netdev.path]);
  if (candidates.length > 0) {
    const which = lonely > 1 ? ` one of ${plural(lonely, 'synthetic NIC')} without a VF gets it, which one cannot be told until its driver makes a netdev` : '';
    return pass(`A VF is present for ${subject}: ${listText(candidates.map((v) => v.pciAddress))}, without a joined netdev${which}.`);
  }
  const mine = events.filter((e) => e.netdev === subject || e.instance === nic.instance);
  const last = [...mine].reverse().find((e) => e.kind === 'vf-removed' || e.kind === 'vf-added');
  const fix =
    'During host servicing nothing needs doing: the VF comes back by itself and hv_netvsc switches back to it. If it does not, check that Accelerated Networking is on for this NIC (Azure: `az network nic show --resource-group <rg> --name <nic> --query enableAcceleratedNetworking`; Hyper-V: the VM adapter\'s IovWeight and its switch) and that the VM size supports it.';
  if (last?.kind === 'vf-removed') {
    const when = last.seconds === undefined ? '' : ` ${Math.round(last.seconds)} s after boot`;
    return warn(`The host removed the VF of ${subject}${when} (VF slot ${last.slot} removed): host servicing, or Accelerated Networking turned off; traffic goes over the synthetic path meanwhile.`, fix, [last.line]);
  }
  return warn(`${subject} has no VF: Accelerated Networking is off for this NIC, or the host removed the VF (host servicing); traffic goes over the synthetic path.`, fix);
}

function vfDriver(view: HypervGuestView, vfs: readonly GuestVf[]): Outcome {
  const outcomes = vfs.map((vf) => oneVfDriver(view, vf));
  return outcomes.find((o) => o.status === 'fail') ?? outcomes.find((o) => o.status === 'unknown') ?? outcomes.find((o) => o.status === 'warn') ?? (outcomes[0] as Outcome);
}

function oneVfDriver(view: HypervGuestView, vf: GuestVf): Outcome {
  const id = typeof vf.vendorId === 'string' && typeof vf.deviceId === 'string' ? `${vf.vendorId}:${vf.deviceId}` : undefined;
  if (isIssue(vf.driver)) return { status: 'unknown', summary: `The driver of the VF ${vf.pciAddress}: ${describeIssue(vf.driver)}`, remediation: 'Run sriov-check as root.', evidence: [vf.driver.path] };
  if (typeof vf.driver === 'string') {
    if ((GUEST_VF_DRIVERS as readonly string[]).includes(vf.driver)) return pass(`The VF ${vf.pciAddress} is driven by ${vf.driver}.`);
    return warn(`The VF ${vf.pciAddress} is bound to ${vf.driver}, not a kernel VF driver: the kernel's data path cannot use it (right only if DPDK or a VM owns it).`, `Give it back to its kernel driver: \`echo ${vf.pciAddress} > /sys/bus/pci/drivers/${vf.driver}/unbind\`, then \`echo ${vf.pciAddress} > /sys/bus/pci/drivers_probe\`.`);
  }
  const install = installHint(vf.vendorId);
  const aliases = id ? view.kernel?.pciAliases[id] : undefined;
  if (isIssue(aliases)) return { status: 'unknown', summary: `Whether this kernel has a driver for the VF ${vf.pciAddress} (${id}): ${describeIssue(aliases)}`, remediation: install, evidence: [aliases.path] };
  const modules = Array.isArray(aliases) ? (aliases as readonly string[]) : [];
  if (modules.length === 0) {
    return fail(`No driver for the VF ${vf.pciAddress} (${id ?? 'unknown id'}): this kernel has no module for it, so the VF is never used and traffic stays on the synthetic path although Accelerated Networking is on.`, install);
  }
  const module = modules[0] as string;
  const state = view.kernel?.modules[module];
  if (state === 'on-disk') return fail(`No driver bound to the VF ${vf.pciAddress}: ${module} is installed but not loaded; traffic stays on the synthetic path.`, `modprobe ${module}`);
  if (state === 'loaded' || state === 'builtin') {
    return fail(`No driver bound to the VF ${vf.pciAddress} although ${module} is ${state}: its probe failed; traffic stays on the synthetic path.`, `Look for ${vf.pciAddress} in the kernel log (\`dmesg | grep ${vf.pciAddress}\`); a newer ${module} may be needed.`);
  }
  return fail(`No driver for the VF ${vf.pciAddress}: modules.alias names ${module}, which is not installed; traffic stays on the synthetic path.`, install);
}

function installHint(vendorId: GuestVf['vendorId']): string {
  if (vendorId === '1414') return 'Install a kernel with the MANA driver (CONFIG_MICROSOFT_MANA; distribution Azure kernels ≥ 5.15 have it) and load it: `modprobe mana`.';
  return "Install this kernel's Mellanox drivers, mlx4_core and mlx5_core (distribution Azure kernels ship them; Ubuntu's generic kernels have them in linux-modules-extra, RHEL's in kernel-modules-extra) and load them: `modprobe mlx5_core` (`mlx4_en` for ConnectX-3). Images must carry both: a VM may move to a host with the other NIC.";
}

function vfJoined(nic: SyntheticNic, subject: string, own: { vf: GuestVf; netdev: GuestNetdev } | undefined, candidates: readonly GuestVf[]): Outcome {
  const netvsc = nic.netdev as GuestNetdev;
  if (own === undefined) {
    const driven = candidates.find((vf) => typeof vf.driver === 'string');
    return fail(
      `The VF ${driven?.pciAddress ?? candidates[0]?.pciAddress ?? ''} has a driver but no netdev joined to ${subject}: hv_netvsc cannot take it.`,
      `Look at the kernel log for "VF registering" and "joined to ${subject}" (\`dmesg | grep -i vf\`); reboot the VM if the VF driver failed to create its netdev.`,
    );
  }
  const vfMac = own.netdev.address;
  const sameMac = typeof vfMac === 'string' && vfMac === netvsc.address;
  if (own.netdev.master === subject && sameMac) {
    return pass(`${own.netdev.name} is joined to ${subject} (master link, same MAC ${String(vfMac)}).`, [`${own.netdev.path}/master`]);
  }
  if (own.netdev.master === subject) {
    return fail(`${own.netdev.name} is joined to ${subject} but has another MAC (${String(vfMac)} vs ${String(netvsc.address)}).`, 'Do not change the VF\'s MAC: hv_netvsc keeps it equal to the synthetic NIC\'s. Reboot the VM to restore it.', [`${own.netdev.path}/address`]);
  }
  const master = typeof own.netdev.master === 'string' ? `its master is ${own.netdev.master}` : 'it has no master';
  return fail(
    `${own.netdev.name} has ${subject}'s MAC but is not joined to it (${master}): hv_netvsc does not steer traffic through it.`,
    `Keep other tools off the VF (a bond, a bridge or NetworkManager must not enslave ${own.netdev.name}; configure ${subject} only), then reboot the VM so that hv_netvsc joins it.`,
    [own.netdev.path],
  );
}

function vfTraffic(nic: SyntheticNic, vf: GuestNetdev, options: GuestOptions, subject: string): Outcome {
  if (vf.operstate === 'down') {
    return warn(`${vf.name} is down: hv_netvsc switches the data path to the VF only while it is up.`, `ip link set ${vf.name} up`, [`${vf.path}/operstate`]);
  }
  const unreadable: Outcome = { status: 'unknown', summary: `The packet counters of ${vf.name} or ${subject} could not be read.`, remediation: 'Run sriov-check as root.', evidence: [`${vf.path}/statistics`] };
  // Two readings compare sysfs with sysfs: ethtool's counters of the earlier one are not kept.
  const earlier = options.previous ? previousPaths(options.previous, nic, vf) : undefined;
  const now = paths(nic, vf, earlier === undefined ? options.netvscStats?.get(subject) : undefined);
  if (now === undefined) return unreadable;
  if (earlier !== undefined) {
    const overVf = now.vf - earlier.vf;
    const synthetic = now.synthetic - earlier.synthetic;
    if (overVf > 0) return pass(`${overVf} packets went over the VF ${vf.name} since the last reading (${Math.max(synthetic, 0)} over the synthetic path).`);
    if (synthetic > 0) return warn(`No packet went over the VF ${vf.name} since the last reading, ${synthetic} over the synthetic path: Accelerated Networking fell back.`, 'See the kernel log for "Data path switched from VF"; check the VF link (`ip link show ' + vf.name + '`).');
    return { status: 'unknown', summary: `No traffic on ${subject} between the two readings: nothing to judge.`, remediation: 'Judge again while the NIC carries traffic.' };
  }
  if (now.vf > 0) return pass(`${now.vf} packets have gone over the VF ${vf.name} since it joined (${now.synthetic} over the synthetic path).`);
  if (now.synthetic > 0) {
    return warn(`No packet has gone over the VF ${vf.name}, ${now.synthetic} over the synthetic path: the accelerated path is not in use.`, `See the kernel log for "Data path switched to VF: ${vf.name}"; the VF must be up (\`ip link set ${vf.name} up\`).`);
  }
  return { status: 'unknown', summary: `No traffic on ${subject} yet: nothing to judge.`, remediation: 'Judge again while the NIC carries traffic.' };
}

/** Packets (rx + tx) over the VF and over the synthetic path: ethtool's netvsc counters when given, else sysfs. */
function paths(nic: SyntheticNic, vf: GuestNetdev, stats: NetvscStats | undefined): { vf: number; synthetic: number } | undefined {
  const packets = (c: PathCounters) => c.rxPackets + c.txPackets;
  if (stats?.vf && stats.synthetic) return { vf: packets(stats.vf), synthetic: packets(stats.synthetic) };
  const total = (n: GuestNetdev | undefined) => (n && typeof n.rxPackets === 'number' && typeof n.txPackets === 'number' ? n.rxPackets + n.txPackets : undefined);
  const overVf = total(vf);
  // hv_netvsc's own counters include what went over the VF (netvsc_get_stats64 adds the VF's in).
  const all = total(nic.netdev);
  if (overVf === undefined || all === undefined) return undefined;
  return { vf: overVf, synthetic: Math.max(all - overVf, 0) };
}

/** The same NIC and VF in the earlier reading; undefined when the VF was not there then (it joined since). */
function previousPaths(previous: HypervGuestView, nic: SyntheticNic, vf: GuestNetdev) {
  const oldNic = previous.nics.find((n) => n.instance === nic.instance);
  const oldVf = previous.vfs.flatMap((v) => v.netdevs).find((n) => n.name === vf.name);
  if (oldNic === undefined || oldVf === undefined) return undefined;
  return paths(oldNic, oldVf, undefined);
}
