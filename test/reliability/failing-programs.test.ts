// `ip` or `ethtool` that hangs (killed at the time limit), exits non-zero, prints garbage or stops half way:
// the collectors that use it report success 0 with a log line naming the command and the cause, and every
// other series of the scrape is what it was before the program went wrong.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { syntheticHost } from '../support/synthetic-host.js';
import { writeSyntheticCommands } from '../support/synthetic-commands.js';
import { FAKE_IP } from '../support/exporter-host.js';
import { collectorSuccess, find, parseExposition, startExporter } from '../support/exporter-server.js';
import { seriesChanges } from '../support/scrape-compare.js';


/** What `ip` gives: everything that depends on it may change; the rest may not. */
const FROM_IP = [
  'sriov_vf_info', // mac, vlan, link_state, spoof_check, trust
  'sriov_vf_link_up', // from the VF's netdev operstate in the ip output, else sysfs
  ...['receive', 'transmit'].flatMap((d) => ['bytes', 'packets', 'dropped', 'broadcast_packets', 'multicast_packets', 'errors'].map((k) => `sriov_vf_${d}_${k}_total`)),
];
const FROM_ETHTOOL = ['sriov_vf_queues', 'sriov_vf_queue_receive_packets_total', 'sriov_vf_queue_receive_bytes_total', 'sriov_vf_queue_transmit_packets_total', 'sriov_vf_queue_transmit_bytes_total'];

interface Case {
  readonly program: 'ip' | 'ethtool';
  readonly mode: 'hang' | 'fail' | 'garbage' | 'truncated';
  /** What the log line must say, after the command. */
  readonly cause: RegExp;
}

const CASES: readonly Case[] = [
  { program: 'ip', mode: 'hang', cause: /ip -j -s -d link show: timed out \(no answer within 4000 ms, killed\)/ },
  { program: 'ip', mode: 'fail', cause: /ip -j -s -d link show: failed \(exit status 1: Cannot open netlink socket: Operation not permitted\)/ },
  { program: 'ip', mode: 'garbage', cause: /ip -j -s -d link show: unexpected content \(invalid JSON/ },
  { program: 'ip', mode: 'truncated', cause: /ip -j -s -d link show: unexpected content \(invalid JSON/ },
  { program: 'ethtool', mode: 'hang', cause: /ethtool -S ens1f0v1: timed out \(no answer within 4000 ms, killed\)/ },
  { program: 'ethtool', mode: 'fail', cause: /ethtool -S ens1f0v1: failed \(exit status 1: fake ethtool: simulated failure\b/ },
  { program: 'ethtool', mode: 'garbage', cause: /ethtool -S ens1f0v1: unexpected content \(expected "NIC statistics:"/ },
  { program: 'ethtool', mode: 'truncated', cause: /ethtool -S ens1f0v1: truncated read \(last line has no newline \(output cut off\?\)/ },
];

for (const c of CASES) {
  t.test(`${c.program} ${c.mode}`, async (t) => {
    // 2 PFs × 3 VFs, each with an iavf netdev and 2 queues; ip and ethtool outputs generated for it.
    const spec = syntheticHost({ pfs: 2, vfsPerPf: 3, queues: 2 });
    const dir = t.testdir({});
    const commands = writeSyntheticCommands(spec, dir);
    const modeFile = path.join(commands.ethtoolDir, 'ens1f0v1.mode');
    const ipFile = path.join(dir, 'ip-mode');
    // The exporter's one ip process keeps running between scrapes: the stand-in reads its mode from a file at
    // every request (SRIOV_FAKE_MODE_FILE), so that it breaks between the two scrapes.
    fs.writeFileSync(ipFile, '');
    const ipWrapper = path.join(dir, 'ip');
    fs.writeFileSync(ipWrapper, `#!/bin/sh\nSRIOV_FAKE_MODE_FILE=${JSON.stringify(ipFile)} exec ${JSON.stringify(FAKE_IP)} "$@"\n`, { mode: 0o755 });
    // TTL 0: every scrape runs ethtool, so the second one meets the broken program. Collectors get 8 s (programs
    // are killed after 4 s): generous, so that a healthy run of the stand-ins on a loaded machine is never cut off.
    const exporter = await startExporter(t, { spec, ipJson: commands.ipJson }, {
      fake: { ethtoolDir: commands.ethtoolDir },
      config: { ipPath: ipWrapper, queueCacheTtlMs: 0, collectorTimeoutMs: 8000 },
    });
    const before = parseExposition((await exporter.scrape()).body);
    t.strictSame(['inventory', 'vf_traffic', 'vf_queues', 'readiness'].map((n) => collectorSuccess(before, n)), [1, 1, 1, 1], 'all well before');

    if (c.program === 'ip') fs.writeFileSync(ipFile, c.mode);
    else fs.writeFileSync(modeFile, `${c.mode}\n`);
    const answer = await exporter.scrape();
    t.equal(answer.status, 200);
    const after = parseExposition(answer.body);

    const affected = c.program === 'ip' ? ['inventory', 'vf_traffic'] : ['vf_queues'];
    for (const name of ['inventory', 'vf_traffic', 'vf_queues', 'readiness']) {
      t.equal(collectorSuccess(after, name), affected.includes(name) ? 0 : 1, `${name} ${affected.includes(name) ? 'fails' : 'succeeds'}`);
    }
    const logged = exporter.logs.map((l) => JSON.parse(l) as { msg: string }).filter((entry) => c.cause.test(entry.msg));
    t.ok(logged.length > 0, `logged: ${c.cause.source}`);
    for (const entry of logged) t.match(entry, { level: 40, collector: /^(inventory|vf_traffic|vf_queues)$/ }, 'a warning naming its collector');

    t.strictSame(seriesChanges(before, after, c.program === 'ip' ? FROM_IP : FROM_ETHTOOL), [], 'everything else as before');
    if (c.program === 'ip') {
      t.equal(find(after, 'sriov_vf_info').length, 6, 'every VF still listed');
      t.equal(find(after, 'sriov_vf_info', { mac: '' }).length, 6, 'their netlink facts unknown, not made up');
      t.equal(find(after, 'sriov_vf_receive_bytes_total', { source: 'netdev' }).length, 6, 'traffic from the next source, /proc/net/dev');
    } else {
      t.equal(find(after, 'sriov_vf_queue_receive_packets_total', { pf: 'ens1f0', vf: '1' }).length, 2, 'the last good reading of the broken netdev is still served');
      t.equal(find(after, 'sriov_vf_queue_receive_packets_total').length, 12, 'and every other netdev\'s');
    }
  });
}
