// Host files with garbage or binary content, cut off half way, or replaced by symbolic link loops: the
// collectors that read them report success 0 with a log line naming the file and the cause, the scrape
// answers 200, and every series the fault does not concern is what it was before. Files that cannot be
// read at all (EACCES) are in unreadable-files.test.ts: that needs a user other than root.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { find, parseExposition, startExporter, type Series } from '../support/exporter-server.js';
import { COLLECTOR_NAMES, seriesChanges, succeededCollectors } from '../support/scrape-compare.js';

/** The inventory is read once per scrape for the three collectors that use it: its problems are theirs. */
// A fault that leaves VFs out concerns every collector that lists VFs; a fact only the inventory publishes
// (a VF count, a NUMA node) fails the inventory alone.
const INVENTORY_USERS = ['inventory', 'vf_traffic', 'vf_queues'];
const TRAFFIC_FAMILIES = ['receive', 'transmit'].flatMap((d) => ['bytes', 'packets', 'dropped', 'broadcast_packets', 'multicast_packets', 'errors'].map((k) => `sriov_vf_${d}_${k}_total`));
const QUEUE_FAMILIES = ['sriov_vf_queues', 'sriov_vf_queue_receive_packets_total', 'sriov_vf_queue_receive_bytes_total', 'sriov_vf_queue_transmit_packets_total', 'sriov_vf_queue_transmit_bytes_total'];

const GARBAGE = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]);

interface Case {
  readonly name: string;
  readonly host: string;
  /** Breaks the host (root: its directory; before: the clean host's series, to find VF addresses). */
  readonly breakHost: (root: string, before: readonly Series[]) => void;
  readonly failing: readonly string[];
  /** The log line's message. */
  readonly cause: RegExp;
  /** Series the fault may change (a family name or a predicate); everything else must stay. */
  readonly mayChange: readonly string[] | ((s: Series) => boolean);
  /** What must be true of the scrape after the fault, beyond that. */
  readonly after?: (series: readonly Series[]) => boolean;
}

const real = (root: string, hostPath: string) => path.join(root, hostPath);
const vfAddress = (before: readonly Series[], pf: string, vf: string) => find(before, 'sriov_vf_info', { pf, vf })[0]?.labels.pci_address as string;
/** Replaces a file or directory by a symbolic link to itself. */
function loop(p: string): void {
  fs.rmSync(p, { recursive: true });
  fs.symlinkSync(path.basename(p), p);
}

