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
  /** Over the host checks and the selected PFs (`--pf`; all PFs by default). */
  readonly verdict: Verdict;
  /** `--vfs N`, or null. */
  readonly vfs_required: number | null;
  readonly host: JsonHost;
  /** One entry per check and subject, in check-table order (docs/checks.md). */
  readonly checks: readonly JsonCheck[];
  /** Every SR-IOV PF, with its own verdict (host checks plus its own). */
  readonly pfs: readonly JsonPf[];
}

export interface JsonHost {
  readonly source: { readonly rootfs: string; readonly sysfs: string; readonly procfs: string; readonly live: boolean };
  readonly kernel_release: string | null;
  /** systeminformation's view; `consulted: false` with a `note` when the root is not the live host. */
  readonly system: SystemInfo;
  /** Where PCI names came from: `host:<path>` or `bundled:<path>`. */
  readonly names_source: string;
  /** The kernel log files found (or given with --kernel-log) and what came of each. */
  readonly kernel_log: readonly JsonKernelLogSource[];
}

export interface JsonKernelLogSource {
  readonly path: string;
  readonly origin: 'host' | 'option';
  /** `read, since boot`, `read, without the start of this boot`, `permission denied`, … */
  readonly status: string;
}

export interface JsonCheck {
  /** `<layer>.<area>.<name>`, as in docs/checks.md. */
  readonly id: string;
  readonly layer: Layer;
  /** `host`, or the PF's netdev (its uplink), or its PCI address when it has none. */
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
  readonly pci_address: string;
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
}
