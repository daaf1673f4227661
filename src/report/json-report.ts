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
  readonly path: string;
  readonly origin: 'host' | 'option';
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
}
