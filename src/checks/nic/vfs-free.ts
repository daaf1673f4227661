// nic.vfs.free: with --vfs N, are N VFs of the PF free — enabled and held by no VM, pod or process? A preflight that
// counts only enabled VFs says ready on a host whose VFs are all taken, and the deployment fails later.

import type { ConsumerSummary } from '../../attribution/consumer-types.js';
import { isFree } from '../../attribution/consumer-types.js';
import type { CheckOptions, Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { pass, plural, skip, warn } from '../outcome.js';
import { remedies } from '../remediations.js';
import { sysfsPath } from '../shared/pf-text.js';

const fix = remedies('free-vfs');

/** Holders named in a summary before it says how many more. */
const NAMED = 3;

export const vfsFree: PfCheck = {
  id: 'nic.vfs.free',
  layer: 'nic',
  scope: 'pf',
  title: 'Are enough VFs free?',
  reads: '/proc/<pid>/fd, /run/libvirt/qemu/*.xml, /run/qemu-server/pci-id-reservations, the kubelet checkpoint, CNI caches',
  fix: 'Free VFs held by consumers that no longer need them, or enable more VFs.',
  requires: ['nic.vfs.enabled'],
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView, options: CheckOptions): Outcome {
  const need = options.vfs;
  const consumers = host.snapshot.consumers;
  if (consumers === undefined) return skip('consumers not read (a snapshot without them)');
  if (pf.vfs.length === 0) return skip('no VFs enabled');
  const byAddress = new Map(consumers.map((c) => [c.address, c]));
  const held: ConsumerSummary[] = [];
  let free = 0;
  let unknown = 0;
  for (const vf of pf.vfs) {
    const c = byAddress.get(vf.address);
    if (c === undefined || c.kind === 'unknown') unknown++;
    else if (isFree(c.kind)) free++;
    else held.push(c);
  }
  const heldText = held.length > 0 ? ` (${held.length} held by ${holders(held)})` : '';
  const unknownText = unknown > 0 ? `, ${unknown} unknown` : '';
  const summary = `${need !== undefined ? `${plural(need, 'VF')} needed, ` : ''}${free} free on ${pf.subject}${heldText}${unknownText}`;
  if (need === undefined || free >= need) return pass(summary);
  const path = `${sysfsPath(pf)}/sriov_numvfs`;
  return warn(summary, fix('free-vfs', { pf: pf.subject, path, count: pf.vfs.length + need - free }), [path]);
}

/** `vm web01, pod tenant-a/cnf-1, dpdk rte…`: the first few holders, each once. */
function holders(held: readonly ConsumerSummary[]): string {
  const names = [...new Set(held.map((c) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.consumer || '?'}`))];
  return names.length > NAMED ? `${names.slice(0, NAMED).join(', ')}…` : names.join(', ');
}
