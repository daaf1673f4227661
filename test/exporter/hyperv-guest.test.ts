// The hyperv_guest collector: in a Hyper-V/Azure guest tree, per synthetic NIC, the VF's presence and join and the
// traffic over the VF against the synthetic path (hv_netvsc's `ethtool -S`, recorded from a real guest and printed
// by the stand-in ethtool); on a host without VMBus, nothing.

import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { skipWithout, toolPath } from '../support/required-tools.js';
import { REPO } from '../support/run-cli.js';
import { collectorSuccess, find, parseExposition, startExporter } from '../support/exporter-server.js';

const NETVSC = path.join(REPO, 'test/fixtures/commands/netvsc/eth0.txt');
const spec = (name: string) => (SCENARIOS.find((s) => s.name === name) as (typeof SCENARIOS)[number]).spec;

async function scrapeGuest(t: Test, name: string) {
  // The second NIC of azure-cx5-guest (eth3) answers with the same recording.
  const recorded = fs.readFileSync(NETVSC, 'utf8');
  const dir = t.testdir({ 'ip.json': '[]\n', ethtool: { 'eth0.txt': recorded, 'eth3.txt': recorded } });
  const exporter = await startExporter(t, { spec: spec(name), ipJson: path.join(dir, 'ip.json') }, { fake: { ethtoolDir: path.join(dir, 'ethtool') } });
  const { status, body } = await exporter.scrape();
  t.equal(status, 200);
  await t.test('promtool check metrics finds nothing', { skip: skipWithout(t, 'promtool') }, async (t) => {
    const lint = spawnSync(toolPath('promtool'), ['check', 'metrics'], { input: body, encoding: 'utf8' });
    t.equal(lint.status, 0, 'exit status 0');
    t.equal(`${lint.stdout}${lint.stderr}`, '', 'no findings');
  });
  return parseExposition(body);
}

const value = (series: ReturnType<typeof parseExposition>, name: string) => find(series, name, { netdev: 'eth0' }).map((s) => s.value);

t.test('a guest with its ConnectX-5 VF joined: present, joined, and both paths counted', async (t) => {
  const series = await scrapeGuest(t, 'azure-cx5-guest');
  t.equal(collectorSuccess(series, 'hyperv_guest'), 1);
  t.strictSame(value(series, 'sriov_guest_vf_present'), [1]);
  t.strictSame(value(series, 'sriov_guest_vf_joined'), [1]);
  // reference/hyperv.md §5's real counters: vf_* as printed, the channels summed.
  t.strictSame(value(series, 'sriov_guest_vf_receive_packets_total'), [111180]);
  t.strictSame(value(series, 'sriov_guest_vf_transmit_bytes_total'), [2184786508]);
  t.strictSame(value(series, 'sriov_guest_synthetic_receive_packets_total'), [1988 + 1212]);
  t.strictSame(value(series, 'sriov_guest_synthetic_transmit_packets_total'), [3112 + 2118]);
});

t.test('a guest whose VF the host removed: no VF, not joined', async (t) => {
  const series = await scrapeGuest(t, 'azure-vf-removed');
  t.strictSame(value(series, 'sriov_guest_vf_present'), [0]);
  t.strictSame(value(series, 'sriov_guest_vf_joined'), [0]);
});

t.test('a guest whose VF has no driver: present, never joined', async (t) => {
  const series = await scrapeGuest(t, 'azure-vf-no-driver');
  t.strictSame(value(series, 'sriov_guest_vf_present'), [1]);
  t.strictSame(value(series, 'sriov_guest_vf_joined'), [0]);
});

t.test('a Linux host (no VMBus): no guest series, the collector succeeds', async (t) => {
  const exporter = await startExporter(t, 'e810-iavf');
  const series = parseExposition((await exporter.scrape()).body);
  t.equal(collectorSuccess(series, 'hyperv_guest'), 1);
  t.equal(series.filter((s) => s.name.startsWith('sriov_guest_')).length, 0);
});
