// Nothing is cached from an earlier scrape: a VF removed from the host vanishes from the next exposition,
// and a VF created appears in it.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { IP_RECORDINGS } from '../support/exporter-host.js';
import { buildHost } from '../support/host-builder.js';
import { find, parseExposition, startExporter } from '../support/exporter-server.js';

const E810 = EXPORTER_SCENARIOS.find((h) => h.name === 'e810-iavf');
const GONE = '0000:37:11.3'; // VF 3 of ens2f1

/** What the kernel does on `echo 3 > sriov_numvfs` (from 4), for the last VF: its links and directory go. */
function removeLastVf(root: string): void {
  const pf = '/sys/bus/pci/devices/0000:37:00.1';
  const real = (hostPath: string) => path.join(root, hostPath);
  const vfDir = fs.realpathSync(real(`/sys/bus/pci/devices/${GONE}`));
  fs.writeFileSync(real(`${pf}/sriov_numvfs`), '3\n');
  fs.rmSync(real(`${pf}/virtfn3`));
  fs.rmSync(real(`/sys/bus/pci/devices/${GONE}`));
  fs.rmSync(real(`/sys/bus/pci/drivers/vfio-pci/${GONE}`));
  fs.rmSync(real(`/sys/kernel/iommu_groups/63`), { recursive: true });
  fs.rmSync(vfDir, { recursive: true });
}

t.test('a VF that disappears between scrapes disappears from the exposition; one that appears, appears', async (t) => {
  if (!E810) throw new Error('fixture host e810-iavf missing');
  const exporter = await startExporter(t, 'e810-iavf');
  const before = parseExposition((await exporter.scrape()).body);
  t.equal(find(before, 'sriov_vf_info', { pf: 'ens2f1' }).length, 4);
  t.ok(before.some((s) => s.labels.pci_address === GONE), 'VF 3 of ens2f1 is there');

  removeLastVf(exporter.root);
  const after = parseExposition((await exporter.scrape()).body);
  t.equal(find(after, 'sriov_vf_info', { pf: 'ens2f1' }).length, 3, 'three VFs left');
  t.notOk(after.some((s) => s.labels.pci_address === GONE), 'no series of any family for the removed VF');
  t.equal(find(after, 'sriov_pf_vfs_enabled', { pf: 'ens2f1' })[0]?.value, 3);
  t.equal(find(after, 'sriov_exporter_collector_success', { collector: 'inventory' })[0]?.value, 1, 'a removed VF is not an error');

  // Writing the whole host again is creating the VF again, as `echo 4 > sriov_numvfs` would.
  buildHost(exporter.root, E810.spec);
  const again = parseExposition((await exporter.scrape()).body);
  t.equal(find(again, 'sriov_vf_info', { pf: 'ens2f1' }).length, 4, 'the VF is back');
  t.equal(find(again, 'sriov_vf_transmit_dropped_total', { pci_address: GONE })[0]?.value, 6, 'with its counters');
});

t.test('a PF that appears after start-up is found at the next scrape', async (t) => {
  if (!E810) throw new Error('fixture host e810-iavf missing');
  const onePf = { ...E810.spec, pfs: E810.spec.pfs?.slice(0, 1) };
  const exporter = await startExporter(t, { spec: onePf, ipJson: path.join(IP_RECORDINGS, 'e810.json') });
  t.equal(find(parseExposition((await exporter.scrape()).body), 'sriov_pf_info').length, 1);
  buildHost(exporter.root, E810.spec);
  t.equal(find(parseExposition((await exporter.scrape()).body), 'sriov_pf_info').length, 2);
});
