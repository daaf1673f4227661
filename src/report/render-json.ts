// JSON renderer: the public report contract (json-report.ts, docs/report.md). snake_case keys, stable order, no timestamps,
// so that two runs on an unchanged host give identical output.

import { CHECKS } from '../checks/check-table.js';
import { HYPERV_CHECKS } from '../hyperv/hyperv-checks.js';
import { REPORT_SCHEMA_VERSION, type JsonReport } from './json-report.js';
import { sourceStatus } from './kernel-log-sources.js';
import { reportVfs, type Report } from './report.js';
import { viewReport } from './report-view.js';

/** `extra`: members added after the report's own (the plan judgement), never replacing one. */
export function renderJson(report: Report, extra: Readonly<Record<string, unknown>> = {}): string {
  const titles = new Map([...HYPERV_CHECKS, ...CHECKS].map((c) => [c.id, c.title]));
  const snapshot = report.snapshot;
  const hyperv = report.hyperv;
  const view = viewReport(report);
  const vfRows = new Map(view.vfs.map((vf) => [vf.pciAddress, vf]));
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
    pfs: view.pfs.map((pf) => ({
      // The view's '' is a Windows adapter's unknown address.
      pci_address: pf.pciAddress === '' ? null : pf.pciAddress,
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
      iommu_group: pf.iommuGroup ?? null,
      link_up: pf.linkUp ?? null,
      speed_mbps: pf.speedMbps ?? null,
      vfs_free: pf.vfsFree ?? null,
    })),
    vfs: reportVfs(report).map(({ pf, vf, consumer }) => {
      const row = vfRows.get(vf.address);
      return {
        pci_address: vf.address,
        pf,
        pf_address: row?.pfAddress ?? null,
        vf: vf.index,
        driver: vf.driver ?? null,
        netdev: row?.netdev ?? null,
        iommu_group: row?.iommuGroup ?? null,
        numa_node: row?.numaNode ?? null,
        consumer_kind: consumer?.kind ?? null,
        consumer: consumer?.consumer ?? null,
        consumer_namespace: consumer?.namespace ?? null,
      };
    }),
    ...extra,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
