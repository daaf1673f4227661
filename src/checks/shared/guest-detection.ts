// Is this host a virtual machine, and under which hypervisor? The CPU's `hypervisor` flag (CPUID leaf 1 ECX
// bit 31) says "guest"; DMI strings, /sys/hypervisor/type and /sys/bus/vmbus say which. Vendor strings as
// systemd's src/basic/virt.c matches them; names that also belong to real servers (Oracle Corporation,
// Microsoft Corporation) count only with a product name that is a VM's.

import { isIssue } from '../../fact.js';
import type { DmiField } from '../../readers/platform-reader.js';
import type { HostSnapshot } from '../../snapshot/snapshot-types.js';

export interface GuestSigns {
  /** Hypervisor name where it is known. */
  readonly hypervisor?: string;
  /** What says so: "cpuinfo flag hypervisor", "DMI sys_vendor 'QEMU'". */
  readonly evidence: readonly string[];
}

interface DmiRule {
  readonly field: DmiField;
  readonly prefix: string;
  readonly hypervisor: string;
  /** Also required: a product name matching this. */
  readonly product?: RegExp;
  /** Excluded: a product name matching this (EC2 bare-metal instances). */
  readonly notProduct?: RegExp;
}

const DMI_RULES: readonly DmiRule[] = [
  { field: 'sys_vendor', prefix: 'QEMU', hypervisor: 'QEMU/KVM' },
  { field: 'product_name', prefix: 'KVM', hypervisor: 'KVM' },
  { field: 'sys_vendor', prefix: 'VMware', hypervisor: 'VMware' },
  { field: 'product_name', prefix: 'VMware', hypervisor: 'VMware' },
  { field: 'sys_vendor', prefix: 'innotek GmbH', hypervisor: 'VirtualBox' },
  { field: 'sys_vendor', prefix: 'Oracle Corporation', hypervisor: 'VirtualBox', product: /VirtualBox/ },
  { field: 'sys_vendor', prefix: 'Xen', hypervisor: 'Xen' },
  { field: 'sys_vendor', prefix: 'Microsoft Corporation', hypervisor: 'Hyper-V', product: /^Virtual Machine/ },
  { field: 'sys_vendor', prefix: 'Amazon EC2', hypervisor: 'Amazon EC2 (Nitro)', notProduct: /\.metal/ },
  { field: 'sys_vendor', prefix: 'Google', hypervisor: 'Google Compute Engine', product: /Google Compute Engine/ },
  { field: 'product_name', prefix: 'OpenStack', hypervisor: 'OpenStack (KVM)' },
  { field: 'sys_vendor', prefix: 'Parallels', hypervisor: 'Parallels' },
  { field: 'bios_vendor', prefix: 'BHYVE', hypervisor: 'bhyve' },
  { field: 'product_name', prefix: 'KubeVirt', hypervisor: 'KubeVirt' },
  { field: 'sys_vendor', prefix: 'Bochs', hypervisor: 'Bochs' },
  // Not bios_vendor "SeaBIOS": coreboot boards run it on bare metal too.
];

/** Undefined when nothing says "guest". */
export function detectGuest(snapshot: HostSnapshot): GuestSigns | undefined {
  const { cpu, dmi, hypervisorType, vmbus } = snapshot.platform;
  const evidence: string[] = [];
  let hypervisor: string | undefined;
  if (!isIssue(cpu) && cpu?.flags.includes('hypervisor')) evidence.push('cpuinfo flag hypervisor');
  const dmiText = (f: DmiField) => (typeof dmi[f] === 'string' ? (dmi[f] as string) : undefined);
  for (const rule of DMI_RULES) {
    const value = dmiText(rule.field);
    if (value === undefined || !value.startsWith(rule.prefix)) continue;
    const product = dmiText('product_name') ?? '';
    if (rule.product && !rule.product.test(product)) continue;
    if (rule.notProduct?.test(product)) continue;
    hypervisor ??= rule.hypervisor;
    evidence.push(`DMI ${rule.field} "${value}"`);
    break;
  }
  if (typeof hypervisorType === 'string') {
    hypervisor ??= hypervisorType === 'xen' ? 'Xen' : hypervisorType;
    evidence.push(`/sys/hypervisor/type ${hypervisorType}`);
  }
  if (vmbus === true) {
    hypervisor ??= 'Hyper-V';
    evidence.push('/sys/bus/vmbus');
  }
  if (evidence.length === 0) return undefined;
  return hypervisor ? { hypervisor, evidence } : { evidence };
}

export function guestName(signs: GuestSigns): string {
  return signs.hypervisor ? `a ${signs.hypervisor} virtual machine` : 'a virtual machine';
}

/** "Dell Inc. PowerEdge R750", for fixes that point into the BIOS setup. */
export function machineName(snapshot: HostSnapshot): string {
  const { dmi } = snapshot.platform;
  const vendor = typeof dmi.sys_vendor === 'string' ? dmi.sys_vendor : undefined;
  const product = typeof dmi.product_name === 'string' ? dmi.product_name : undefined;
  const name = [vendor, product].filter(Boolean).join(' ');
  return name === '' ? 'this machine' : name;
}
