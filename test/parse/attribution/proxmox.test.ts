import t from 'tap';
import { isIssue } from '../../../src/fact.js';
import { parseProxmoxReservations } from '../../../src/parse/attribution/proxmox-reservations.js';
import { hostpciCovers, parseProxmoxVmConfig } from '../../../src/parse/attribution/proxmox-vm-config.js';

t.test('pci-id-reservations: running VMs by pid, starting ones by expiry', async (t) => {
  const text = '0000:d0:15.1 100 pid:4242\n0000:d0:15.2 100 pid:4242\n0000:d0:15.3 101 time:1767225600\n';
  const result = parseProxmoxReservations(text);
  t.strictSame(!isIssue(result) ? result : result, {
    reservations: [
      { address: '0000:d0:15.1', vmid: 100, pid: 4242 },
      { address: '0000:d0:15.2', vmid: 100, pid: 4242 },
      { address: '0000:d0:15.3', vmid: 101, until: 1767225600 },
    ],
    skipped: 0,
  });
});

t.test('pci-id-reservations: odd lines skipped and counted, an empty file is no reservation', async (t) => {
  const cases: [string, string, unknown][] = [
    ['EEMPTY', '', { reservations: [], skipped: 0 }],
    ['a line being written', '0000:d0:15.1 100 pid:4242\n0000:d0:15.2 10', { reservations: [{ address: '0000:d0:15.1', vmid: 100, pid: 4242 }], skipped: 1 }],
    ['mdev-like id and garbage', 'garbage line\n0000:d0:15.1 100 pid:4242\nnvidia-63 100 pid:4242\n', { reservations: [{ address: '0000:d0:15.1', vmid: 100, pid: 4242 }], skipped: 2 }],
    ['only garbage', 'hello\nworld\n', 'EPARSE'],
    ['only a cut line', '0000:d0:15.1 1', 'ESHORT'],
  ];
  for (const [name, text, expected] of cases) {
    const result = parseProxmoxReservations(text);
    t.strictSame(!isIssue(result) ? result : result.code, expected, name);
  }
});

const CONF = `#Web tier%3A front end
boot: order=scsi0;net0
cores: 4
hostpci0: 0000:d0:15.1,pcie=1
hostpci1: host=d0:15.2;d0:15.3,pcie=1,rombar=0
hostpci2: mapping=sriov-pool,pcie=1
hostpci3: 0000:41:00
memory: 8192
name: db02
net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0
parent: before-upgrade
scsi0: local-lvm:vm-100-disk-0,size=32G

[before-upgrade]
hostpci0: 0000:d0:15.7
name: db02-old
snaptime: 1767225600

[PENDING]
name: db02-renamed
`;

t.test('qemu-server/<vmid>.conf: the name and hostpci lines of the current configuration only', async (t) => {
  const result = parseProxmoxVmConfig(CONF);
  t.strictSame(!isIssue(result) ? result : result, {
    name: 'db02',
    hostpci: [
      { slot: 'hostpci0', ids: ['0000:d0:15.1'] },
      { slot: 'hostpci1', ids: ['0000:d0:15.2', '0000:d0:15.3'] },
      { slot: 'hostpci2', ids: [], mapping: 'sriov-pool' },
      { slot: 'hostpci3', ids: ['0000:41:00'] },
    ],
  });
  t.notMatch(JSON.stringify(result), /BC:24:11/, 'no MAC kept');
});

t.test('qemu-server conf: no name, empty, garbage', async (t) => {
  const noName = parseProxmoxVmConfig('cores: 2\nhostpci0: 3b:02.1\n');
  t.strictSame(!isIssue(noName) ? noName : noName, { hostpci: [{ slot: 'hostpci0', ids: ['0000:3b:02.1'] }] });
  const empty = parseProxmoxVmConfig('');
  t.equal((isIssue(empty) ? empty.code : 'ok'), 'EEMPTY');
  const garbage = parseProxmoxVmConfig('\u0000\u0001binary\n');
  t.equal((isIssue(garbage) ? garbage.code : 'ok'), 'EPARSE');
});

t.test('a hostpci id without its function covers every function of the device', async (t) => {
  t.equal(hostpciCovers('0000:41:00', '0000:41:00.1'), true);
  t.equal(hostpciCovers('0000:41:00', '0000:41:01.0'), false);
  t.equal(hostpciCovers('0000:d0:15.1', '0000:d0:15.1'), true);
  t.equal(hostpciCovers('0000:d0:15.1', '0000:d0:15.2'), false);
});
