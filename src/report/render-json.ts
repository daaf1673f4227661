// JSON renderer: the public report contract (json-report.ts, docs/report.md). snake_case keys, stable order, no timestamps,
// so that two runs on an unchanged host give identical output.

import { CHECKS } from '../checks/check-table.js';
import { HYPERV_CHECKS } from '../hyperv/hyperv-checks.js';
import { REPORT_SCHEMA_VERSION, type JsonReport } from './json-report.js';
import { sourceStatus } from './kernel-log-sources.js';
import type { Report } from './report.js';

export function renderJson(report: Report): string {
  const titles = new Map([...HYPERV_CHECKS, ...CHECKS].map((c) => [c.id, c.title]));
  const snapshot = report.snapshot;
  const hyperv = report.hyperv;
  const body: JsonReport = {
    schema_version: REPORT_SCHEMA_VERSION,
    tool: report.tool,
    platform: report.platform,
    verdict: report.verdict,
    vfs_required: report.vfsRequired ?? null,
    host: !snapshot ? null : {
      source: {
        rootfs: snapshot.source.rootfs,
        sysfs: snapshot.source.sysfs,
        procfs: snapshot.source.procfs,
        live: snapshot.source.live,
      },
      kernel_release: typeof snapshot.kernel.release === 'string' ? snapshot.kernel.release : null,
      system: snapshot.system,
      names_source: snapshot.names.source,
      kernel_log: snapshot.kernelLog.sources.map((s) => ({ path: s.path, origin: s.origin, status: sourceStatus(s) })),
    },
    hyperv: hyperv
      ? { origin: hyperv.origin, live: hyperv.live, schema: hyperv.schema ?? null, ps_version: hyperv.psVersion ?? null, notes: hyperv.notes }
      : null,
    checks: report.findings.map((f) => ({
      id: f.id,
      layer: f.layer,
      subject: f.subject,
      status: f.status,
      title: titles.get(f.id) ?? f.id,
      summary: f.summary,
      remediation: f.remediation ?? '',
      evidence: f.evidence ?? [],
    })),
    pfs: report.pfs.map((pf) => ({
      pci_address: pf.pciAddress ?? null,
      netdev: pf.netdev ?? null,
      vendor_id: pf.vendorId ?? null,
      device_id: pf.deviceId ?? null,
      vendor: pf.vendor ?? null,
      model: pf.model ?? null,
      family: pf.family ?? null,
      driver: pf.driver ?? null,
      numa_node: pf.numaNode ?? null,
      vfs_supported: pf.vfsSupported ?? null,
      vfs_enabled: pf.vfsEnabled ?? null,
      selected: pf.selected,
      verdict: pf.verdict,
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
