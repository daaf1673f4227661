// attribution: who holds each VF (VM, pod, DPDK process, host), from the last refresh of the attribution runner,
// which reads on its own timer (attribution/attribution-runner.ts); never reads the host itself. Emits
// sriov_vf_consumer_info for the VFs of this scrape and the sources' self-metrics. The consumer labels of
// sriov_vf_info come from the same lookup (consumerLookup), through the inventory collector.

import type { NameOptions } from '../../attribution/consumer-labels.js';
import { consumerLabels, sanitizeLabelValue } from '../../attribution/consumer-labels.js';
import type { VfConsumer } from '../../attribution/consumer-types.js';
import { ERROR_REASONS } from '../../readers/attribution/source-tally.js';
import type { AttributionRunner } from '../attribution/attribution-runner.js';
import { CONSUMER_LABELS, METRICS } from '../exposition/metric-catalog.js';
import type { Collector } from './collector.js';

export type ConsumerLabelValues = { readonly [K in (typeof CONSUMER_LABELS)[number]]: string };

/** What sriov_vf_info carries when attribution is off: the labels, empty. */
export const NO_CONSUMER: ConsumerLabelValues = { consumer_kind: '', consumer: '', consumer_namespace: '' };

/** A VF's consumer labels from the last refresh; `unknown` for a VF the refresh has not seen yet. */
export function consumerLookup(runner: AttributionRunner, names: NameOptions): (address: string) => ConsumerLabelValues {
  return (address) => {
    const consumer = runner.consumerOf(address);
    if (consumer === undefined) return { consumer_kind: 'unknown', consumer: '', consumer_namespace: '' };
    const { consumer_kind, consumer: name, consumer_namespace } = consumerLabels(consumer, names);
    return { consumer_kind, consumer: name, consumer_namespace };
  };
}

export function attributionCollector(runner: AttributionRunner, names: NameOptions): Collector<'attribution'> {
  return {
    name: 'attribution',
    async collect(scrape, out) {
      const result = runner.latest;
      // Before the first refresh there is nothing to say yet (it runs when the server is ready).
      if (result === undefined) return;
      const info = out.vfEmitter(METRICS.vfConsumerInfo);
      for (const pf of (await scrape.topology()).pfs) {
        for (const vf of pf.vfs) {
          const consumer = result.consumers.get(vf.address);
          if (consumer !== undefined) info(scrape.vfLabels(pf, vf), consumerInfoLabels(consumer, names), 1);
        }
        await scrape.pause();
      }
      const up = out.emitter(METRICS.attributionSourceUp);
      const duration = out.emitter(METRICS.attributionDuration);
      for (const status of result.sources) {
        if (status.present) up({ source: status.source }, status.up ? 1 : 0);
        duration({ source: status.source }, status.durationSeconds);
        if (status.present && !status.up) out.problem(`attribution source ${status.source} could not be read (see sriov_attribution_errors_total)`);
      }
      const errors = out.emitter(METRICS.attributionErrors);
      for (const [source, counts] of result.errorTotals) for (const reason of ERROR_REASONS) errors({ source, reason }, counts[reason]);
      const conflicts = out.emitter(METRICS.attributionConflicts);
      for (const [source, n] of result.conflictTotals) conflicts({ source }, n);
      out.emitter(METRICS.attributionLastRefresh)({}, result.completedAt / 1000);
    },
  };
}

/**
 * The labels of sriov_vf_consumer_info after pf, vf, pci_address. Under the id and hash policies the
 * tenant-chosen names that would otherwise pass here (the libvirt domain of a KubeVirt VM is `<ns>_<vm>`, a
 * container's name) are left empty too.
 */
function consumerInfoLabels(consumer: VfConsumer, names: NameOptions) {
  const labels = consumerLabels(consumer, names);
  const d = consumer.details;
  const named = names.policy === 'name';
  const text = (value: string | number | undefined) => (value === undefined ? '' : sanitizeLabelValue(String(value)));
  return {
    consumer_kind: labels.consumer_kind,
    consumer: labels.consumer,
    consumer_namespace: labels.consumer_namespace,
    source: consumer.source ?? '',
    attribution: consumer.attribution ?? '',
    vm_uuid: text(d.vmUuid),
    vmid: text(d.vmid),
    libvirt_domain: named ? text(d.libvirtDomain) : '',
    display_name: labels.display_name ?? '',
    pod_uid: text(d.podUid),
    container: named ? text(d.container) : '',
    resource: text(d.resource),
    network: text(d.network),
    guest_alias: text(d.guestAlias),
  };
}
