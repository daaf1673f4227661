import t from 'tap';
import { parseDpdkArgv } from '../../../src/parse/attribution/dpdk-argv.js';
import { classifyProcess } from '../../../src/parse/attribution/process-identity.js';

t.test('DPDK EAL options in their getopt spellings, up to --', async (t) => {
  const cases: [string, readonly string[], unknown][] = [
    ['testpmd', ['dpdk-testpmd', '-l', '0-3', '-n', '4', '-a', '0000:3b:02.1', '--file-prefix', 'tpmd', '--', '-i', '-a', '0000:3b:02.7'], { filePrefix: 'tpmd', allowed: ['0000:3b:02.1'], noSharedConfig: false, eal: true }],
    ['= and attached forms, devargs', ['l3fwd', '--file-prefix=fwd', '-a0000:3b:02.2,rxq_pkt_pad_en=1', '--allow=3b:02.3', '-w', '0000:3b:02.3'], { filePrefix: 'fwd', allowed: ['0000:3b:02.2', '0000:3b:02.3'], noSharedConfig: false, eal: true }],
    ['in-memory', ['pktgen', '--in-memory', '-a', '0000:3b:02.4'], { allowed: ['0000:3b:02.4'], noSharedConfig: true, eal: true }],
    ['no-shconf only', ['app', '--no-shconf'], { allowed: [], noSharedConfig: true, eal: true }],
    ['not DPDK: -a with a word, -c with a file', ['backup', '-a', 'all', '-c', '/etc/backup.conf', '-n', '3'], { allowed: [], noSharedConfig: false, eal: false }],
    ['option without value at the end', ['x', '--file-prefix'], { allowed: [], noSharedConfig: false, eal: false }],
  ];
  for (const [name, argv, expected] of cases) t.strictSame(parseDpdkArgv(argv), expected, name);
});

t.test('process kinds: QEMU, other VMMs, DPDK by runtime file or EAL options, anything else', async (t) => {
  const cases: [string, string, readonly string[] | undefined, string | undefined, unknown][] = [
    ['libvirt QEMU', 'qemu-system-x86', ['/usr/bin/qemu-system-x86_64', '-name', 'guest=web01', '-uuid', '3f2504e0-4f89-11d3-9a0c-0305e82c3301'], undefined,
      { kind: 'qemu', guest: 'web01', uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', devices: [] }],
    ['Proxmox kvm', 'kvm', ['/usr/bin/kvm', '-id', '100'], undefined, { kind: 'qemu', vmid: 100, devices: [] }],
    ['QEMU, argv unreadable', 'qemu-kvm', undefined, undefined, { kind: 'qemu', devices: [] }],
    ['QEMU renamed by -name process=', 'web01-proc', ['/usr/libexec/qemu-kvm', '-name', 'guest=web01,process=web01-proc'], undefined, { kind: 'qemu', guest: 'web01', devices: [] }],
    ['cloud-hypervisor', 'cloud-hypervisor', ['cloud-hypervisor', '--device', 'path=/sys/bus/pci/devices/0000:3b:02.1/'], undefined, { kind: 'vmm', name: 'cloud-hypervisor' }],
    ['DPDK by its runtime directory', 'vpp_main', ['/usr/bin/vpp', '-c', '/etc/vpp/startup.conf'], 'vpp', { kind: 'dpdk', prefix: 'vpp', allowed: [] }],
    ['DPDK by EAL options', 'dpdk-testpmd', ['dpdk-testpmd', '--in-memory', '-a', '0000:3b:02.1'], undefined, { kind: 'dpdk', allowed: ['0000:3b:02.1'] }],
    ['the runtime directory names the prefix over argv', 'testpmd', ['testpmd', '--file-prefix', 'x'], 'y', { kind: 'dpdk', prefix: 'y', allowed: [] }],
    ['anything else', 'my-app', ['/opt/app/bin/my-app', '--config', '/etc/app.yml'], undefined, { kind: 'process', comm: 'my-app' }],
  ];
  for (const [name, comm, argv, prefix, expected] of cases) t.strictSame(classifyProcess(comm, argv, prefix), expected, name);
});
