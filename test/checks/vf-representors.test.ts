// nic.vf.representors: only PFs in switchdev mode get it; a representor that is down, or a VF without one,
// is a warning with the commands for this host; the real mlx5 and ice layouts of the fixture hosts.

import t from 'tap';
import { readIssue } from '../../src/fact.js';
import type { HostSnapshot } from '../../src/snapshot/snapshot-types.js';
import { changed, finding, findings, fixtureSnapshot, type Writable } from '../support/check-harness.js';

type Snap = Writable<HostSnapshot>;
const ID = 'nic.vf.representors';

const setOperstate = (s: Snap, name: string, operstate: Snap['netDevices'][number]['operstate']) => {
  const netdev = s.netDevices.find((n) => n.name === name);
  if (!netdev) throw new Error(`no netdev ${name}`);
  netdev.operstate = operstate;
};

t.test('mlx5 in switchdev mode: VF 3\'s representor is down', async (t) => {
  const cx5 = await fixtureSnapshot('cx5-switchdev');
  t.match(finding(cx5, ID, 'ens1f0np0'), {
    status: 'warn',
    summary: 'switchdev mode (switch id 40102a0003f6ceb8): 4 VFs represented by eth0, eth1, eth2 and eth3; eth3 (VF 3) is down: that VF has no carrier',
    remediation: /^Bring each representor up, `ip link set eth3 up`, and add it to the switch/,
    evidence: ['/sys/class/net/eth3/operstate'],
  });
  t.equal(finding(cx5, ID, 'ens1f1np1'), undefined, 'port 2 is in legacy mode: no finding at all');
  const both = finding(changed(cx5, (s) => setOperstate(s, 'eth2', 'down')), ID, 'ens1f0np0');
  t.match(both, { status: 'warn', summary: /eth2 \(VF 2\) is down and eth3 \(VF 3\) is down: those VFs have no carrier$/ });
  t.match(both?.remediation, /`ip link set eth2 up` \(and likewise eth3\)/);
  t.match(finding(changed(cx5, (s) => setOperstate(s, 'eth3', 'up')), ID, 'ens1f0np0'), { status: 'pass', summary: /eth2 and eth3, all up$/ });
  const unreadable = changed(cx5, (s) => setOperstate(s, 'eth3', readIssue('/sys/class/net/eth3/operstate', 'EACCES')));
  t.match(finding(unreadable, ID, 'ens1f0np0'), { status: 'unknown', summary: /^operstate of representor eth3: /, remediation: 'Run sriov-check as root.' });
});

t.test('ice in switchdev mode: every representor up', async (t) => {
  const e810 = await fixtureSnapshot('e810-switchdev');
  t.match(finding(e810, ID, 'enp162s0f0np0'), {
    status: 'pass',
    summary: 'switchdev mode (switch id 303ea7ffff011a5a): 4 VFs represented by eth0, eth1, eth2 and eth3, all up',
  });
  t.equal(finding(e810, ID, 'enp162s0f1np1'), undefined, 'port 2 runs legacy mode with VFs: not in switchdev mode');
});

t.test('a VF without a representor', async (t) => {
  const cx5 = await fixtureSnapshot('cx5-switchdev');
  const lost = changed(cx5, (s) => {
    const vf = s.topology.pfs.find((pf) => pf.address === '0000:3b:00.0')?.vfs[2];
    if (vf) delete vf.representor;
  });
  t.match(finding(lost, ID, 'ens1f0np0'), {
    status: 'warn',
    summary: 'switchdev mode (switch id 40102a0003f6ceb8), but VF 2 (0000:3b:00.4) has no representor here: the switch cannot forward its traffic',
    remediation:
      'Recreate the VFs in switchdev mode: `echo 0 > /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs; ' +
      'devlink dev eswitch set pci/0000:3b:00.0 mode switchdev; echo 4 > /sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs`; ' +
      '`dmesg | grep 0000:3b:00.0` shows why a representor is missing.',
  });
});

t.test('PFs in legacy mode get no representor finding', async (t) => {
  for (const host of ['x710-iavf', 'e810-vfio', 'cx5-sriov-off']) {
    const all = findings(await fixtureSnapshot(host));
    t.notOk(all.some((f) => f.id === ID), `${host}: no ${ID}`);
    t.ok(all.some((f) => f.id === 'nic.pf.link'), `${host}: other PF checks still run`);
  }
});
