import t from 'tap';
import { messageOf, scanKernelLog } from '../../src/parse/kernel-log.js';

// Real lines (reference iommu.txt §1, §2, §5; lspci.txt 82576), in the formats they come in: kern.log
// (syslog prefix + dmesg stamp), journalctl -k, and a saved dmesg.
const cases: { name: string; line: string; signature: string; address?: string }[] = [
  { name: 'Intel IR on', line: '[    0.124576] DMAR-IR: Enabled IRQ remapping in x2apic mode', signature: 'ir-enabled' },
  { name: 'AMD IR on', line: 'Jun 29 18:28:41 hp-4300G kernel: AMD-Vi: Interrupt remapping enabled', signature: 'ir-enabled' },
  { name: 'AMD IR off', line: '[    0.121495] AMD-Vi: Disabling interrupt remapping', signature: 'ir-disabled' },
  { name: 'IVRS bug', line: '[    0.121463] AMD-Vi: [Firmware Bug]: : No southbridge IOAPIC found', signature: 'ir-firmware-bug' },
  { name: 'IVRS bug, older wording', line: '[  0.036021] [Firmware Bug]: AMD-Vi: IOAPIC[0] not in IVRS table', signature: 'ir-firmware-bug' },
  { name: 'IOMMU on', line: '[    0.207585] DMAR: IOMMU enabled', signature: 'iommu-enabled' },
  { name: 'MMIO (ixgbe)', line: 'Aug 10 11:43:24 server kernel: ixgbe 0000:04:00.1: not enough MMIO resources for SR-IOV', signature: 'mmio-no-space', address: '0000:04:00.1' },
  { name: 'MMIO at boot, old kernel', line: '[    1.021] pci 0000:04:00.0: BAR 7: no space for [mem size 0x00100000 64bit pref]', signature: 'mmio-no-space', address: '0000:04:00.0' },
  { name: 'MMIO at boot, new kernel', line: "[    1.021] pci 0000:04:00.0: VF BAR 0 [mem size 0x00100000 64bit pref]: can't assign; no space", signature: 'mmio-no-space', address: '0000:04:00.0' },
  { name: 'ENOMEM (ixgbe)', line: 'Aug 10 11:43:24 server kernel: ixgbe 0000:04:00.0: Failed to enable PCI sriov: -12', signature: 'sriov-enomem', address: '0000:04:00.0' },
  { name: 'ENOMEM (mlx5)', line: '[Tue Dec 10 12:24:26 2019] mlx5_core 0000:81:00.0: mlx5_sriov_enable:149:(pid 20601): pci_enable_sriov failed : -12', signature: 'sriov-enomem', address: '0000:81:00.0' },
  { name: 'bus range, old', line: '[159844.168857] igb 0000:07:00.0: SR-IOV: bus number out of range', signature: 'bus-range', address: '0000:07:00.0' },
  { name: 'bus range, new', line: "[  433.652932] ixgbe 0000:83:00.0: can't enable 1 VFs (bus 84 out of range of [bus 83])", signature: 'bus-range', address: '0000:83:00.0' },
  { name: 'VFIO without IR', line: '[ 512.1] vfio_iommu_type1_attach_group: No interrupt remapping support.  Use the module param "allow_unsafe_interrupts" to enable VFIO IOMMU support on this platform', signature: 'vfio-no-ir' },
  { name: 'VT-x off in BIOS', line: '[    5.2] kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0', signature: 'virt-disabled-bios' },
  { name: 'old kvm wording', line: '[    5.2] kvm: disabled by bios', signature: 'virt-disabled-bios' },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const { lines } = scanKernelLog(`${c.line}\n`);
    t.equal(lines.length, 1, 'one line kept');
    t.equal(lines[0]?.signature, c.signature);
    t.equal(lines[0]?.address, c.address);
    t.equal(lines[0]?.text, c.line.trim());
  });
}

t.test('unrelated lines are dropped, including look-alikes', async (t) => {
  const text = [
    '[    0.1] x2apic: IRQ remapping doesn\'t support X2APIC mode',
    '[    0.2] x2apic disabled by BIOS, switching to xAPIC',
    '[    3.0] e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex',
    '[    3.1] ixgbe 0000:04:00.0 enp4s0f0: SR-IOV enabled with 1 VFs',
  ].join('\n');
  t.same(scanKernelLog(text).lines, []);
});

t.test('only the last boot counts: kern.log spanning two boots', async (t) => {
  const text = [
    'Mar  1 10:00:00 hv1 kernel: [    0.000000] Linux version 6.1.0-17-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP',
    'Mar  1 10:00:01 hv1 kernel: [    0.5] AMD-Vi: Disabling interrupt remapping',
    'Mar  2 08:00:00 hv1 kernel: [    0.000000] Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP',
    'Mar  2 08:00:01 hv1 kernel: [    0.5] AMD-Vi: Interrupt remapping enabled',
  ].join('\n');
  const scan = scanKernelLog(text);
  t.same(scan.lines.map((l) => l.signature), ['ir-enabled']);
  t.equal(scan.boot?.release, '6.1.0-18-amd64');
  t.match(scan.boot?.text, /^Mar {2}2 08:00:00/);
});

t.test('journalctl separators mark boots too', async (t) => {
  const text = '-- Boot 5d3c8b --\nkernel: AMD-Vi: Disabling interrupt remapping\n-- Boot 77a1e0 --\nkernel: DMAR: IOMMU enabled\n';
  const scan = scanKernelLog(text);
  t.same(scan.lines.map((l) => l.signature), ['iommu-enabled']);
  t.same(scan.boot, { text: '-- Boot 77a1e0 --' });
});

t.test('the same message from kern.log and a saved dmesg counts once; the newest lines are kept', async (t) => {
  const line = 'igb 0000:07:00.0: SR-IOV: bus number out of range';
  t.equal(messageOf(`Jun 29 18:28:41 ml110d kernel: [159844.168857] ${line}`), line);
  t.equal(messageOf(`[159844.168857] ${line}`), line);
  t.equal(scanKernelLog(`[1.0] ${line}\n[2.0] ${line}\n`).lines.length, 1);
  const many = Array.from({ length: 10 }, (_, i) => `[${i}.0] pci 0000:0${i}:00.0: not enough MMIO resources for SR-IOV`).join('\n');
  t.same(scanKernelLog(many, 3).lines.map((l) => l.address), ['0000:07:00.0', '0000:08:00.0', '0000:09:00.0']);
});

t.test('garbage: nothing matches, nothing breaks', async (t) => {
  t.same(scanKernelLog('\u0000\u00ff\ufffd'.repeat(1000)), { lines: [] });
  t.same(scanKernelLog(''), { lines: [] });
});
