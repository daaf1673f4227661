// npm run demo: sriov-exporter on a simulated SR-IOV host whose VF counters move every second, so that a newcomer
// without SR-IOV hardware sees live metrics and can point Prometheus and Grafana at them. The host is the one of the
// end-to-end test (test/support/simulated-host.ts): an Intel E810 and a ConnectX-5 with 24 VFs, some on vfio-pci as
// VMs would use them, one on iavf and one on mlx5_core with host netdevs. Writes demo/prometheus.yml, prints what
// to run and import, runs until Ctrl-C and then stops the exporter and deletes the simulated host.
//
//   npm run demo [-- --web.listen-address 127.0.0.1:9947] [--prometheus] [--prometheus.listen-address 127.0.0.1:9090]

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadDashboards } from '../test/support/dashboard-queries.js';
import { EXPORTER_BIN, startExporterProcess, type RunningExporter } from '../test/support/exporter-process.js';
import { PROMETHEUS_BIN, RULE_FILES, startPrometheus, writePrometheusConfig, type RunningPrometheus } from '../test/support/prometheus-server.js';
import { REPO } from '../test/support/run-cli.js';
import { createSimulatedHost } from '../test/support/simulated-host.js';

const USAGE = `npm run demo [-- OPTIONS]
  --web.listen-address HOST:PORT         where the exporter listens (default 127.0.0.1:9947)
  --prometheus                           also start ${PROMETHEUS_BIN} with demo/prometheus.yml
  --prometheus.listen-address HOST:PORT  where that Prometheus listens (default 127.0.0.1:9090)
  -h, --help`;

// Prometheus scrapes and evaluates every 5 s: graphs fill quickly, and Grafana's default $__rate_interval (1m)
// holds enough samples. The exporter's queue readings and readiness checks are refreshed at a similar pace.
const SCRAPE_INTERVAL = '5s';
const DROP_VF = { pf: 'ens2f1', vf: 0 };

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({
      options: {
        'web.listen-address': { type: 'string', default: '127.0.0.1:9947' },
        prometheus: { type: 'boolean', default: false },
        'prometheus.listen-address': { type: 'string', default: '127.0.0.1:9090' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`demo: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.prometheus && !fs.existsSync(PROMETHEUS_BIN)) {
    console.error(`demo: --prometheus needs ${PROMETHEUS_BIN} (Debian: apt-get install prometheus)`);
    return 2;
  }
  if (!fs.existsSync(EXPORTER_BIN)) {
    console.log('dist/ is missing: npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: REPO, stdio: 'inherit' });
  }

  const host = createSimulatedHost('sriov-demo-host-');
  let exporter: RunningExporter | undefined;
  let prometheus: RunningPrometheus | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      host.stopTicking();
      await prometheus?.process.stop();
      await exporter?.process.stop();
      host.remove();
    })());
  // Ctrl-C reaches this process (the exporter runs in a process group of its own and is stopped here). It arrives
  // twice under `npm run`, from the terminal and relayed by npm: the handlers stay, or the second would kill this
  // process halfway through stopping. (package.json runs this with `node --import tsx`, not the tsx command: that
  // one SIGKILLs its child when the child does not acknowledge a relayed signal within 30 ms, as on a busy machine.)
  const stopped = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(signal));
  });

  host.startTicking(1000);
  try {
    exporter = await startExporterProcess(
      [
        ...host.exporterArgs,
        '--web.listen-address', values['web.listen-address'],
        '--collector.readiness.interval', '10s',
        '--collector.vf_queues.cache-ttl', SCRAPE_INTERVAL,
      ],
      host.env,
      30_000,
    );
  } catch (error) {
    console.error(`demo: the exporter did not start (is ${values['web.listen-address']} taken? --web.listen-address picks another):\n${(error as Error).message}`);
    await stop();
    return 1;
  }

  const demoDir = path.join(REPO, 'demo');
  fs.mkdirSync(demoDir, { recursive: true });
  const configFile = writePrometheusConfig(demoDir, { target: exporter.target, interval: SCRAPE_INTERVAL, ruleFiles: RULE_FILES });
  const dataDir = path.join(demoDir, 'prometheus-data');
  const prometheusAddress = values['prometheus.listen-address'];
  if (values.prometheus) {
    try {
      prometheus = await startPrometheus({ configFile, dataDir, budgetMs: 30_000, listenAddress: prometheusAddress });
    } catch (error) {
      console.error(`demo: Prometheus did not start:\n${(error as Error).message}`);
      await stop();
      return 1;
    }
  }

  const relative = (file: string) => path.relative(process.cwd(), file) || '.';
  const vfs = host.vfs;
  console.log(`
sriov-exporter on a simulated host: ${host.pfs.map((p) => p.pf).join(', ')} with ${vfs.length} VFs, ${vfs.filter((v) => v.traffic).length} of them moving traffic; counters advance every second.

  metrics      ${exporter.url}/metrics
  status page  ${exporter.url}/
  readiness    ${exporter.url}/readiness   (the sriov-check report, rerun every 10 s)

Prometheus: ${relative(configFile)} scrapes it every ${SCRAPE_INTERVAL} and loads ${RULE_FILES.map(relative).join(' and ')}.
${
  prometheus
    ? `  running at ${prometheus.url} (data in ${relative(dataDir)}): ${prometheus.url}/alerts, ${prometheus.url}/graph?g0.expr=instance_pf_vf:sriov_vf_receive_bytes:rate5m`
    : `  prometheus --config.file=${relative(configFile)} --storage.tsdb.path=${relative(dataDir)} --web.listen-address=${prometheusAddress}
  (or: npm run demo -- --prometheus)`
}

Grafana: add a Prometheus data source with URL http://${prometheusAddress}, then Dashboards > New > Import each of
${loadDashboards().map(({ file, dashboard }) => `  ${relative(path.join(REPO, 'dashboards', file))}  (${dashboard.title})`).join('\n')}
  and pick that data source. Rates need a minute of samples before the graphs fill.

Faults, typed here and Enter:
  drop   a quarter of the packets for ${DROP_VF.pf} VF ${DROP_VF.vf} are dropped from now on (SriovVfReceiveDropsHigh goes pending)
  fail   the host loses its IOMMU: firmware.iommu.kernel-enabled fails (SriovCheckRegressed, SriovHostNotReady)
Ctrl-C stops the exporter${prometheus ? ' and Prometheus' : ''} and deletes the simulated host; ${relative(demoDir)}/ stays.
`);

  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const word = line.trim();
    if (word === 'drop') {
      const vf = host.dropBurst(DROP_VF.pf, DROP_VF.vf);
      console.log(`${vf.pf} VF ${vf.vf} (${vf.pciAddress}) now drops 25% of what arrives for it.`);
    } else if (word === 'fail') {
      host.failCheck();
      console.log('The IOMMU is gone; the next readiness run (within 10 s) fails firmware.iommu.kernel-enabled.');
    } else if (word !== '') {
      console.log('Type drop or fail (then Enter), or Ctrl-C to stop.');
    }
  });
  void stopped.then(() => lines.close());

  const ended = await Promise.race([stopped, exporter.process.exited.then(() => 'exporter exited')]);
  if (ended === 'exporter exited') console.error(`demo: the exporter exited:\n${exporter.process.output().slice(-2000)}`);
  await stop();
  console.log('\nStopped; the simulated host is deleted.');
  return ended === 'exporter exited' ? 1 : 0;
}

process.exitCode = await main();
