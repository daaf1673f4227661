// Every manifest of deploy/ against its schema, as a cluster would check it on apply: the Kubernetes objects with
// the OpenAPI schemas of kubernetes-models, the ServiceMonitor with the Prometheus Operator's CRD schema
// (@kubernetes-models/prometheus-operator), and the plain scrape configuration with promtool, inside a
// prometheus.yml as the README says to use it.

import t from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { Namespace, Service } from 'kubernetes-models/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { REPO } from '../support/run-cli.js';

type Manifest = Record<string, unknown> & { apiVersion?: string; kind?: string };

/** The schema of each kind the deploy/ directories hold: validate() throws with the path of every violation. */
const MODELS: Readonly<Record<string, (object: Manifest) => { validate(): void }>> = {
  'v1/Namespace': (o) => new Namespace(o as ConstructorParameters<typeof Namespace>[0]),
  'v1/Service': (o) => new Service(o as ConstructorParameters<typeof Service>[0]),
  'apps/v1/DaemonSet': (o) => new DaemonSet(o as ConstructorParameters<typeof DaemonSet>[0]),
  'monitoring.coreos.com/v1/ServiceMonitor': (o) => new ServiceMonitor(o as ConstructorParameters<typeof ServiceMonitor>[0]),
};

function manifests(dir: string): [string, Manifest][] {
  return fs.readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(REPO, dir, f), 'utf8')).map((d): [string, Manifest] => [`${dir}/${f}`, d.toJS() as Manifest]));
}

const validate = (object: Manifest) => {
  const model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!model) throw new Error(`no schema for ${object.apiVersion}/${object.kind}`);
  model(object).validate();
};

t.test('every Kubernetes manifest validates against its schema', async (t) => {
  const found = manifests('deploy/kubernetes');
  t.same(found.map(([file, o]) => `${file} ${o.kind}`), [
    'deploy/kubernetes/00-namespace.yaml Namespace',
    'deploy/kubernetes/daemonset.yaml DaemonSet',
    'deploy/kubernetes/prometheus-operator/servicemonitor.yaml ServiceMonitor',
    'deploy/kubernetes/service.yaml Service',
  ], 'the objects kubectl apply -f deploy/kubernetes/ creates, the namespace first, and the ServiceMonitor apart');
  for (const [file, object] of found) t.doesNotThrow(() => validate(object), `${file}: valid ${object.kind}`);
  const inNamespace = found.filter(([, o]) => o.kind !== 'Namespace').map(([, o]) => (o.metadata as { namespace?: string }).namespace);
  t.same([...new Set(inNamespace)], [(found[0]?.[1].metadata as { name: string }).name], 'every object lives in the namespace the directory creates');
});

t.test('the NFD writer validates too, and lives in NFD\'s namespace', async (t) => {
  const found = manifests('deploy/nfd');
  t.same(found.map(([file, o]) => `${file} ${o.kind}`), ['deploy/nfd/sriov-check-daemonset.yaml DaemonSet']);
  for (const [file, object] of found) t.doesNotThrow(() => validate(object), `${file}: valid ${object.kind}`);
  t.equal((found[0]?.[1].metadata as { namespace?: string }).namespace, 'node-feature-discovery', 'where nfd-worker runs (deploy/README.md)');
});

t.test('the schemas catch what a cluster would refuse', async (t) => {
  const [, daemonSet] = manifests('deploy/kubernetes').find(([, o]) => o.kind === 'DaemonSet') as [string, Manifest];
  const broken = structuredClone(daemonSet) as { spec: { template: { spec: { hostNetwork: unknown } } } };
  broken.spec.template.spec.hostNetwork = 'yes';
  t.throws(() => validate(broken as unknown as Manifest), /hostNetwork must be boolean/);
  const [, monitor] = manifests('deploy/kubernetes').find(([, o]) => o.kind === 'ServiceMonitor') as [string, Manifest];
  const badMonitor = structuredClone(monitor) as { spec: { endpoints: { interval: unknown }[] } };
  (badMonitor.spec.endpoints[0] as { interval: unknown }).interval = 30;
  t.throws(() => validate(badMonitor as unknown as Manifest), /interval must be string/);
  t.throws(() => validate({ apiVersion: 'v1', kind: 'Config' }), /no schema for v1\/Config/);
});

t.test('the plain scrape configuration is valid in a prometheus.yml (promtool check config)', { skip: fs.existsSync('/usr/bin/promtool') || process.env.CI ? false : 'promtool is not installed' }, async (t) => {
  const config = parse(fs.readFileSync(path.join(REPO, 'deploy/prometheus/scrape-config.yaml'), 'utf8')) as { scrape_configs: Record<string, unknown>[] };
  // Debian builds Prometheus without Kubernetes service discovery (its promtool refuses kubernetes_sd_configs):
  // the bare-metal job is checked here, the Kubernetes one by the structure tests of deploy.test.ts.
  const plain = config.scrape_configs.filter((job) => job.kubernetes_sd_configs === undefined);
  t.ok(plain.length > 0, 'a job without Kubernetes discovery');
  const file = path.join(t.testdir({}), 'prometheus.yml');
  fs.writeFileSync(file, stringify({ scrape_configs: plain }));
  const result = spawnSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
  t.equal(result.status, 0, `${result.stdout}${result.stderr}`);
});
