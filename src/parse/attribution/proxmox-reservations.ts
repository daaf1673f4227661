// Proxmox VE's /run/qemu-server/pci-id-reservations (qemu-server PCI.pm): the devices each VM holds, one line
//   <pci id> <vmid> pid:<qemu pid>      the VM is running
//   <pci id> <vmid> time:<epoch>        reserved while the VM starts, valid until that time
// qemu-server itself reads it with m/^($PCIRE)\s(\d+)\s(time|pid)\:(\d+)$/ and skips other lines; so do we,
// and say how many.

import { normalizePciAddress } from '../sysfs-values.js';
import { type Parsed, parseIssue } from '../../fact.js';

export interface ProxmoxReservation {
  readonly address: string;
  readonly vmid: number;
  /** The running VM's QEMU; undefined while it starts. */
  readonly pid?: number;
  /** Expiry (seconds since the epoch) of a reservation made for a start in progress. */
  readonly until?: number;
}

export interface ProxmoxReservations {
  readonly reservations: readonly ProxmoxReservation[];
  /** Lines of another shape (a line being written, or garbage). */
  readonly skipped: number;
}

const LINE = /^(\S+)\s(\d{1,9})\s(time|pid):(\d{1,12})$/;

export function parseProxmoxReservations(text: string): Parsed<ProxmoxReservations> {
  const reservations: ProxmoxReservation[] = [];
  let skipped = 0;
  const lines = text.split('\n');
  const last = lines.pop() as string;
  // A last line without its newline was being written when read.
  if (last.trim() !== '') skipped++;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const match = LINE.exec(line);
    const address = match ? normalizePciAddress(match[1] as string) : undefined;
    if (!match || address === undefined) {
      skipped++;
      continue;
    }
    const number = Number(match[4]);
    reservations.push({ address, vmid: Number(match[2]), ...(match[3] === 'pid' ? { pid: number } : { until: number }) });
  }
  if (reservations.length === 0 && skipped > 0) return parseIssue(last.trim() !== '' && lines.length === 0 ? 'ESHORT' : 'EPARSE', `${skipped} lines of another shape`);
  return ({ reservations, skipped });
}
