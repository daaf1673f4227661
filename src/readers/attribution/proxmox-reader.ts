// Proxmox VE's running VMs and the devices they hold: /run/qemu-server/pci-id-reservations gives address →
// VMID → QEMU pid; /etc/pve/qemu-server/<vmid>.conf the VM's name. A pid is trusted only when that process's
// command line has `-pidfile /var/run/qemu-server/<vmid>.pid`, the check qemu-server itself makes
// (Helpers.pm instance_running_locally), because pids are reused. A reservation for a starting VM
// (`time:<expiry>`) counts until it expires.

import { isIssue } from '../../fact.js';
import type { ProxmoxVm } from '../../attribution/consumer-evidence.js';
import { parseCmdline } from '../../parse/attribution/proc-cmdline.js';
import { type ProxmoxReservations, parseProxmoxReservations } from '../../parse/attribution/proxmox-reservations.js';
import { type ProxmoxVmConfig, parseProxmoxVmConfig } from '../../parse/attribution/proxmox-vm-config.js';
import { parseQemuArgv } from '../../parse/attribution/qemu-argv.js';
import type { AttributionFs } from './attribution-fs.js';
import { ParsedFileCache } from './parsed-file-cache.js';
import type { ProcessView } from './process-liveness.js';
import type { SourceTally } from './source-tally.js';

export const PROXMOX_RESERVATIONS = '/run/qemu-server/pci-id-reservations';
export const PROXMOX_CONFIG_DIR = '/etc/pve/qemu-server';

export class ProxmoxReader {
  private readonly reservations = new ParsedFileCache<ProxmoxReservations>((text) => parseProxmoxReservations(text));
  private readonly configs = new ParsedFileCache<ProxmoxVmConfig>((text) => parseProxmoxVmConfig(text));

  /** nowMs: wall-clock milliseconds since the epoch (reservation expiry). */
  read(fs: AttributionFs, view: ProcessView, nowMs: number, tally: SourceTally): ProxmoxVm[] {
    const reading = this.reservations.read(fs, PROXMOX_RESERVATIONS);
    if (reading.state === 'absent') {
      if (fs.exists(PROXMOX_CONFIG_DIR) === true) tally.present = true; // Proxmox with no device passed through
      return [];
    }
    if (reading.state === 'unreadable') {
      tally.down(reading.issue);
      return [];
    }
    tally.present = true;
    if (isIssue(reading.result)) {
      tally.count('parse');
      return [];
    }
    if (reading.result.skipped > 0) tally.count('parse');
    const byVmid = new Map<number, { addresses: string[]; pid?: number; until?: number }>();
    for (const r of reading.result.reservations) {
      const vm = byVmid.get(r.vmid) ?? { addresses: [] };
      vm.addresses.push(r.address);
      if (r.pid !== undefined) vm.pid = r.pid;
      if (r.until !== undefined) vm.until = r.until;
      byVmid.set(r.vmid, vm);
    }
    const vms: ProxmoxVm[] = [];
    for (const [vmid, vm] of byVmid) {
      const valid = vm.pid !== undefined ? runsVm(fs, view, vm.pid, vmid, tally) : (vm.until ?? 0) * 1000 > nowMs;
      if (valid === false) {
        tally.count('stale');
        continue;
      }
      const name = this.nameOf(fs, vmid, tally);
      vms.push({ vmid, ...(name !== undefined ? { name } : {}), ...(vm.pid !== undefined ? { pid: vm.pid } : {}), addresses: vm.addresses });
    }
    this.reservations.sweep();
    this.configs.sweep();
    return vms;
  }

  private nameOf(fs: AttributionFs, vmid: number, tally: SourceTally): string | undefined {
    const config = this.configs.read(fs, `${PROXMOX_CONFIG_DIR}/${vmid}.conf`);
    if (config.state === 'unreadable') tally.issue(config.issue);
    if (config.state !== 'read') return undefined;
    if (isIssue(config.result)) {
      tally.count('parse');
      return undefined;
    }
    return config.result.name;
  }
}

/** true: the pid is that VM's QEMU; false: it is gone or another program; undefined: cannot tell. */
function runsVm(fs: AttributionFs, view: ProcessView, pid: number, vmid: number, tally: SourceTally): boolean | undefined {
  const text = fs.readText(`/proc/${pid}/cmdline`);
  if (text === undefined) return view.seesAll ? false : undefined;
  if (isIssue(text)) {
    tally.issue(text);
    return undefined;
  }
  const argv = parseCmdline(text);
  if (isIssue(argv)) return false; // a kernel thread or a zombie took the pid
  const pidfile = parseQemuArgv(argv).pidfile;
  return pidfile === `/var/run/qemu-server/${vmid}.pid` || pidfile === `/run/qemu-server/${vmid}.pid`;
}
