import t from 'tap';
import { summarizeInterrupts } from '../../src/parse/proc-interrupts.js';

// This development machine (a KVM guest without IOMMU): PCI-MSIX chips with no IR- prefix.
const GUEST = `           CPU0       CPU1       
 24:          1          0  IO-APIC   5-edge      ACPI:Ged
 26:          0         14  IO-APIC   4-edge      ttyS0
 28:          0          0 PCI-MSIX-0000:00:01.0   0-edge      virtio0-config
 38:          0      15406 PCI-MSIX-0000:00:03.0   1-edge      virtio2-input.0
NMI:          0          0   Non-maskable interrupts
LOC:     104531     110275   Local timer interrupts
`;

const REMAPPED = `            CPU0       CPU1       CPU2       CPU3
   0:         45          0          0          0  IR-IO-APIC    2-edge      timer
   8:          0          0          0          0  IR-IO-APIC    8-edge      rtc0
  25:          0          0          0          0  DMAR-MSI    0-edge      dmar0
  35:          0       1290          0          0  IR-PCI-MSIX-0000:3b:00.0    0-edge      i40e-0000:3b:00.0:misc
  36:          0          0        884          0  IR-PCI-MSIX-0000:3b:00.0    1-edge      i40e-ens1f0-TxRx-0
  90:          2          0          0          0  IR-PCI-MSI-0000:00:17.0    0-edge      ahci[0000:00:17.0]
`;

// Kernel 3.x prints chip and trigger together.
const OLD = `           CPU0       CPU1
 40:     110024          0  IR-PCI-MSI-edge      eth0-TxRx-0
 41:          5          0   IO-APIC-fasteoi   ehci_hcd:usb1
`;

t.test('counts device interrupts by remapped chip', async (t) => {
  t.same(summarizeInterrupts(GUEST), { remapped: 0, notRemapped: 4, chips: ['IO-APIC', 'PCI-MSIX'] });
  t.same(summarizeInterrupts(REMAPPED), { remapped: 5, notRemapped: 0, chips: ['IR-IO-APIC', 'IR-PCI-MSI', 'IR-PCI-MSIX'] }, 'DMAR-MSI is the IOMMU\'s own, not a device line');
  t.same(summarizeInterrupts(OLD), { remapped: 1, notRemapped: 1, chips: ['IO-APIC', 'IR-PCI-MSI'] });
});

t.test('no CPU header: not /proc/interrupts', async (t) => {
  t.equal(summarizeInterrupts(''), undefined);
  t.equal(summarizeInterrupts('garbage\n 1: 2 IR-IO-APIC\n'), undefined);
});
