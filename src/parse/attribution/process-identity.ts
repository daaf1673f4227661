// What kind of program holds a VF, from its comm, its argv and the DPDK runtime files it keeps open
// (reference vf-attribution.md §7.1 b–d): a hypervisor (QEMU, or another VMM known by name), a DPDK
// application, or any other process. Pods are decided later, from the cgroup and the kubelet's files.

import { parseDpdkArgv } from './dpdk-argv.js';
import { programName } from './proc-cmdline.js';
import { OTHER_VMMS, type QemuVfioDevice, isQemu, parseQemuArgv } from './qemu-argv.js';

export type ProcessIdentity =
  | {
      readonly kind: 'qemu';
      readonly guest?: string;
      readonly uuid?: string;
      readonly vmid?: number;
      readonly pidfile?: string;
      readonly devices: readonly QemuVfioDevice[];
    }
  | { readonly kind: 'vmm'; readonly name: string }
  | { readonly kind: 'dpdk'; readonly prefix?: string; readonly allowed: readonly string[] }
  | { readonly kind: 'process'; readonly comm: string };

/**
 * argv undefined: the cmdline could not be read (the kind then rests on comm and the open files alone).
 * runtimePrefix: the prefix of a DPDK runtime directory the process has a file open in.
 */
export function classifyProcess(comm: string, argv: readonly string[] | undefined, runtimePrefix: string | undefined): ProcessIdentity {
  const program = argv ? programName(argv) : undefined;
  if (isQemu(program, comm)) {
    const { vfioDevices, ...facts } = argv ? parseQemuArgv(argv) : { vfioDevices: [] };
    return { kind: 'qemu', ...facts, devices: vfioDevices };
  }
  if (OTHER_VMMS.includes(comm) || (program !== undefined && OTHER_VMMS.includes(program))) return { kind: 'vmm', name: comm };
  const dpdk = argv ? parseDpdkArgv(argv) : undefined;
  if (runtimePrefix !== undefined || dpdk?.eal) {
    const prefix = runtimePrefix ?? dpdk?.filePrefix;
    return { kind: 'dpdk', ...(prefix !== undefined ? { prefix } : {}), allowed: dpdk?.allowed ?? [] };
  }
  return { kind: 'process', comm };
}