const CASES: readonly Case[] = [
  {
    name: 'sriov_numvfs holds binary garbage',
    host: 'e810-iavf',
    breakHost: (root) => fs.writeFileSync(real(root, '/sys/bus/pci/devices/0000:37:00.1/sriov_numvfs'), GARBAGE),
    failing: ['inventory'],
    cause: /0000:37:00\.1\/sriov_numvfs: unexpected content \(expected a number/,
    // Its VFs are still found, through the virtfnN links; only the count it claims is unknown.
    mayChange: ['sriov_pf_vfs_enabled'],
    after: (series) => find(series, 'sriov_pf_vfs_enabled').length === 1 && find(series, 'sriov_vf_info', { pf: 'ens2f1' }).length === 4,
  },
  {
    name: 'sriov_totalvfs is empty (cut off before its first byte)',
    host: 'e810-iavf',
    breakHost: (root) => fs.writeFileSync(real(root, '/sys/bus/pci/devices/0000:37:00.0/sriov_totalvfs'), ''),
    failing: ['inventory'],
    cause: /0000:37:00\.0\/sriov_totalvfs: unexpected content/,
    mayChange: ['sriov_pf_vfs_supported'],
  },
  {
    name: 'a VF\'s numa_node is text',
    host: 'e810-iavf',
    breakHost: (root, before) => fs.writeFileSync(real(root, `/sys/bus/pci/devices/${vfAddress(before, 'ens2f1', '2')}/numa_node`), 'node zero\n'),
    failing: ['inventory'],
    cause: /numa_node: unexpected content \(expected a NUMA node, found "node zero"\)/,
    mayChange: (s) => s.name === 'sriov_vf_info' && s.labels.pf === 'ens2f1' && s.labels.vf === '2',
    // The label is empty (unknown) for that VF, not made up.
    after: (series) => find(series, 'sriov_vf_info', { pf: 'ens2f1', vf: '2', numa_node: '' }).length === 1,
  },
  {
    name: '/proc/net/dev cut off in the middle of a line',
    host: 'e810-iavf',
    breakHost: (root) => {
      const file = real(root, '/proc/net/dev');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, text.slice(0, text.indexOf('ens2f0v3:') + 20));
    },
    failing: ['vf_traffic'],
    cause: /netdev source: \/proc\/net\/dev: truncated read \(last line has no newline \(output cut off\?\)/,
    // What only the VF's netdev counts (errors) is gone for this scrape; netlink's counters stay.
    mayChange: ['sriov_vf_receive_errors_total', 'sriov_vf_transmit_errors_total'],
  },
  {
    name: '/proc/net/dev is binary garbage',
    host: 'e810-iavf',
    breakHost: (root) => fs.writeFileSync(real(root, '/proc/net/dev'), Buffer.concat([GARBAGE, GARBAGE])),
    failing: ['vf_traffic'],
    cause: /netdev source: \/proc\/net\/dev: /,
    mayChange: ['sriov_vf_receive_errors_total', 'sriov_vf_transmit_errors_total'],
  },
  {
    name: 'an MLNX_OFED per-VF stats file is binary garbage',
    host: 'connectx-ofed',
    breakHost: (root) => fs.writeFileSync(real(root, '/sys/bus/pci/devices/0000:3b:00.0/sriov/1/stats'), GARBAGE),
    failing: ['vf_traffic'],
    cause: /sysfs source: \/sys\/devices\/\S+\/0000:3b:00\.0\/sriov\/1\/stats: /,
    // That VF's counters come from the next source (netlink), under its source label; no other VF's change.
    mayChange: (s) => TRAFFIC_FAMILIES.includes(s.name) && s.labels.vf === '1',
  },
  {
    name: 'an MLNX_OFED per-VF stats file cut off in the middle of a line',
    host: 'connectx-ofed',
    breakHost: (root) => {
      const file = real(root, '/sys/bus/pci/devices/0000:3b:00.0/sriov/2/stats');
      const text = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, text.slice(0, text.indexOf('rx_packets') + 16));
    },
    failing: ['vf_traffic'],
    cause: /sysfs source: \/sys\/devices\/\S+\/0000:3b:00\.0\/sriov\/2\/stats: truncated read \(last line has no newline \(output cut off\?\)/,
    mayChange: (s) => TRAFFIC_FAMILIES.includes(s.name) && s.labels.vf === '2',
  },
  {
    name: 'a PF\'s device link is a symbolic link loop',
    host: 'e810-iavf',
    breakHost: (root) => loop(real(root, '/sys/bus/pci/devices/0000:37:00.1')),
    failing: INVENTORY_USERS,
    cause: /\/sys\/bus\/pci\/devices\/0000:37:00\.1: symbolic link loop/,
    // That PF and its VFs cannot be read; the other PF is untouched.
    mayChange: (s) => s.labels.pf === 'ens2f1',
    after: (series) => find(series, 'sriov_pf_info').length === 1 && find(series, 'sriov_vf_info', { pf: 'ens2f1' }).length === 0,
  },
  {
    name: 'a VF\'s directory is a symbolic link loop',
    host: 'e810-iavf',
    breakHost: (root, before) => loop(fs.realpathSync(real(root, `/sys/bus/pci/devices/${vfAddress(before, 'ens2f1', '2')}`))),
    failing: INVENTORY_USERS,
    cause: /0000:37:11\.2: symbolic link loop/,
    mayChange: (s) => (s.labels.pf === 'ens2f1' && s.labels.vf === '2') || (s.name === 'sriov_pf_vfs_assigned' && s.labels.pf === 'ens2f1'),
    after: (series) => find(series, 'sriov_vf_info', { pf: 'ens2f1' }).length === 3,
  },
  {
    name: 'a VF netdev\'s queues directory is a symbolic link loop',
    host: 'e810-iavf',
    breakHost: (root) => loop(fs.realpathSync(real(root, '/sys/class/net/ens2f0v3/queues'))),
    failing: ['vf_queues'],
    cause: /ens2f0v3\/queues: symbolic link loop/,
    mayChange: QUEUE_FAMILIES,
  },
];

for (const c of CASES) {
  t.test(c.name, async (t) => {
    // TTL 0: the queue readings are taken again by the second scrape.
    const exporter = await startExporter(t, c.host, { config: { queueCacheTtlMs: 0 } });
    const before = parseExposition((await exporter.scrape()).body);
    t.strictSame(succeededCollectors(before), COLLECTOR_NAMES, 'all well before');

    c.breakHost(exporter.root, before);
    const answer = await exporter.scrape();
    t.equal(answer.status, 200);
    const after = parseExposition(answer.body);
    t.strictSame(succeededCollectors(after), COLLECTOR_NAMES.filter((n) => !c.failing.includes(n)), `failing: ${c.failing.join(', ')}`);
    const logged = exporter.logs.map((l) => JSON.parse(l) as { msg: string; level: number; collector?: string }).filter((e) => c.cause.test(e.msg));
    t.ok(logged.length > 0, `logged: ${c.cause.source}`);
    t.strictSame([...new Set(logged.map((e) => e.collector))].sort(), [...c.failing].sort(), 'by each failing collector');
    t.strictSame(seriesChanges(before, after, c.mayChange), [], 'everything else as before');
    if (c.after) t.ok(c.after(after), 'and the changed series say what is unknown');
  });
}
