// The JSON report's shape: the public contract of `sriov-check --output json` and the exporter's GET /readiness
// (docs/report.md). docs/report.schema.json is generated from these types (`npm run docs`), and every JSON
// golden is validated against it. Fields are added to, never renamed or removed, within a schema_version.

import type { Layer, Status } from '../checks/check-types.js';
import type { SystemInfo } from '../readers/system-reader.js';
import type { Verdict } from './report.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface JsonReport {
  readonly schema_version: typeof REPORT_SCHEMA_VERSION;
  readonly tool: { readonly name: string; readonly version: string };
  /** What was judged: a Linux host, a Linux guest on Hyper-V/Azure (its accelerated path), a Windows Hyper-V host. */
  readonly platform: 'linux-host' | 'linux-guest' | 'windows-hyperv';
  /** Over the host checks and the selected PFs (`--pf`; all PFs by default). */
  readonly verdict: Verdict;
  /** `--vfs N`, or null. */
  readonly vfs_required: number | null;
  /** The Linux host or guest that was read; null for a Windows host. */
  readonly host: JsonHost | null;
  /** The Windows host's collector document; null on Linux. */
  readonly hyperv: JsonHyperv | null;
  /** One entry per check and subject, in check-table order (docs/checks.md). */
  readonly checks: readonly JsonCheck[];
  /** Every SR-IOV PF, with its own verdict (host checks plus its own). */
  readonly pfs: readonly JsonPf[];
  /** Every VF of those PFs, with who holds it (docs/metrics.md, Attribution); consumer fields null when not read. */
  readonly vfs: readonly JsonVf[];
  /** With `--plan`: the plan's judgement (docs/plan.md). */
  readonly plan?: unknown;
}

export interface JsonVf {
  readonly pci_address: string;
  /** The PF as `pfs[].netdev` names it (its PCI address without a netdev). */
  readonly pf: string;
  /** The PF's PCI address (what `sriov-check diff` matches PFs by). */
  readonly pf_address: string | null;
  /** Index on the PF (virtfnN). */
  readonly vf: number;
  readonly driver: string | null;
  /** Its netdev on the host; null when bound to vfio-pci, inside a VM, or without a driver. */
  readonly netdev: string | null;
  readonly iommu_group: string | null;
  readonly numa_node: number | null;
  /** `vm`, `pod`, `dpdk`, `process`, `host`, `none` (free on a VFIO driver), `unknown`. */
  readonly consumer_kind: string | null;
  /** VM, pod or DPDK prefix name, process comm; `""` for host, none and unknown. */
  readonly consumer: string | null;
  /** Kubernetes namespace of a pod or KubeVirt VM, else `""`. */
  readonly consumer_namespace: string | null;
}

export interface JsonHost {
  readonly source: { readonly rootfs: string; readonly sysfs: string; readonly procfs: string; readonly live: boolean };
  readonly kernel_release: string | null;
  /** systeminformation's view; `consulted: false` with a `note` when the root is not the live host. */
  readonly system: SystemInfo;
  /** Where PCI names came from: `host:<path>` or `bundled:<path>`. */
  readonly names_source: string;
  /** The kernel log files found (or given with --kernel-log), the journal when it was read, and what came of each. */
  readonly kernel_log: readonly JsonKernelLogSource[];
}

export interface JsonHyperv {
  /** The file given with --hyperv-json, `-` for standard input, or the collector command that was run. */
  readonly origin: string;
  readonly live: boolean;
  /** The document's `schema` and `psVersion`, null when it has none. */
  readonly schema: number | null;
  readonly ps_version: string | null;
  /** What the reader absorbed or ignored (unknown keys, a newer schema). */
  readonly notes: readonly string[];
}

export interface JsonKernelLogSource {
  /** A log file; for the journal, its machine directory (/var/log/journal/<machine-id>) or a file in it that failed. */
  readonly path: string;
  readonly origin: 'host' | 'option' | 'journal';
  /** `read, since boot`, `read, without the start of this boot`, `permission denied`, … */
  readonly status: string;
}

export interface JsonCheck {
  /** `<layer>.<area>.<name>`, as in docs/checks.md. */
  readonly id: string;
  readonly layer: Layer;
  /**
   * `host`; the PF's netdev (its uplink), or its PCI address when it has none; on Windows an SR-IOV adapter's
   * name, a virtual switch's name or `<VM>/<adapter>`; in a Linux guest a synthetic NIC's netdev.
   */
  readonly subject: string;
  readonly status: Status;
  readonly title: string;
  readonly summary: string;
  /** The fix with this host's names filled in; empty for pass and skip. */
  readonly remediation: string;
  /** The files (or log lines) behind the conclusion. */
  readonly evidence: readonly string[];
}

export interface JsonPf {
  /** null for a Windows adapter (Get-NetAdapterSriov does not give it). */
  readonly pci_address: string | null;
  readonly netdev: string | null;
  readonly vendor_id: string | null;
  readonly device_id: string | null;
  readonly vendor: string | null;
  readonly model: string | null;
  /** Family id in the NIC catalog. */
  readonly family: string | null;
  readonly driver: string | null;
  readonly numa_node: number | null;
  readonly vfs_supported: number | null;
  readonly vfs_enabled: number | null;
  /** Whether it counts for the report's verdict (`--pf`). */
  readonly selected: boolean;
  readonly verdict: Verdict;
  readonly iommu_group: string | null;
  /** The PF netdev's operstate is up; null without a netdev or when it could not be read. */
  readonly link_up: boolean | null;
  /** Mb/s while the link is up. */
  readonly speed_mbps: number | null;
  /** Enabled VFs nobody holds (`host`, `none`); null when consumers were not read or a VF's holder is `unknown`. */
  readonly vfs_free: number | null;
}
