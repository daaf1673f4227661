// Files and directories that cannot be read (mode 000): the collectors that need them report success 0 with
// a log line naming the path and "permission denied", and the rest of the scrape is what it was. Root reads
// through any mode, so the built exporter runs as nobody (setpriv) when the tests run as root.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXPORTER_SCENARIOS } from '../fixtures/scenarios/index.js';
import { IP_RECORDINGS, buildTempHost } from '../support/exporter-host.js';
import { parseExposition, type Series } from '../support/exporter-server.js';
import { waitFor } from '../support/server-process.js';
import { startConfinedExporter } from '../support/confined-exporter.js';
import { COLLECTOR_NAMES, seriesChanges, succeededCollectors } from '../support/scrape-compare.js';
import { cannotDropRoot, openPathToOthers } from '../support/run-cli.js';

// Many exporter and program starts: allow a loaded machine (2 cores shared) more than tap's default per-file limit.
t.setTimeout(600_000);

const INVENTORY_USERS = ['inventory', 'vf_traffic', 'vf_queues'];

interface Case {
  readonly name: string;
  readonly host: string;
  /** Host path made unreadable. */
  readonly unreadable: string;
  readonly failing: readonly string[];
  readonly cause: RegExp;
  readonly mayChange: readonly string[] | ((s: Series) => boolean);
}

const CASES: readonly Case[] = [
  {
    name: '/proc/net/dev',
    host: 'e810-iavf',
    unreadable: '/proc/net/dev',
    failing: ['vf_traffic'],
    cause: /^collector vf_traffic: netdev source: \/proc\/net\/dev: permission denied$/,
    mayChange: ['sriov_vf_receive_errors_total', 'sriov_vf_transmit_errors_total'],
  },
  {
    name: 'a PF\'s sriov_numvfs',
    host: 'e810-iavf',
    unreadable: '/sys/bus/pci/devices/0000:37:00.1/sriov_numvfs',
    // Its VFs are still found through the virtfnN links: only the count the inventory publishes is unknown.
    failing: ['inventory'],
    cause: /0000:37:00\.1\/sriov_numvfs: permission denied$/,
    mayChange: ['sriov_pf_vfs_enabled'],
  },
  {
    name: 'the /sys/class/net directory',
    host: 'e810-iavf',
    unreadable: '/sys/class/net',
    failing: INVENTORY_USERS,
    cause: /: \/sys\/class\/net: permission denied$/,
    // Without netdev names every PF is labelled by its PCI address (the `pf` label's rule), so every PF and VF
    // series is a new one; the readiness series and the exporter's own stay.
    mayChange: (s) => s.labels.pf !== undefined,
  },
  {
    name: 'an MLNX_OFED per-VF stats file',
    host: 'connectx-ofed',
    unreadable: '/sys/bus/pci/devices/0000:3b:00.0/sriov/1/stats',
    failing: ['vf_traffic'],
    cause: /^collector vf_traffic: sysfs source: .*\/sriov\/1\/stats: permission denied$/,
    mayChange: (s) => s.name.startsWith('sriov_vf_') && s.name.endsWith('_total') && s.labels.vf === '1',
  },
  {
    name: 'a VF netdev\'s queues directory',
    host: 'e810-iavf',
    unreadable: '/sys/class/net/ens2f0v3/queues',
    failing: ['vf_queues'],
    cause: /ens2f0v3\/queues: permission denied/,
    mayChange: (s) => s.name.startsWith('sriov_vf_queue'),
  },
];


t.test('files that cannot be read', { skip: cannotDropRoot(t) }, async (t) => {
  for (const c of CASES) {
    await t.test(c.name, async (t) => {
      const fixture = EXPORTER_SCENARIOS.find((h) => h.name === c.host);
      if (!fixture) throw new Error(`no fixture ${c.host}`);
      const host = buildTempHost(fixture.spec);
      t.teardown(() => host.remove());
      openPathToOthers(host.root);
      const exporter = await startConfinedExporter({
        root: host.root,
        fake: { ipJson: path.join(IP_RECORDINGS, fixture.ipJson) },
        asNobody: true,
        // TTL 0: the second scrape reads the queues again.
        args: ['--collector.vf_queues.cache-ttl', '0s'],
      });
      t.teardown(() => exporter.stop());
      const scrape = async () => {
        const res = await fetch(`${exporter.url}/metrics`);
        return { status: res.status, series: parseExposition(await res.text()) };
      };
      // The first readiness run has completed once /readiness answers 200 (polled, with a budget).
      t.ok(await waitFor('the first readiness run', 10_000, async () => ((await fetch(`${exporter.url}/readiness`)).status === 200 ? true : undefined), 20), 'the first readiness run completed');
      const before = await scrape();
      t.strictSame(succeededCollectors(before.series), COLLECTOR_NAMES, 'all well before');

      fs.chmodSync(path.join(host.root, c.unreadable), 0o000);
      const after = await scrape();
      t.equal(after.status, 200);
      t.strictSame(succeededCollectors(after.series), COLLECTOR_NAMES.filter((n) => !c.failing.includes(n)), `failing: ${c.failing.join(', ')}`);
      const loggedBy = () =>
        [
          ...new Set(
            exporter
              .log()
              .split('\n')
              .filter((l) => l.startsWith('{'))
              .map((l) => JSON.parse(l) as { msg: string; collector?: string })
              .filter((e) => c.cause.test(e.msg))
              .map((e) => e.collector),
          ),
        ].sort();
      // The exporter logs before it answers, but its stdout pipe and the HTTP answer reach this process apart:
      // the lines may arrive just after the answer (polled, with a budget).
      await waitFor('the log lines', 10_000, async () => (loggedBy().length >= c.failing.length ? true : undefined), 20).catch(() => undefined);
      t.strictSame(loggedBy(), [...c.failing].sort(), `logged by each failing collector: ${c.cause.source}`);
      t.strictSame(seriesChanges(before.series, after.series, c.mayChange), [], 'everything else as before');
      t.equal(await exporter.stop(), 0, 'exits 0 on SIGTERM');
    });
  }
});
