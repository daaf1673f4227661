// Every attribution parser takes any text: valid documents cut at every point (a file read while being
// written), binary noise and odd shapes give a value or a reason, never a throw.

import { isIssue } from '../../../src/fact.js';
import t from 'tap';
import { parseCniResultCache, parseSriovCniCache } from '../../../src/parse/attribution/cni-caches.js';
import { parseKubeletCheckpoint } from '../../../src/parse/attribution/kubelet-checkpoint.js';
import { parseLibvirtStatus } from '../../../src/parse/attribution/libvirt-status.js';
import type { Parsed } from '../../../src/fact.js';
import { parsePidfile } from '../../../src/parse/attribution/pidfile.js';
import { parseCmdline } from '../../../src/parse/attribution/proc-cmdline.js';
import { parseProcStat } from '../../../src/parse/attribution/proc-stat.js';
import { classifyProcess } from '../../../src/parse/attribution/process-identity.js';
import { parseProxmoxReservations } from '../../../src/parse/attribution/proxmox-reservations.js';
import { parseProxmoxVmConfig } from '../../../src/parse/attribution/proxmox-vm-config.js';
import { cniResultCache, kubeletCheckpoint, libvirtQemuArgv, libvirtStatusXml, procStat, proxmoxConfig, proxmoxReservations, sriovCniCache } from '../../support/consumer-files.js';

const address = '0000:3b:02.1';
const pod = { namespace: 'ns', name: 'p', uid: '5c1b4f7e-2a3d-4e5f-8a9b-0c1d2e3f4a5b' };
const DOCUMENTS: [string, string, (text: string) => Parsed<object | number>][] = [
  ['libvirt status', libvirtStatusXml({ name: 'web01', uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', pid: 1, devices: [{ address, alias: 'hostdev0', form: 'pool' }], nova: { version: '1.1', displayName: 'x' } }), parseLibvirtStatus],
  ['checkpoint', kubeletCheckpoint([{ podUid: pod.uid, container: 'c', resource: 'r', devices: { '0': [address] } }]), parseKubeletCheckpoint],
  ['libcni cache', cniResultCache({ sandbox: 'a'.repeat(64), network: 'n', ifName: 'net1', address, pod }), parseCniResultCache],
  ['sriov-cni cache', sriovCniCache({ network: 'n', address, master: 'ens1f0', vfId: 1 }), (text) => parseSriovCniCache(`${'a'.repeat(64)}-net1`, text)],
  ['reservations', proxmoxReservations([{ address, vmid: 100, pid: 1 }, { address: '0000:3b:02.2', vmid: 101, until: 2 }]), parseProxmoxReservations],
  ['proxmox config', proxmoxConfig({ name: 'db02', hostpci: [address] }), parseProxmoxVmConfig],
  ['stat', procStat(4242, 'qemu-system-x86', 123), parseProcStat],
  ['pidfile', '4242\n', parsePidfile],
  ['cmdline', libvirtQemuArgv({ guest: 'a,b', uuid: 'u', devices: [{ address, alias: 'h' }] }).map((a) => `${a}\0`).join(''), parseCmdline],
];

const NOISE = ['', '\u0000\u0001\u0002', '\ufffd\ufffd', '<', '{', '[', 'null', '0', '"x"', ']]>', '<?xml version="1.0"?>', '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', '\n\n\n', ')))(((', 'x'.repeat(10_000)];

t.test('documents cut at every point, and noise: a value or a reason', async (t) => {
  for (const [name, document, parse] of DOCUMENTS) {
    const whole = parse(document);
    t.equal(!isIssue(whole), true, `${name}: the whole document parses`);
    let reasons = 0;
    const step = Math.max(1, Math.floor(document.length / 400));
    for (let cut = 0; cut < document.length; cut += step) {
      const result = parse(document.slice(0, cut));
      if (isIssue(result)) reasons++;
      t.ok(!isIssue(result) || ['EEMPTY', 'ESHORT', 'EPARSE', 'ESHAPE'].includes(result.code), `${name} cut at ${cut}`);
    }
    t.ok(reasons > 0 || name === 'cmdline' || name === 'proxmox config' || name === 'reservations', `${name}: some cuts are refused`);
    for (const noise of NOISE) {
      const result = parse(noise);
      t.ok(!isIssue(result) || typeof result.detail === 'string', `${name}: noise ${JSON.stringify(noise.slice(0, 20))}`);
    }
  }
});

t.test('process classification takes any argv', async (t) => {
  for (const argv of [[], [''], ['-name'], ['qemu-system-x86_64', '-device'], ['qemu-system-x86_64', '-device', '{'], ['x', '--file-prefix='], ['x', '-a']]) {
    t.doesNotThrow(() => classifyProcess('qemu-kvm', argv, undefined), JSON.stringify(argv));
    t.doesNotThrow(() => classifyProcess('app', argv, undefined), JSON.stringify(argv));
  }
});
