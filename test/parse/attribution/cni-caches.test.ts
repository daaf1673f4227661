import t from 'tap';
import { isIssue } from '../../../src/fact.js';
import { parseCniResultCache, parseSriovCniCache } from '../../../src/parse/attribution/cni-caches.js';

const SANDBOX = 'a3f1c9e07b5d42e68f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60';
const UID = '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b';
const delegate = { cniVersion: '1.0.0', name: 'sriov-net-a', type: 'sriov', deviceID: '0000:3b:02.6', vlan: 100, ipam: { type: 'whereabouts' } };

function resultCache(config: object, args: [string, string][] = [['IgnoreUnknown', 'true'], ['K8S_POD_NAMESPACE', 'tenant-a'], ['K8S_POD_NAME', 'cnf-1'], ['K8S_POD_INFRA_CONTAINER_ID', SANDBOX], ['K8S_POD_UID', UID]]): string {
  return JSON.stringify({
    kind: 'cniCacheV1',
    containerId: SANDBOX,
    config: Buffer.from(JSON.stringify(config)).toString('base64'),
    ifName: 'net1',
    networkName: 'sriov-net-a',
    netns: '/var/run/netns/cni-1b2c3d4e-5f60-7182-93a4-b5c6d7e8f90a',
    cniArgs: args,
    result: { cniVersion: '1.0.0', interfaces: [{ name: 'net1', mac: '9e:2f:11:22:33:44', sandbox: '/var/run/netns/cni-1b2c' }] },
  });
}

t.test('libcni result cache (Multus delegate): VF → pod, namespace, UID, network', async (t) => {
  const result = parseCniResultCache(resultCache(delegate));
  t.strictSame(!isIssue(result) ? result : result, {
    address: '0000:3b:02.6',
    sandbox: SANDBOX,
    network: 'sriov-net-a',
    ifName: 'net1',
    pod: { namespace: 'tenant-a', name: 'cnf-1', uid: UID },
  });
  t.notMatch(JSON.stringify(result), /9e:2f/, 'no MAC kept');
});

t.test('libcni result cache: not SR-IOV, no pod args, garbage', async (t) => {
  const bridge = parseCniResultCache(resultCache({ cniVersion: '1.0.0', name: 'default', type: 'bridge' }));
  t.equal((isIssue(bridge) ? bridge.code : 'ok'), 'ESHAPE');
  const noArgs = parseCniResultCache(resultCache(delegate, []));
  t.ok(!isIssue(noArgs) && noArgs.pod === undefined);
  const other = parseCniResultCache('{"kind":"somethingElse"}');
  t.equal((isIssue(other) ? other.code : 'ok'), 'ESHAPE');
  const cut = parseCniResultCache(resultCache(delegate).slice(0, 120));
  t.equal((isIssue(cut) ? cut.code : 'ok'), 'ESHORT');
  const badConfig = parseCniResultCache(JSON.stringify({ kind: 'cniCacheV1', config: '!!!not base64 json' }));
  t.equal((isIssue(badConfig) ? badConfig.code : 'ok'), 'ESHAPE');
});

t.test('sriov-cni cache: VF and network from the NetConf, sandbox and interface from the file name', async (t) => {
  const netconf = JSON.stringify({ ...delegate, Master: 'ens1f0', MAC: '9e:2f:11:22:33:44', VFID: 6, OrigVfState: { HostIFName: 'ens1f0v6', AdminMAC: '00:00:00:00:00:00' } });
  const result = parseSriovCniCache(`${SANDBOX}-net1`, netconf);
  t.strictSame(!isIssue(result) ? result : result, { address: '0000:3b:02.6', sandbox: SANDBOX, ifName: 'net1', network: 'sriov-net-a' });
  const oddName = parseSriovCniCache('not-a-container-id', netconf);
  t.strictSame(!isIssue(oddName) ? oddName : oddName, { address: '0000:3b:02.6', network: 'sriov-net-a' });
  const noDevice = parseSriovCniCache(`${SANDBOX}-net1`, '{"name":"x"}');
  t.equal((isIssue(noDevice) ? noDevice.code : 'ok'), 'ESHAPE');
  const list = parseSriovCniCache(`${SANDBOX}-net1`, '[1]');
  t.equal((isIssue(list) ? list.code : 'ok'), 'ESHAPE');
});
