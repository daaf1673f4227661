// deploy/: the Kubernetes manifests parse and agree with the image (port, paths, user) and the exporter's
// flags; the systemd unit is hardened and starts the program with flags the exporter accepts.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DEFAULT_PORT } from '../../src/exporter/exporter-config.js';
import { parseExporterArgs } from '../../src/cli/exporter-options.js';
import { parseCheckArgs } from '../../src/cli/check-options.js';
import { REPO } from '../support/run-cli.js';
import { flagsPath } from '../../scripts/package/install-tree.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function docs(file: string): Doc[] {
  const parsed = parseAllDocuments(fs.readFileSync(path.join(REPO, file), 'utf8'));
  for (const d of parsed) if (d.errors.length) throw new Error(`${file}: ${d.errors[0]?.message}`);
  return parsed.map((d) => d.toJS() as Doc);
}

const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
const dockerfile = fs.readFileSync(path.join(REPO, 'Dockerfile'), 'utf8');

t.test('the DaemonSet: host network, the host read-only at /host, no privileges, limits, probes', async (t) => {
  const [ds] = docs('deploy/kubernetes/daemonset.yaml');
  t.equal(ds?.kind, 'DaemonSet');
  const pod = ds?.spec.template.spec;
  const container = pod.containers[0];
  t.equal(pod.hostNetwork, true, 'per-VF counters come from the host netns');
  t.equal(container.image, `sriov-exporter:${version}`, 'the image as `docker build -t sriov-exporter:<version> .` names it (README.md)');
  t.match(fs.readFileSync(path.join(REPO, 'deploy/kubernetes/daemonset.yaml'), 'utf8'), /# The image you built \(docker build[^\n]*pushed: put its name in your registry\n\s*# here/, 'a comment says where the pushed image name goes');
  t.match(dockerfile, new RegExp(`docker build -t sriov-exporter:${version.replace(/\./g, '\\.')} \\.`), 'the Dockerfile says how to build the image of that name');
  for (const figure of (fs.readFileSync(path.join(REPO, 'deploy/kubernetes/daemonset.yaml'), 'utf8').match(/\d+(?:-\d+)? MiB/g) ?? [])) {
    t.match(fs.readFileSync(path.join(REPO, 'docs/performance.md'), 'utf8'), figure.replace('-', '–'), `the memory figure ${figure} is docs/performance.md's`);
  }
  const options = parseExporterArgs(container.args);
  t.equal(options.rootfs, '/host');
  t.equal(options.listen.port, DEFAULT_PORT);
  t.equal(container.ports[0].containerPort, DEFAULT_PORT);
  t.match(dockerfile, new RegExp(`^EXPOSE ${DEFAULT_PORT}$`, 'm'), 'the same port the image exposes');
  const mount = container.volumeMounts.find((m: Doc) => m.mountPath === '/host');
  t.ok(mount?.readOnly, 'the host is mounted read-only');
  t.equal(pod.volumes.find((v: Doc) => v.name === mount.name)?.hostPath.path, '/');
  // The attribution collector reads root's 0600 state files and other users' /proc/<pid>/fd: uid 0 with only
  // the two capabilities that needs; the image itself stays non-root for `docker run`.
  t.same(container.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'], add: ['DAC_READ_SEARCH', 'SYS_PTRACE'] } });
  t.equal(pod.securityContext.runAsUser, 0);
  t.equal(pod.securityContext.runAsNonRoot, false);
  t.match(dockerfile, /^USER 65534:65534$/m, 'the image runs as nobody by default');
  t.notOk(options.settings.collectors.attribution === false, 'attribution is on in the DaemonSet');
  t.ok(container.resources.requests.cpu && container.resources.requests.memory && container.resources.limits.memory, 'requests and limits');
  for (const probe of [container.readinessProbe, container.livenessProbe]) t.same(probe.httpGet, { path: '/healthz', port: 'metrics' });
  t.equal(container.ports[0].name, 'metrics');
});

t.test('the NFD DaemonSet: sriov-check writes a features.d file into the host\'s NFD directory, on a loop', async (t) => {
  const [ds] = docs('deploy/nfd/sriov-check-daemonset.yaml');
  t.equal(ds?.kind, 'DaemonSet');
  const pod = ds?.spec.template.spec;
  const container = pod.containers[0];
  t.equal(container.image, `sriov-exporter:${version}`, 'the image the exporter\'s DaemonSet names: it holds sriov-check too');
  t.match(container.command.join(' '), /while :; do sriov-check "\$@"; sleep \d+; done/, 'the args go to sriov-check on every round');
  const options = parseCheckArgs(container.args);
  t.equal(options.rootfs, '/host');
  t.equal(options.output, 'nfd');
  t.ok(options.nfdExpirySeconds > Number(/sleep (\d+)/.exec(container.command.join(' '))?.[1]), 'labels outlive the interval between runs');
  const mountOf = (name: string) => pod.volumes.find((v: Doc) => v.name === name)?.hostPath.path;
  const features = container.volumeMounts.find((m: Doc) => (options.outputFile ?? '').startsWith(`${m.mountPath}/`));
  t.equal(mountOf(features?.name), '/etc/kubernetes/node-feature-discovery/features.d', 'the file lands in nfd-worker\'s features.d');
  t.notOk(features?.readOnly);
  const host = container.volumeMounts.find((m: Doc) => m.mountPath === '/host');
  t.ok(host?.readOnly, 'the host is read-only');
  t.same(container.securityContext.capabilities, { drop: ['ALL'] });
  t.equal(container.securityContext.readOnlyRootFilesystem, true);
});

t.test('Service, ServiceMonitor and the plain scrape config select the exporter pods', async (t) => {
  const [ds] = docs('deploy/kubernetes/daemonset.yaml');
  const labels = ds?.spec.template.metadata.labels as Record<string, string>;
  const [svc] = docs('deploy/kubernetes/service.yaml');
  t.equal(svc?.spec.clusterIP, 'None', 'headless: every node scraped on its own');
  t.same(svc?.spec.selector, labels);
  t.equal(svc?.spec.ports[0].port, DEFAULT_PORT);
  const [sm] = docs('deploy/kubernetes/prometheus-operator/servicemonitor.yaml');
  t.equal(sm?.apiVersion, 'monitoring.coreos.com/v1');
  for (const [k, v] of Object.entries(sm?.spec.selector.matchLabels as Record<string, string>)) t.equal(svc?.metadata.labels[k], v, `ServiceMonitor selects the Service by ${k}`);
  t.equal(sm?.spec.endpoints[0].port, svc?.spec.ports[0].name);
  t.equal(sm?.spec.endpoints[0].path, '/metrics');
  const [scrape] = docs('deploy/prometheus/scrape-config.yaml');
  const job = scrape?.scrape_configs.find((j: Doc) => j.job_name === 'sriov-exporter');
  const keep = job.relabel_configs.find((r: Doc) => r.source_labels[0] === '__meta_kubernetes_pod_label_app_kubernetes_io_name');
  t.ok(new RegExp(`^(?:${keep.regex})$`).test(labels['app.kubernetes.io/name'] as string), 'the scrape job keeps the exporter pods');
  t.equal(scrape?.scrape_configs.find((j: Doc) => j.job_name === 'sriov-exporter-hosts')?.static_configs[0].targets[0].endsWith(`:${DEFAULT_PORT}`), true);
});

t.test('the systemd unit: hardened, read-only, and its flags parse', async (t) => {
  const unit = fs.readFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.service'), 'utf8');
  const setting = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);
  for (const [key, value] of [
    ['DynamicUser', 'yes'],
    ['NoNewPrivileges', 'yes'],
    ['ProtectSystem', 'strict'],
    ['ProtectHome', 'yes'],
    ['PrivateTmp', 'yes'],
    ['CapabilityBoundingSet', ''],
    ['RestrictSUIDSGID', 'yes'],
  ]) {
    t.same(setting(key as string), [value], `${key}=${value}`);
  }
  t.match(setting('RestrictAddressFamilies')[0], /AF_NETLINK/, 'netlink for ip and ethtool');
  t.same(setting('ExecStart'), ['/usr/bin/sriov-exporter $SRIOV_EXPORTER_ARGS'], 'the program where the .deb and .rpm install it, with the flags of the file below');
  t.same(setting('EnvironmentFile'), [`-/${flagsPath('deb')}`, `-/${flagsPath('rpm')}`], 'the flags file of either family, where the packages put it');
  const defaults = fs.readFileSync(path.join(REPO, 'deploy/systemd/sriov-exporter.default'), 'utf8');
  const args = /^SRIOV_EXPORTER_ARGS="(.*)"$/m.exec(defaults)?.[1] ?? '';
  t.equal(parseExporterArgs(args.split(/\s+/).filter(Boolean)).listen.port, DEFAULT_PORT, 'the default flags parse');
});
