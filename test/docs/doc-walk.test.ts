// Walks README.md and deploy/README.md as a new operator would: every shell line of their sh blocks and of the
// README's install table is either run here as written — in a fresh clone, with a fixture host standing in for
// the live host — or named below with the reason it cannot run on these machines and the test that covers it
// instead. A line added to the documents without a decision here fails the first test.

import t from 'tap';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageVersion } from '../../scripts/package/targets.js';
import { releasedTarget, skipUnlessReleased } from '../support/release-artefacts.js';
import { REPO, fixtureHost } from '../support/run-cli.js';

// A fresh clone, npm ci and a build take a minute on an idle machine.
t.setTimeout(600_000);

const version = packageVersion();
const DOCUMENTS = ['README.md', 'deploy/README.md'];

/** Shell lines of the documents: sh blocks (continuations joined) and the commands of README's install table. */
export function shellLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const block of markdown.matchAll(/^( *)```sh\n([\s\S]*?)^\1```$/gm)) {
    const body = (block[2] as string).split('\n').map((l) => l.slice((block[1] as string).length));
    lines.push(...body.join('\n').replace(/\\\n\s*/g, '').split('\n').map((l) => l.trim()).filter((l) => l !== ''));
  }
  const install = /^## Install\n([\s\S]*?)^## /m.exec(markdown)?.[1] ?? '';
  for (const row of install.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| where') && !l.startsWith('|---'))) {
    const how = row.split(' | ')[1] ?? '';
    for (const code of how.matchAll(/`([^`]+)`/g)) if (/^(sudo|tar|npm|docker|kubectl) /.test(code[1] as string)) lines.push(code[1] as string);
  }
  return lines;
}

/** Why a line cannot run on these machines, and what covers it. */
const NOT_HERE: Readonly<Record<string, string>> = {
  'npm ci --ignore-scripts && npm test': 'the suite itself, which this test is part of',
  'npm ci --ignore-scripts && npm run package:node && npm run package': '.ci/run runs both scripts before the suite; test/packaging/ installs and checks what they build',
  'npm ci --ignore-scripts': 'the first line of the README runs it in the fresh clone',
  'npm run demo': 'runs until Ctrl-C; test/e2e/prometheus.test.ts points a real Prometheus at the same simulated host',
  'npm run demo -- --prometheus': 'runs until Ctrl-C; test/e2e/prometheus.test.ts runs the same Prometheus setup',
  'sudo dpkg -i sriov-exporter_0.1.0_amd64.deb': 'test/packaging/deb.test.ts runs dpkg -i on the built .deb (and removes it), under a lock shared by every test run on the machine',
  'sudo dnf install ./sriov-exporter-0.1.0-1.x86_64.rpm': 'no dnf on Debian: test/packaging/rpm.test.ts unpacks the .rpm with rpm2cpio and runs what it installs',
  'sudo systemctl enable --now sriov-exporter': 'no systemd runs on these machines: test/packaging/deb.test.ts has systemd-analyze verify the installed unit',
  [`tar -xzf sriov-exporter-${packageVersion()}-linux-x64.tar.gz && sudo cp -P sriov-exporter-${packageVersion()}-linux-x64/sriov-exporter sriov-exporter-${packageVersion()}-linux-x64/sriov-check /usr/bin/`]: "writes this machine's /usr/bin: the .tar.gz line of deploy/README.md runs up to there, and the .deb installs the same two files (test/packaging/deb.test.ts)",
  'sudo cp -P sriov-exporter sriov-check /usr/bin/': "writes this machine's /usr/bin: the .deb installs the same two files there (test/packaging/deb.test.ts)",
  'sudo cp sriov-exporter.service /etc/systemd/system/ && sudo cp sriov-exporter.default /etc/default/sriov-exporter': "writes this machine's /etc: the .deb installs the same files (test/packaging/deb.test.ts)",
  'sudo systemctl daemon-reload && sudo systemctl enable --now sriov-exporter': 'no systemd runs on these machines (systemd-analyze verify: test/packaging/deb.test.ts)',
  'sudo systemctl edit sriov-exporter   # [Service] CapabilityBoundingSet=CAP_SYS_ADMIN and AmbientCapabilities=CAP_SYS_ADMIN': 'no systemd runs on these machines: test/packaging/privileges.test.ts shows CAP_SYS_ADMIN as an ambient capability is what reads config space',
  'docker build -t sriov-exporter:0.1.0 .': 'no Docker engine on these machines: test/packaging/dockerfile.test.ts replays the Dockerfile',
  'docker run -d --net=host -v /:/host:ro,rslave sriov-exporter:0.1.0': 'no Docker engine: the replay in test/packaging/dockerfile.test.ts runs the image default command',
  'docker run -d --name sriov-exporter --net=host -v /:/host:ro,rslave sriov-exporter:0.1.0': 'no Docker engine: the replay in test/packaging/dockerfile.test.ts runs the image default command',
  'docker run --rm --net=host -v /:/host:ro,rslave sriov-exporter:0.1.0 sriov-check --path.rootfs=/host': 'no Docker engine: the replay in test/packaging/dockerfile.test.ts runs sriov-check from the image',
  "docker run -d --name sriov-exporter --net=host -v /:/host:ro,rslave -v /etc/sriov-exporter:/etc/sriov-exporter:ro --health-cmd 'sriov-exporter --healthcheck --web.config.file=/etc/sriov-exporter/web.yml' sriov-exporter:0.1.0 sriov-exporter --path.rootfs=/host --web.config.file=/etc/sriov-exporter/web.yml": 'no Docker engine: test/exporter/tls-auth.test.ts runs that health check against an exporter with that kind of web config',
  'kubectl apply -f deploy/kubernetes/                                        # namespace monitoring, DaemonSet, Service': 'no cluster: test/packaging/manifests.test.ts validates every manifest of the directory against its schema',
  'kubectl apply -f deploy/kubernetes/prometheus-operator/servicemonitor.yaml # only with the Prometheus Operator (its CRD)': "no cluster: test/packaging/manifests.test.ts validates it against the operator's CRD schema",
  'kubectl apply -f deploy/nfd/sriov-check-daemonset.yaml   # in NFD\'s namespace, node-feature-discovery': 'no cluster: test/packaging/manifests.test.ts validates it against the DaemonSet schema; test/report/render-nfd.test.ts checks every line of the file it writes against NFD\'s features.d format and Kubernetes\' label rules',
  'kubectl get node -L feature.node.kubernetes.io/sriov-check.ready': 'no cluster: the label is the file sriov-check --output nfd writes (test/report/render-nfd.test.ts)',
  'sriov-check --output nfd --output-file /etc/kubernetes/node-feature-discovery/features.d/sriov-check  # node labels': "writes this machine's /etc: the walk runs the same line into a directory of its own",
  'sriov-check --output prometheus --output-file /var/lib/prometheus/node-exporter/sriov.prom  # node_exporter textfile': "writes this machine's /var/lib: the walk runs the same line into a directory of its own; test/report/render-prometheus.test.ts has a real node_exporter read the file",
};

/** The two output lines that write system directories: run with a directory of the walk's own instead. */
const NOT_HERE_LINES = {
  nfd: 'sriov-check --output nfd --output-file /etc/kubernetes/node-feature-discovery/features.d/sriov-check  # node labels',
  textfile: 'sriov-check --output prometheus --output-file /var/lib/prometheus/node-exporter/sriov.prom  # node_exporter textfile',
} as const;

/** Lines run here, grouped by what they need. */
const CHECK_LINES = [
  'sudo sriov-check                                   # this host, all SR-IOV PFs',
  'sudo sriov-check --pf ens1f0 --vfs 8               # only what this deployment needs',
  'sudo sriov-check --output json | jq .verdict       # for pipelines: docs/report.md',
  'journalctl -k -b | sudo sriov-check --kernel-log - # hosts that keep the kernel log only in the journal',
  'sriov-check --save-snapshot host.json              # record a host; check it elsewhere with --snapshot host.json',
];
/** The outputs for other tools; before.json, after.json and workloads.yaml are made first, as a reader would. */
const OUTPUT_LINES = [
  'sriov-check --output junit --output-file sriov.xml # CI test report: a test case per check, the fix in each failure',
  'sriov-check --output html report.html              # the readiness page, for a person or a ticket',
  'sriov-check diff before.json after.json            # what an update changed; exit 1 when something regressed',
  'sriov-check --plan workloads.yaml                  # can this host take these workloads (or operator policies)?',
];
const EXPORTER_LINE = 'sriov-exporter                                           # listens on :9947';
const CURL_LINES = [
  "curl -s localhost:9947/metrics | grep '^sriov_vf_receive_dropped_total'",
  'curl -s localhost:9947/readiness | jq .verdict           # the sriov-check JSON report from the last background run',
  'curl -s localhost:9947/metrics | head',
];
const EXAMPLE_LINE = 'npm ci --ignore-scripts && npm run check:example     # sriov-check on a bundled example host';
const NPM_INSTALL_LINE = `npm ci --ignore-scripts && npm run build && npm pack && sudo npm install -g --ignore-scripts ./sriov-exporter-${version}.tgz`;
const TARBALL_LINE = `tar -xzf sriov-exporter-${version}-linux-x64.tar.gz && cd sriov-exporter-${version}-linux-x64`;
const RUN_HERE = [EXAMPLE_LINE, ...CHECK_LINES, ...OUTPUT_LINES, EXPORTER_LINE, ...CURL_LINES, NPM_INSTALL_LINE, TARBALL_LINE];

const notRoot = process.getuid?.() !== 0 ? 'the walk runs sudo lines and network namespaces: it needs root' : false;

/** The command of a line, without the comment the documents put after it. */
const command = (line: string) => line.replace(/\s+#\s.*$/, '');

t.test('every shell line of the documents is either run here or has its reason', async (t) => {
  t.same(shellLines('```sh\na \\\n  b\n```\n  ```sh\n  c\n  ```\n'), ['a b', 'c'], 'the extractor joins continuations and reads indented blocks');
  const found = new Set(DOCUMENTS.flatMap((d) => shellLines(fs.readFileSync(path.join(REPO, d), 'utf8'))).map(command));
  const runHere = new Set(RUN_HERE.map(command));
  const reasons = new Map(Object.entries(NOT_HERE).map(([line, why]) => [command(line), why]));
  for (const line of found) t.ok(runHere.has(line) || reasons.has(line), `decided: ${line}`);
  for (const line of [...runHere, ...reasons.keys()]) t.ok(found.has(line), `still in the documents: ${line}`);
});

t.test('the lines that run here, as written, in a fresh clone', { skip: notRoot }, async (t) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-doc-walk-'));
  t.teardown(() => fs.rmSync(work, { recursive: true, force: true }));
  const clone = path.join(work, 'clone');
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone]);
  const shims = path.join(work, 'shims');
  const host = fixtureHost('x710-iavf');
  fs.mkdirSync(shims);
  const shim = (name: string, body: string) => fs.writeFileSync(path.join(shims, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  // The walk runs as root: sudo runs the command. The live host is a fixture host: the programs get its root first.
  shim('sudo', 'exec "$@"');
  // `sriov-check diff` reads two files, not a host: it gets no root.
  shim('sriov-check', `[ "$1" = diff ] && exec "${process.execPath}" "${clone}/dist/bin/sriov-check.js" "$@"\nexec "${process.execPath}" "${clone}/dist/bin/sriov-check.js" --path.rootfs "${host}" "$@"`);
  shim('sriov-exporter', `exec "${process.execPath}" "${clone}/dist/bin/sriov-exporter.js" --path.rootfs "${host}" "$@"`);
  const env = { ...process.env, PATH: `${shims}:${path.dirname(process.execPath)}:${process.env.PATH}`, npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };
  const run = (line: string, cwd: string, extraEnv: NodeJS.ProcessEnv = {}) => spawnSync('sh', ['-c', line], { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

  const example = run(EXAMPLE_LINE, clone);
  t.equal(example.status, 0, `${EXAMPLE_LINE}: exit 0 ${example.stderr.slice(-500)}`);
  t.match(example.stdout, /^Verdict: /m, 'a verdict on the example host');

  const here = fs.mkdtempSync(path.join(work, 'cwd-'));
  const [plain, narrowed, json, journal, save] = CHECK_LINES.map((line) => run(line, here));
  t.equal(plain?.status, 0, 'sudo sriov-check: exit 0 (the stand-in host is degraded, not failing)');
  t.match(plain?.stdout, /^Verdict: DEGRADED/m);
  t.match(narrowed?.stdout, /^Verdict: /m, '--pf ens1f0 --vfs 8: a verdict');
  t.equal(json?.stdout, '"degraded"\n', '| jq .verdict');
  t.equal(journal?.status, 0, `the journal piped in: ${journal?.stderr}`);
  t.match(journal?.stdout, /^kernel log: - \(/m, 'the report names standard input as its kernel log');
  t.equal(save?.status, 0);
  t.ok(fs.existsSync(path.join(here, 'host.json')), 'host.json written where the command ran');

  // The outputs, where the command runs; the two lines that write system directories, into one of the walk's own.
  for (const file of ['before.json', 'after.json']) fs.writeFileSync(path.join(here, file), run('sriov-check --output json', here).stdout);
  // A plan names the host's own NICs: the stand-in host has two X710 PFs.
  fs.writeFileSync(path.join(here, 'workloads.yaml'), 'workloads:\n  - name: vms\n    vfs: 2\n    pf:\n      model: X710\n    driver: vfio-pci\n');
  const [junit, html, diff, plan] = OUTPUT_LINES.map((line) => run(line, here));
  t.equal(junit?.status, 0, `--output junit: ${junit?.stderr}`);
  t.match(fs.readFileSync(path.join(here, 'sriov.xml'), 'utf8'), /^<\?xml [^>]+>\n<testsuites name="sriov-check: degraded"/, 'sriov.xml: the JUnit report');
  t.equal(html?.status, 0, `--output html: ${html?.stderr}`);
  t.match(fs.readFileSync(path.join(here, 'report.html'), 'utf8'), /<p id="verdict" class="verdict v-degraded">/, 'report.html: the readiness page');
  t.equal(diff?.status, 0, 'diff of two readings of an unchanged host: nothing regressed');
  t.match(diff?.stdout, /^No changes.$/m);
  t.match(diff?.stdout, /^Result: no regression$/m);
  t.match(plan?.stdout, /^Plan workloads\.yaml: (FITS|FITS AFTER CHANGES|DOES NOT FIT)$/m, '--plan: the plan judged');
  t.match(plan?.stdout, /workload vms \(line 2\): /, 'the workload answered');
  t.equal(plan?.stderr, '', '--plan: no error');
  for (const [line, dir, file] of [[NOT_HERE_LINES.nfd, '/etc/kubernetes/node-feature-discovery/features.d', 'sriov-check'], [NOT_HERE_LINES.textfile, '/var/lib/prometheus/node-exporter', 'sriov.prom']] as const) {
    const own = fs.mkdtempSync(path.join(work, 'system-dir-'));
    const written = run(command(line).replace(dir, own), here);
    t.equal(written.status, 0, `${line}: ${written.stderr}`);
    t.ok(fs.statSync(path.join(own, file)).size > 0, `${file} written`);
  }

  // The exporter on its documented port, alone in a network namespace of its own, and the curl lines against it.
  const session = [
    'ip link set lo up',
    // Each line's command without its trailing comment, which would swallow what the session appends.
    `${command(EXPORTER_LINE)} >exporter.log 2>&1 &`,
    'exporter=$!',
    // Poll each line as written until it succeeds (the readiness report is 503 until the first run).
    ...CURL_LINES.map((line, i) => `n=0; until ${command(line)} >curl-${i}.out 2>&1 && [ -s curl-${i}.out ] && ! grep -q null curl-${i}.out; do n=$((n+1)); [ $n -gt 240 ] && break; sleep 0.25; done`),
    'kill $exporter; wait $exporter',
  ].join('\n');
  const ns = spawnSync('unshare', ['--net', 'sh', '-c', session], { cwd: here, env, encoding: 'utf8' });
  t.equal(ns.status, 0, `the session ends cleanly: ${ns.stderr}`);
  const out = (i: number) => fs.readFileSync(path.join(here, `curl-${i}.out`), 'utf8');
  t.match(out(0), /^sriov_vf_receive_dropped_total\{/m, 'per-VF drop counters on the documented port');
  t.equal(out(1), '"degraded"\n', "the readiness report's verdict");
  t.match(out(2), /^# HELP /, 'the start of the exposition');

  // npm: the package installed globally, in a prefix of this test's own instead of the machine's.
  const prefix = path.join(work, 'npm-prefix');
  const npm = run(NPM_INSTALL_LINE, clone, { npm_config_prefix: prefix });
  t.equal(npm.status, 0, `${NPM_INSTALL_LINE}: ${npm.stderr.slice(-800)}`);
  for (const bin of ['sriov-check', 'sriov-exporter']) {
    const installed = path.join(prefix, 'bin', bin);
    t.equal(execFileSync(installed, ['--version'], { encoding: 'utf8' }), `${bin} ${version}\n`, `${bin} on PATH runs, by name`);
    t.equal(fs.statSync(fs.realpathSync(installed)).mode & 0o111, 0o111, `${bin}: executable`);
  }
  t.equal(fs.statSync(path.join(clone, 'dist/bin/sriov-check.js')).mode & 0o755, 0o755, 'npm run build leaves the programs executable');

  await t.test('the .tar.gz line', { skip: skipUnlessReleased(releasedTarget()) }, async (t) => {
    const found = releasedTarget();
    if (typeof found === 'string') return t.fail(found);
    const dir = fs.mkdtempSync(path.join(work, 'tarball-'));
    fs.copyFileSync(found.tarball, path.join(dir, path.basename(found.tarball)));
    const tar = run(`${TARBALL_LINE} && ./sriov-check --version`, dir);
    t.equal(tar.status, 0, tar.stderr);
    t.equal(tar.stdout, `sriov-check ${version}\n`, 'unpacked, and sriov-check runs from the directory the line enters');
  });
});
