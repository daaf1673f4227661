// hyperv_host: a Windows Hyper-V host's SR-IOV inventory from the last collector document the readiness runs got
// (readiness/hyperv-readiness.ts): VFs and queue pairs per virtual switch, and per VM network adapter its IOV
// weight, usage, queue pairs and data path. Never runs the collector itself; a value the document does not give
// makes no series.

import { isIssue, type Fact } from '../../fact.js';
import type { VmSwitchFacts, VnicFacts } from '../../parse/hyperv-document.js';
import { METRICS } from '../exposition/metric-catalog.js';
import type { Emit } from '../exposition/sample-sink.js';
import type { HypervReadiness } from '../readiness/hyperv-readiness.js';
import type { ReadinessRunner } from '../readiness/readiness-runner.js';
import type { Collector } from './collector.js';

export function hypervHostCollector(documents: HypervReadiness, runner: Pick<ReadinessRunner, 'lastFailure'>): Collector<'hyperv_host'> {
  return {
    name: 'hyperv_host',
    collect(_scrape, out) {
      const latest = documents.latest;
      const failure = runner.lastFailure;
      if (failure) out.problem(`the last collection failed${latest ? ', the previous document is served' : ''}: ${failure.message}`);
      // Before the first document there is nothing to say yet, which is not a failure.
      if (latest === undefined) return;
      const { document, collectedAt } = latest;
      out.emitter(METRICS.hypervDocumentTimestamp)({}, collectedAt / 1000);

      const switches = isIssue(document.switches) ? (out.problem(document.switches), []) : (document.switches ?? []);
      const perSwitch: ReadonlyArray<[Emit<readonly ['switch']>, (s: VmSwitchFacts) => Fact<number | boolean>]> = [
        [out.emitter(METRICS.hypervSwitchIovEnabled), (s) => s.iovEnabled],
        [out.emitter(METRICS.hypervSwitchVfs), (s) => s.iovVirtualFunctionCount],
        [out.emitter(METRICS.hypervSwitchVfsInUse), (s) => s.iovVirtualFunctionsInUse],
        [out.emitter(METRICS.hypervSwitchQueuePairs), (s) => s.iovQueuePairCount],
        [out.emitter(METRICS.hypervSwitchQueuePairsInUse), (s) => s.iovQueuePairsInUse],
      ];
      for (const vswitch of switches) {
        if (typeof vswitch.name !== 'string') continue;
        for (const [emit, value] of perSwitch) emitKnown(emit, { switch: vswitch.name }, value(vswitch));
      }

      const vnics = isIssue(document.vnics) ? (out.problem(document.vnics), []) : (document.vnics ?? []);
      const perAdapter: ReadonlyArray<[Emit<readonly ['vm', 'adapter', 'switch']>, (v: VnicFacts) => Fact<number | boolean>]> = [
        [out.emitter(METRICS.hypervVmAdapterIovWeight), (v) => v.iovWeight],
        [out.emitter(METRICS.hypervVmAdapterIovUsage), (v) => v.iovUsage],
        [out.emitter(METRICS.hypervVmAdapterQueuePairs), (v) => v.iovQueuePairsAssigned],
        [out.emitter(METRICS.hypervVmAdapterVfDatapath), (v) => v.vfDataPathActive],
      ];
      const seen = new Map<string, number>();
      for (const vnic of vnics) {
        if (typeof vnic.vmName !== 'string' || typeof vnic.name !== 'string') continue;
        // A VM's adapters often share a name ("Network Adapter"): the second and later get their position.
        const key = `${vnic.vmName.toLowerCase()}\n${vnic.name}`;
        const nth = (seen.get(key) ?? 0) + 1;
        seen.set(key, nth);
        const labels = { vm: vnic.vmName, adapter: nth === 1 ? vnic.name : `${vnic.name} (${nth})`, switch: typeof vnic.switchName === 'string' ? vnic.switchName : '' };
        for (const [emit, value] of perAdapter) emitKnown(emit, labels, value(vnic));
      }
    },
  };
}

/** A number as it is, a boolean as 1 or 0; nothing for a value the document does not give. */
function emitKnown<L extends readonly string[]>(emit: Emit<L>, labels: Parameters<Emit<L>>[0], value: Fact<number | boolean>): void {
  if (typeof value === 'number') emit(labels, value);
  else if (typeof value === 'boolean') emit(labels, value ? 1 : 0);
}
