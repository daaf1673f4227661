// --collector.pf-include / --collector.pf-exclude: which PFs the exporter looks at. A pattern is an
// unanchored regular expression (as node_exporter's device-include) tried on the PF's netdev name and on its
// PCI address; a PF is kept when it matches the include pattern (if any) and not the exclude pattern.

export interface PfFilter {
  readonly include?: RegExp;
  readonly exclude?: RegExp;
}

export interface PfName {
  readonly netdev?: string;
  readonly address: string;
}

export function pfSelected(filter: PfFilter, pf: PfName): boolean {
  const matches = (pattern: RegExp) => (pf.netdev !== undefined && pattern.test(pf.netdev)) || pattern.test(pf.address);
  if (filter.include && !matches(filter.include)) return false;
  return !(filter.exclude && matches(filter.exclude));
}
