// nic.pf.numa: on a multi-socket host, VMs using the VFs belong on the NIC's node; the firmware has to say
// which node that is (ACPI _PXM).

import { isIssue } from '../../fact.js';
import type { Outcome, PfCheck } from '../check-types.js';
import type { HostView, PfView } from '../host-view.js';
import { pass, unknown, warn } from '../outcome.js';
import { remedies } from '../remediations.js';

const fix = remedies('numa-bios');

export const pfNuma: PfCheck = {
  id: 'nic.pf.numa',
  layer: 'nic',
  scope: 'pf',
  title: "Is the PF's NUMA node reported?",
  reads: '<pf>/numa_node, /sys/devices/system/node/node*',
  fix: "Update the BIOS so that ACPI reports the slot's proximity (_PXM); pin VMs to the NIC's node.",
  remedies: fix.codes,
  run,
};

function run(pf: PfView, host: HostView): Outcome {
  const node = pf.device.numaNode;
  if (isIssue(node)) return unknown('numa_node', node);
  const nodes = host.snapshot.numaNodes;
  if (node !== undefined && node >= 0) return pass(`NUMA node ${node}: pin VMs that use these VFs to CPUs of node ${node}`);
  if (typeof nodes === 'number' && nodes > 1) {
    return warn(
      `the firmware reports no NUMA node for ${pf.address} on a host with ${nodes} nodes: VMs cannot be placed next to the NIC`,
      fix('numa-bios'),
    );
  }
  return pass('single NUMA node host: no placement needed');
}
