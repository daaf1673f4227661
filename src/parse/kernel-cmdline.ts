// /proc/cmdline: whitespace-separated parameters, `name` or `name=value`; a double-quoted value may hold
// spaces. Matching is by exact token, as the sriov-network-operator does (IsKernelArgsSet).

export interface KernelParameter {
  readonly name: string;
  /** undefined for a bare flag (`nointremap`). */
  readonly value?: string;
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
      params.push({ name: raw.slice(0, eq), value, raw });
    }
  }
  return params;
}

/** The last value given for a parameter wins, as in the kernel's own parsing (module params: `-` = `_`). */
export function cmdlineValue(params: readonly KernelParameter[], name: string): string | undefined {
  const wanted = name.replace(/-/g, '_');
  let value: string | undefined;
  for (const p of params) if (p.name.replace(/-/g, '_') === wanted) value = p.value ?? '';
  return value;
}

export function cmdlineHas(params: readonly KernelParameter[], name: string): boolean {
  return cmdlineValue(params, name) !== undefined;
}
