// The exporter's attribution collector on the x710-consumers host (a libvirt VM, a KubeVirt VM, a pod, a DPDK
// process, the host and a free VF): its own refresh (a VM started after a refresh shows at the next one, not
// at a scrape), --no-collector.attribution, and the name policies on the labels.

import t from 'tap';
import * as path from 'node:path';
import { AttributionRunner, fullRescanMs } from '../../src/exporter/attribution/attribution-runner.js';
import { hashName } from '../../src/attribution/consumer-labels.js';
import { libvirtQemuArgv, processFiles, qemuFds } from '../support/consumer-files.js';
import { writeExtraFiles } from '../support/consumer-host.js';
import { startExporter } from '../support/exporter-server.js';

const HOST = 'x710-consumers';
const VF2 = '0000:3b:02.2';

/** consumer_kind, consumer and consumer_namespace of sriov_vf_info, by VF index. */
function consumersOf(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(/^sriov_vf_info\{[^}]*vf="(\d+)"[^}]*consumer_kind="([^"]*)",consumer="([^"]*)",consumer_namespace="([^"]*)"\} 1$/gm)) {
    out.set(m[1] as string, `${m[2]}/${m[4]}/${m[3]}`);
  }
  return out;
}

t.test('a VM started after a refresh is named at the next refresh, not at the next scrape', async (t) => {
  const exporter = await startExporter(t, HOST);
  t.equal(consumersOf((await exporter.scrape()).body).get('2'), 'none//', 'VF 2 is free at start');
  writeExtraFiles(
    exporter.root,
    processFiles({ pid: 4800, comm: 'qemu-system-x86', argv: libvirtQemuArgv({ guest: 'db02', uuid: '0b7e6c1a-8f35-4c2d-9e61-2a4f0c3d5b17', devices: [{ address: VF2, alias: 'hostdev0' }] }), fds: qemuFds([72]) }),
  );
  t.equal(consumersOf((await exporter.scrape()).body).get('2'), 'none//', 'a scrape does not read consumers');
  await exporter.app.sriovExporter.attribution.refresh();
  const body = (await exporter.scrape()).body;
  t.equal(consumersOf(body).get('2'), 'vm//db02', 'the refresh found the new holder');
  t.match(body, /^sriov_vf_consumer_info\{pf="ens1f0",vf="2",pci_address="0000:3b:02\.2",consumer_kind="vm",consumer="db02",consumer_namespace="",source="procfs",attribution="device",vm_uuid="0b7e6c1a-8f35-4c2d-9e61-2a4f0c3d5b17",/m);
});

t.test('--no-collector.attribution: the labels stay, empty; no consumer or attribution families', async (t) => {
  const exporter = await startExporter(t, HOST, { config: { collectors: { inventory: true, vf_traffic: true, vf_queues: true, attribution: false, readiness: false, hyperv_guest: false } } });
  const { status, body } = await exporter.scrape();
  t.equal(status, 200);
  t.strictSame([...new Set(consumersOf(body).values())], ['//'], 'every VF has empty consumer labels');
  t.notMatch(body, /sriov_vf_consumer_info|sriov_attribution_/);
});

t.test('--attribution.name=hash and id: tenant names replaced, kinds and the operator\'s names kept', async (t) => {
  const hashed = await startExporter(t, HOST, { config: { attributionNames: { policy: 'hash', salt: 'pepper' } } });
  const byHash = consumersOf((await hashed.scrape()).body);
  t.equal(byHash.get('0'), `vm//${hashName('web01', 'pepper')}`);
  t.equal(byHash.get('4'), `pod/${hashName('tenant-a', 'pepper')}/${hashName('cnf-1-7d9f8b6c5-x2x7q', 'pepper')}`);
  t.equal(byHash.get('5'), 'dpdk//rte', 'a DPDK prefix is the host operator\'s');
  const hashedBody = (await hashed.scrape()).body;
  t.notMatch(hashedBody, /web01|cnf-1|tenant-a_web-vm/, 'no tenant-chosen name anywhere');

  const ids = await startExporter(t, HOST, { config: { attributionNames: { policy: 'id' } } });
  const byId = consumersOf((await ids.scrape()).body);
  t.equal(byId.get('0'), 'vm//3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'the VM\'s UUID');
  t.equal(byId.get('4'), 'pod/tenant-a/5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b', 'the pod\'s UID, its namespace kept');
});

t.test('refreshes read only new processes\' fds; a VF hot-plugged into a running QEMU is named at the next full rescan', async (t) => {
  const exporter = await startExporter(t, HOST, { config: { collectors: { inventory: true, vf_traffic: false, vf_queues: false, attribution: false, readiness: false, hyperv_guest: false } } });
  const root = exporter.root;
  const REFRESH_MS = 15_000;
  let clock = Date.parse('2026-12-04T12:00:00Z');
  const runner = new AttributionRunner({
    roots: { rootfs: root, sysfs: path.join(root, 'sys'), procfs: path.join(root, 'proc') },
    refreshMs: REFRESH_MS,
    log: exporter.app.log,
    now: () => clock,
  });
  const qemu = { pid: 4800, comm: 'qemu-system-x86', argv: libvirtQemuArgv({ guest: 'db02', uuid: '0b7e6c1a-8f35-4c2d-9e61-2a4f0c3d5b17', devices: [] }) };
  const before = processFiles({ ...qemu, fds: qemuFds([]) });
  writeExtraFiles(root, before);
  const held = () => runner.consumerOf(VF2);
  await runner.refresh();
  t.equal(held()?.kind, 'none', 'VF 2 is free while the VM runs without it');

  // Hot-plug: the same process (pid and start time) opens VF 2's group; its command line does not change.
  const after = processFiles({ ...qemu, fds: qemuFds([72]) });
  writeExtraFiles(root, Object.fromEntries(Object.entries(after).filter(([p]) => !(p in before))));
  clock += REFRESH_MS;
  await runner.refresh();
  t.equal(held()?.kind, 'none', 'the next refresh does not read a known process\'s fds again');
  clock = Date.parse('2026-12-04T12:00:00Z') + fullRescanMs(REFRESH_MS);
  await runner.refresh();
  t.match(held(), { kind: 'vm', consumer: 'db02' }, 'the full rescan finds the hot-plugged VF');
  t.equal(fullRescanMs(REFRESH_MS), 300_000, 'every 5 min at the default refresh');
});
