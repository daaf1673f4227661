// /proc/cmdline: whitespace-separated parameters, `name` or `name=value`; a double-quoted value may hold
// spaces. Matching is by exact token, as the sriov-network-operator does (IsKernelArgsSet).

import { parseYesNo } from './sysfs-values.js';

export interface KernelParameter {
  readonly name: string;
  /** undefined for a bare flag (`nointremap`). */
  readonly value?: string;
  /** For a module switch (`vfio.enable_unsafe_noiommu_mode=1`, `kvm_intel.nested=Y`): whether it is on. */
  readonly enabled?: boolean;
  /** The token as written, for messages. */
  readonly raw: string;
}

export function parseCmdline(text: string): KernelParameter[] {
  const params: KernelParameter[] = [];
  const tokens = text.trim().match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  for (const raw of tokens) {
    const eq = raw.indexOf('=');
    if (eq < 0) {
      params.push({ name: raw, raw });
    } else {
      const value = raw.slice(eq + 1).replace(/^"(.*)"$/, '$1');
      const enabled = parseYesNo(value);
      params.push({ name: raw.slice(0, eq), value, ...(enabled === undefined ? {} : { enabled }), raw });
    }
  }
  return params;
}

/** The parameter as it counts: the last one given wins, as in the kernel's own parsing (module params: `-` = `_`). */
export function cmdlineParameter(params: readonly KernelParameter[], name: string): KernelParameter | undefined {
  const wanted = name.replace(/-/g, '_');
  let found: KernelParameter | undefined;
  for (const p of params) if (p.name.replace(/-/g, '_') === wanted) found = p;
  return found;
}

/** The value that counts; '' for a bare flag, undefined when the parameter is not given. */
export function cmdlineValue(params: readonly KernelParameter[], name: string): string | undefined {
  const found = cmdlineParameter(params, name);
  return found === undefined ? undefined : (found.value ?? '');
}

/** `intel_iommu=on,sm_on` → ['on', 'sm_on']; [] when not given. */
export function cmdlineValues(params: readonly KernelParameter[], name: string): string[] {
  return (cmdlineValue(params, name) ?? '').split(',').filter(Boolean);
}

export function cmdlineHas(params: readonly KernelParameter[], name: string): boolean {
  return cmdlineValue(params, name) !== undefined;
}
