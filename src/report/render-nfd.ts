// node-feature-discovery `features.d` file (`--output nfd`): the verdict as node labels, so that pods and VMs
// that need SR-IOV are scheduled only on ready nodes. nfd-worker's local source reads
// /etc/kubernetes/node-feature-discovery/features.d/*: one `<namespace>/<name>[=<value>]` a line, `#` comments,
// and the directive `# +expiry-time=<RFC 3339>` after which the lines below it are dropped (so labels of a node
// whose writer stopped do not stay forever). Files starting with a dot are ignored: write one and rename it.
//
// Names carry the `feature.node.kubernetes.io/` namespace themselves: NFD still prefixes bare names with it, but
// that is deprecated, and it is the one namespace under kubernetes.io that nfd-master always accepts. A fact
// that is not known (free VFs before holders are read, an IOMMU that could not be judged) has no label: a
// nodeSelector on it then matches no node, which is the safe answer.

import type { PfRow, ReportView } from './report-view.js';

export const NFD_NAMESPACE = 'feature.node.kubernetes.io';
const PREFIX = 'sriov-check';

export interface NfdOptions {
  /** Labels expire at this time (written as `# +expiry-time`); none when undefined. */
  readonly expiresAt?: Date;
}

/** Kubernetes label name (the part after the slash): 63 characters at most, alphanumeric at both ends. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** Kubernetes label value: empty, or 63 characters at most, alphanumeric at both ends. */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export const isLabelName = (name: string) => LABEL_NAME.test(name);
export const isLabelValue = (value: string) => LABEL_VALUE.test(value);

/** A PF's part of its label names: its netdev name when that is label-safe, else its PCI address with `-` for `:`. */
export function pfLabelKey(pf: Pick<PfRow, 'subject' | 'pciAddress'>): string {
  const fits = (key: string) => isLabelName(`${PREFIX}.pf.${key}.vfs-enabled`);
  return fits(pf.subject) ? pf.subject : pf.pciAddress.replace(/:/g, '-');
}

/** The labels, in order: host first, then each PF. Unknown facts are left out. */
export function nfdLabels(view: ReportView): [string, string][] {
  const labels: [string, string][] = [];
  const add = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) labels.push([`${NFD_NAMESPACE}/${PREFIX}.${name}`, String(value)]);
  };
  add('ready', view.verdict !== 'not-ready');
  add('verdict', view.verdict);
  add('iommu', view.iommu === 'unknown' ? undefined : view.iommu === 'on');
  add('vfs-enabled', sum(view.pfs.map((pf) => pf.vfsEnabled)));
  add('vfs-free', sum(view.pfs.map((pf) => pf.vfsFree)));
  for (const pf of view.pfs) {
    const key = `pf.${pfLabelKey(pf)}`;
    add(`${key}.ready`, pf.verdict !== 'not-ready');
    add(`${key}.vfs-total`, pf.vfsSupported);
    add(`${key}.vfs-enabled`, pf.vfsEnabled);
    add(`${key}.vfs-free`, pf.vfsFree);
  }
  return labels;
}

/** The sum, or undefined when any part is unknown (or there is nothing to add up). */
function sum(values: readonly (number | undefined)[]): number | undefined {
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  return values.reduce<number>((a, b) => a + (b as number), 0);
}

export function renderNfd(view: ReportView, options: NfdOptions = {}): string {
  const lines = [`# ${view.tool.name} ${view.tool.version}: SR-IOV readiness of ${view.host} for node-feature-discovery (generated; do not edit)`];
  if (!view.consumersKnown) lines.push('# vfs-free is left out: who holds each VF was not read');
  if (options.expiresAt) lines.push(`# +expiry-time=${options.expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`);
  for (const [name, value] of nfdLabels(view)) lines.push(`${name}=${value}`);
  return `${lines.join('\n')}\n`;
}
