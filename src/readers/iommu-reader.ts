// Reads the IOMMU as the kernel set it up: units in /sys/class/iommu (with the VT-d registers), the count
// of groups, what matters about the groups of PFs and VFs (domain type, noiommu name), and which interrupt
// chips /proc/interrupts shows (IR- = remapped).

import { type HostFs, readFact } from '../host/host-fs.js';
import { type Fact, isIssue, parseFact, trimmedFact } from '../fact.js';
import { ECAP_IR, parseRegister, registerBit } from '../parse/iommu-registers.js';
import { summarizeInterrupts, type InterruptSummary } from '../parse/proc-interrupts.js';
import type { PciDevice } from './pci-reader.js';

export interface IommuUnit {
  /** dmar0, ivhd0, smmu3.0x… as in /sys/class/iommu. */
  readonly name: string;
  readonly kind: 'intel' | 'amd' | 'other';
  /** Intel: cap and ecap registers (hex, no 0x), version "1:0". AMD: features (EFR). */
  readonly cap?: Fact<string>;
  readonly ecap?: Fact<string>;
  /** Intel: ecap bit 3, the unit can remap interrupts; undefined when ecap could not be read. */
  readonly interruptRemapping?: boolean;
  readonly version?: Fact<string>;
  readonly features?: Fact<string>;
}

/** Members are each PCI device's `iommuGroup`; this holds what else the checks ask about a group. */
export interface IommuGroupInfo {
  /** PF groups: the default domain type (identity, DMA, DMA-FQ, unmanaged, blocked). */
  readonly type?: Fact<string>;
  /** Read only in VFIO's no-IOMMU mode, whose groups are named vfio-noiommu. */
  readonly name?: Fact<string>;
}

export interface IommuInfo {
  /** Entries of /sys/class/iommu. */
  readonly units: Fact<readonly IommuUnit[]>;
  /** Entries of /sys/kernel/iommu_groups. */
  readonly groupCount: Fact<number>;
  /** Groups of PFs (and of VFs in no-IOMMU mode), by group number. */
  readonly groups: Readonly<Record<string, IommuGroupInfo>>;
  /** Interrupt chips in /proc/interrupts: remapped (IR-) or not. */
  readonly interrupts: Fact<InterruptSummary>;
}

const GROUPS_DIR = '/sys/kernel/iommu_groups';

/** `noiommuMode`: VFIO's enable_unsafe_noiommu_mode is on (read with the other module parameters). */
export function readIommu(host: HostFs, devices: readonly PciDevice[], options: { readonly noiommuMode: boolean }): IommuInfo {
  // Only counted: unsorted, as a natural sort of a thousand VF groups' names would cost milliseconds for nothing.
  const groupNames = host.list(GROUPS_DIR, { sorted: false });
  const groupCount: Fact<number> = Array.isArray(groupNames) ? groupNames.filter((n) => /^\d+$/.test(n)).length : (groupNames ?? 0);
  return {
    units: readUnits(host),
    groupCount,
    groups: readGroups(host, devices, options.noiommuMode),
    interrupts: readFact(host, '/proc/interrupts', summarizeInterrupts, 'a CPU header and IRQ lines'),
  };
}

function readUnits(host: HostFs): Fact<readonly IommuUnit[]> {
  const names = host.list('/sys/class/iommu');
  if (names === undefined) return [];
  if (isIssue(names)) return names;
  return names.map((name) => {
    const base = `/sys/class/iommu/${name}`;
    const register = (file: string) => readFact(host, `${base}/${file}`, parseRegister, 'hex without 0x');
    const ecap = register('intel-iommu/ecap');
    if (ecap !== undefined) {
      const version = readFact(host, `${base}/intel-iommu/version`, (t) => (/^\d+:\d+$/.test(t.trim()) ? t.trim() : undefined), 'major:minor');
      const interruptRemapping = typeof ecap === 'string' ? registerBit(ecap, ECAP_IR) : undefined;
      return { name, kind: 'intel' as const, cap: register('intel-iommu/cap'), ecap, ...(interruptRemapping === undefined ? {} : { interruptRemapping }), version };
    }
    // AMD prints the extended feature register as one %llx, newer kernels as "efr1:efr2".
    const featuresPath = `${base}/amd-iommu/features`;
    const features = parseFact(featuresPath, host.readText(featuresPath), (t) => (/^[0-9a-f]+(?::[0-9a-f]+)?$/i.test(t.trim()) ? t.trim().toLowerCase() : undefined), 'hex, or hex:hex');
    if (features !== undefined) return { name, kind: 'amd' as const, features };
    return { name, kind: 'other' as const };
  });
}

/**
 * What the checks need to know about groups beyond their members: the PFs' default domain type (pass-through)
 * and, only in VFIO's no-IOMMU mode, the VF groups' name (vfio-noiommu). Members are not read here: the kernel
 * adds a device's `iommu_group` link and the group's `devices/` entry together (iommu_group_add_device), and
 * the PCI reader has read every device's link already — a listing per VF group would cost ~25 ms on a host
 * with a thousand VFs and say nothing more about PCI devices.
 */
function readGroups(host: HostFs, devices: readonly PciDevice[], namesMatter: boolean): Record<string, IommuGroupInfo> {
  const wanted = new Map<string, 'pf' | 'vf'>();
  for (const d of devices) {
    if (typeof d.iommuGroup !== 'string') continue;
    if (d.sriov !== undefined) wanted.set(d.iommuGroup, 'pf');
    else if (d.physfn !== undefined && namesMatter && !wanted.has(d.iommuGroup)) wanted.set(d.iommuGroup, 'vf');
  }
  const groups: Record<string, IommuGroupInfo> = {};
  for (const [group, role] of [...wanted].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    const base = `${GROUPS_DIR}/${group}`;
    const name = namesMatter ? trimmedFact(host.readText(`${base}/name`)) : undefined;
    const type = role === 'pf' ? trimmedFact(host.readText(`${base}/type`)) : undefined;
    groups[group] = { ...(type !== undefined ? { type } : {}), ...(name !== undefined ? { name } : {}) };
  }
  return groups;
}

