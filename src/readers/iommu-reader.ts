// Reads the IOMMU as the kernel set it up: units in /sys/class/iommu (with the VT-d registers), the count
// of groups, the groups the PFs and VFs are in (members, domain type, noiommu name), and which interrupt
// chips /proc/interrupts shows (IR- = remapped).

import { type HostFs } from '../host/host-fs.js';
import { type Fact, isIssue, parseFact } from '../host/read-issue.js';
import { parseRegister } from '../parse/iommu-registers.js';
import { summarizeInterrupts } from '../parse/proc-interrupts.js';
import type { IommuGroupInfo, IommuInfo, IommuUnit, PciDevice } from '../snapshot/snapshot-types.js';

const GROUPS_DIR = '/sys/kernel/iommu_groups';

export function readIommu(host: HostFs, devices: readonly PciDevice[]): IommuInfo {
  const groupNames = host.list(GROUPS_DIR);
  const groupCount: Fact<number> = Array.isArray(groupNames) ? groupNames.filter((n) => /^\d+$/.test(n)).length : (groupNames ?? 0);
  return {
    units: readUnits(host),
    groupCount,
    groups: readGroups(host, devices),
    interrupts: parseFact('/proc/interrupts', host.readText('/proc/interrupts'), summarizeInterrupts, 'a CPU header and IRQ lines'),
  };
}

function readUnits(host: HostFs): Fact<readonly IommuUnit[]> {
  const names = host.list('/sys/class/iommu');
  if (names === undefined) return [];
  if (isIssue(names)) return names;
  return names.map((name) => {
    const base = `/sys/class/iommu/${name}`;
    const register = (file: string) => parseFact(`${base}/${file}`, host.readText(`${base}/${file}`), parseRegister, 'hex without 0x');
    const ecap = register('intel-iommu/ecap');
    if (ecap !== undefined) {
      const version = parseFact(`${base}/intel-iommu/version`, host.readText(`${base}/intel-iommu/version`), (t) => (/^\d+:\d+$/.test(t.trim()) ? t.trim() : undefined), 'major:minor');
      return { name, kind: 'intel' as const, cap: register('intel-iommu/cap'), ecap, version };
    }
    // AMD prints the extended feature register as one %llx, newer kernels as "efr1:efr2".
    const featuresPath = `${base}/amd-iommu/features`;
    const features = parseFact(featuresPath, host.readText(featuresPath), (t) => (/^[0-9a-f]+(?::[0-9a-f]+)?$/i.test(t.trim()) ? t.trim().toLowerCase() : undefined), 'hex, or hex:hex');
    if (features !== undefined) return { name, kind: 'amd' as const, features };
    return { name, kind: 'other' as const };
  });
}

/** Groups of PFs and their VFs: members (for isolation), type for PFs (pass-through), name for VFs (noiommu). */
function readGroups(host: HostFs, devices: readonly PciDevice[]): Record<string, IommuGroupInfo> {
  const wanted = new Map<string, 'pf' | 'vf'>();
  for (const d of devices) {
    if (typeof d.iommuGroup !== 'string') continue;
    if (d.physfn !== undefined) wanted.set(d.iommuGroup, wanted.get(d.iommuGroup) ?? 'vf');
    else if (d.sriov !== undefined) wanted.set(d.iommuGroup, 'pf');
  }
  const groups: Record<string, IommuGroupInfo> = {};
  for (const [group, role] of [...wanted].sort((a, b) => Number(a[0]) - Number(b[0]))) {
    const base = `${GROUPS_DIR}/${group}`;
    const name = trimmed(host.readText(`${base}/name`));
    const type = role === 'pf' ? trimmed(host.readText(`${base}/type`)) : undefined;
    groups[group] = {
      devices: host.list(`${base}/devices`) ?? [],
      ...(type !== undefined ? { type } : {}),
      ...(name !== undefined ? { name } : {}),
    };
  }
  return groups;
}

function trimmed(fact: Fact<string>): Fact<string> {
  return typeof fact === 'string' ? fact.trim() : fact;
}
