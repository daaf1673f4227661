// Firmware-layer rules on the edges the fixture hosts do not reach: each case changes one fact of a real
// fixture snapshot and says what the check must conclude.

import t from 'tap';
import { readIssue } from '../../src/fact.js';
import type { KernelLogLine } from '../../src/parse/kernel-log.js';
import type { HostSnapshot } from '../../src/snapshot/snapshot-types.js';
import { changed, finding, fixtureSnapshot, type Writable, setCmdline } from '../support/check-harness.js';

type Snap = Writable<HostSnapshot>;

const line = (signature: KernelLogLine['signature'], text: string, address?: string): KernelLogLine => ({ signature, text, ...(address ? { address } : {}) });

t.test('interrupt remapping', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const noLiveLines = (s: Snap) => {
    s.iommu.interrupts = { remapped: 0, notRemapped: 0, chips: [] };
  };
  const cases = [
    { name: 'IR- chips: on', change: () => undefined, status: 'pass', summary: /^on: \/proc\/interrupts shows \d+ device interrupts through IR-IO-APIC and IR-PCI-MSIX/ },
    {
      name: 'intremap=off on the command line: fail, remove it',
      change: (s: Snap) => setCmdline(s, `${String(s.kernel.cmdline)} intremap=off`),
      status: 'fail',
      summary: /`intremap=off`/,
      remediation: /remove `intremap=off`/,
    },
    {
      name: 'on, but allow_unsafe_interrupts=Y: warn',
      change: (s: Snap) => void (s.virtualization.moduleParameters['vfio_iommu_type1.allow_unsafe_interrupts'] = { value: 'Y', enabled: true }),
      status: 'warn',
      remediation: /allow_unsafe_interrupts/,
    },
    {
      name: 'no live lines: the kernel log decides',
      change: noLiveLines,
      status: 'pass',
      summary: /kernel log: "DMAR-IR: Enabled IRQ remapping in x2apic mode"/,
    },
    {
      name: 'no live lines and no log: unknown, never pass',
      change: (s: Snap) => {
        noLiveLines(s);
        s.kernelLog = { sources: [], lines: [] };
      },
      status: 'unknown',
      remediation: /--kernel-log/,
    },
    {
      name: 'no live lines and a root-only log: unknown, run as root',
      change: (s: Snap) => {
        noLiveLines(s);
        s.kernelLog = { sources: [{ path: '/var/log/kern.log', origin: 'host', issue: readIssue('/var/log/kern.log', 'EACCES') }], lines: [] };
      },
      status: 'unknown',
      remediation: /as root/,
    },
    {
      name: 'a VT-d unit without IR support (ecap bit 3 clear): fail naming the unit',
      change: (s: Snap) => {
        s.iommu.interrupts = { remapped: 0, notRemapped: 12, chips: ['IO-APIC', 'PCI-MSIX'] };
        // As the reader records ecap f020d2: bit 3 clear.
        if (Array.isArray(s.iommu.units) && s.iommu.units[1]) Object.assign(s.iommu.units[1], { ecap: 'f020d2', interruptRemapping: false });
      },
      status: 'fail',
      summary: /dmar1 cannot remap interrupts \(ecap bit 3 clear\)/,
      remediation: /"Interrupt Remapping"/,
    },
    {
      name: 'the DMAR table offers no IR: fail',
      change: (s: Snap) => {
        s.iommu.interrupts = { remapped: 0, notRemapped: 12, chips: ['PCI-MSIX'] };
        s.kernelLog.lines = [];
        const dmar = s.platform.acpiTables.DMAR;
        if (dmar && !('kind' in dmar)) dmar.dmarFlags = 0x02;
      },
      status: 'fail',
      summary: /INTR_REMAP flag clear/,
    },
  ];
  for (const c of cases) {
    const f = finding(changed(ready, c.change), 'firmware.iommu.interrupt-remapping');
    t.match(f, { status: c.status, ...(c.summary ? { summary: c.summary } : {}), ...(c.remediation ? { remediation: c.remediation } : {}) }, c.name);
  }
});

t.test('the IOMMU from table to kernel: one cause, reported once', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const off = changed(ready, (s) => {
    setCmdline(s, 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro intel_iommu=off');
    s.iommu.groupCount = 0;
    s.platform.os = { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'], versionId: '9.3' };
  });
  t.match(finding(off, 'firmware.iommu.cmdline'), { status: 'fail', summary: /`intel_iommu=off`/, remediation: /^Run `grubby --update-kernel=ALL --args="intel_iommu=on iommu=pt" --remove-args="intel_iommu=off"`/ });
  t.match(finding(off, 'firmware.iommu.kernel-enabled'), { status: 'skip', summary: /firmware\.iommu\.cmdline is fail/ }, 'not a second failure');
  t.match(finding(off, 'hypervisor.iommu.vf-groups', 'ens2f0np0'), { status: 'skip' });

  const notAsked = changed(ready, (s) => {
    setCmdline(s, 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro quiet');
    s.iommu.groupCount = 0;
    s.iommu.units = [];
  });
  t.match(finding(notAsked, 'firmware.iommu.kernel-enabled'), { status: 'fail', summary: /`intel_iommu=on` is not on the kernel command line/, remediation: /GRUB_CMDLINE_LINUX in \/etc\/default\/grub \(add `intel_iommu=on iommu=pt`\), run `update-grub`/ });

  const ostree = changed(notAsked, (s) => void (s.platform.boot = { grubDefaults: false, kernelCmdlineFile: false, ostree: true }));
  t.match(finding(ostree, 'firmware.iommu.kernel-enabled'), { remediation: /rpm-ostree kargs --append=intel_iommu=on --append=iommu=pt/ });

  const noPt = changed(ready, (s) => setCmdline(s, String(s.kernel.cmdline).replace(' iommu=pt', '')));
  t.match(finding(noPt, 'firmware.iommu.passthrough'), { status: 'warn', remediation: /add `iommu=pt`/ });
  const identity = changed(noPt, (s) => {
    for (const g of Object.values(s.iommu.groups)) if (g.type !== undefined) g.type = 'identity';
  });
  t.match(finding(identity, 'firmware.iommu.passthrough'), { status: 'pass', summary: /identity domains/ });
});

t.test('MMIO for VF BARs: evidence in order, silence proves nothing without the log', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const noVfs = changed(ready, (s) => {
    const pf = s.pciDevices.find((d) => d.address === '0000:5e:00.0');
    if (pf) {
      delete pf.iovResources;
      pf.virtfns = [];
    }
    s.pciDevices = s.pciDevices.filter((d) => d.physfn !== '0000:5e:00.0');
  });
  t.match(finding(noVfs, 'firmware.pci.mmio', 'ens2f0np0'), { status: 'pass', summary: /no MMIO error for this PF in the kernel log since boot/ });
  const noLog = changed(noVfs, (s) => void (s.kernelLog = { sources: [], lines: [] }));
  t.match(finding(noLog, 'firmware.pci.mmio', 'ens2f0np0'), { status: 'unknown', remediation: /--kernel-log/ });
  const busRange = changed(noVfs, (s) => {
    s.kernelLog.lines = [
      line('bus-range', "ice 0000:5e:00.0: can't enable 8 VFs (bus 5f out of range of [bus 5e])", '0000:5e:00.0'),
      line('sriov-enomem', 'ice 0000:5e:00.0: Failed to enable SR-IOV: -12', '0000:5e:00.0'),
    ];
  });
  t.match(finding(busRange, 'firmware.pci.mmio', 'ens2f0np0'), { status: 'pass' }, 'ENOMEM after a bus-range failure is not about MMIO');
  const mlx = await fixtureSnapshot('ready-amd');
  const mlxNoSpace = changed(mlx, (s) => {
    s.kernelLog.lines = [line('mmio-no-space', 'mlx5_core 0000:41:00.0: not enough MMIO resources for SR-IOV', '0000:41:00.0')];
    setCmdline(s, `${String(s.kernel.cmdline)} pci=realloc`);
  });
  t.match(finding(mlxNoSpace, 'firmware.pci.mmio', 'enp65s0f0np0'), {
    status: 'fail',
    remediation: /`pci=realloc` is already on the kernel command line.*mstconfig -d 0000:41:00\.0 set NUM_OF_VFS=8/,
  });
});

t.test('ARI forwarding: what is needed, and from which evidence', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const pf0 = (s: Snap) => s.pciDevices.find((d) => d.address === '0000:5e:00.0') as (typeof s.pciDevices)[number];
  t.match(finding(ready, 'firmware.pci.ari-forwarding', 'ens2f0np0', { vfs: 16 }), { status: 'pass', summary: /16 VFs at 0000:5e:01\.0…0000:5e:02\.7 \(offset 8, stride 1\) need ARI: .*ari_enabled is 1/ });
  const off = changed(ready, (s) => void (pf0(s).ariEnabled = false));
  t.match(finding(off, 'firmware.pci.ari-forwarding', 'ens2f0np0', { vfs: 16 }), { status: 'fail', summary: /ari_enabled is 0: without ARI forwarding the port above reaches only device 0/ });
  const unreadable = changed(ready, (s) => {
    delete pf0(s).ariEnabled;
    const bridge = s.pciDevices.find((d) => d.address === '0000:5d:00.0');
    if (bridge) bridge.config = readIssue('/sys/bus/pci/devices/0000:5d:00.0/config', 'ESHORT', '64 bytes');
  });
  t.match(finding(unreadable, 'firmware.pci.ari-forwarding', 'ens2f0np0', { vfs: 16 }), { status: 'unknown', remediation: /as root/ });
  const config = changed(unreadable, (s) => {
    const bridge = s.pciDevices.find((d) => d.address === '0000:5d:00.0');
    const real = ready.pciDevices.find((d) => d.address === '0000:5d:00.0');
    if (bridge && real) bridge.config = structuredClone(real.config) as typeof bridge.config;
  });
  t.match(finding(config, 'firmware.pci.ari-forwarding', 'ens2f0np0', { vfs: 16 }), { status: 'pass', summary: /DevCtl2 of 0000:5d:00\.0 has ARI forwarding on/ }, 'the bridge config is the fallback');
  t.match(
    finding(ready, 'firmware.pci.ari-forwarding', 'ens2f0np0', { vfs: 300 }),
    { status: 'fail', summary: /they need bus 5f, but the port above \(0000:5d:00\.0\) covers buses up to 5e/ },
    'VFs beyond the bus need the bridge\'s bus range',
  );
  const noRange = changed(ready, (s) => {
    const bridge = s.pciDevices.find((d) => d.address === '0000:5d:00.0');
    if (bridge) delete bridge.subordinateBus;
  });
  t.match(finding(noRange, 'firmware.pci.ari-forwarding', 'ens2f0np0', { vfs: 300 }), { status: 'unknown', summary: /subordinate_bus_number/ }, 'unknown without the range, never pass');
});

t.test('ACS explains groups; missing ACS with isolated groups is nothing to fix', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const noAcs = changed(ready, (s) => {
    const bridge = s.pciDevices.find((d) => d.address === '0000:5d:00.0');
    if (bridge?.config && !('kind' in bridge.config)) delete bridge.config.acs;
  });
  t.match(finding(noAcs, 'firmware.pci.acs', 'ens2f0np0'), { status: 'pass', summary: /no ACS on 0000:5d:00\.0 \(root port, no ACS capability\), yet .* nothing to fix/ });
  const shared = await fixtureSnapshot('vf-shared-group');
  t.match(finding(shared, 'firmware.pci.acs', 'enp2s0f0'), { status: 'warn', summary: /IOMMU group 8 holds other devices too/ });
});

t.test('lockdown matters only where a NIC needs a firmware tool', async (t) => {
  const intel = changed(await fixtureSnapshot('ready-intel'), (s) => void (s.platform.lockdown = 'integrity'));
  t.match(finding(intel, 'firmware.kernel.lockdown'), { status: 'pass', summary: /no NIC here needs a firmware tool/ });
  const mlx = changed(await fixtureSnapshot('ready-amd'), (s) => void (s.platform.lockdown = 'integrity'));
  t.match(finding(mlx, 'firmware.kernel.lockdown'), { status: 'warn', summary: /\[integrity\].*mstconfig.*enp65s0f0np0 and enp65s0f1np1/ });
  const unmounted = changed(mlx, (s) => {
    delete s.platform.lockdown;
    s.platform.securityfs = false;
  });
  t.match(finding(unmounted, 'firmware.kernel.lockdown'), { status: 'unknown', remediation: /securityfs/ });
});

t.test('hardware virtualization: BIOS on bare metal, nesting in a guest', async (t) => {
  const noVmx = changed(await fixtureSnapshot('ready-intel'), (s) => {
    if (s.platform.cpu && !('kind' in s.platform.cpu)) s.platform.cpu.flags = s.platform.cpu.flags.filter((f) => f !== 'vmx');
  });
  t.match(finding(noVmx, 'firmware.cpu.virtualization'), { status: 'fail', remediation: /"Intel Virtualization Technology" \(VT-x\) in the BIOS setup of Dell Inc\. PowerEdge R740/ });
  t.match(finding(noVmx, 'hypervisor.kvm.device'), { status: 'skip' }, '/dev/kvm is not blamed twice');
  const guest = await fixtureSnapshot('nested-guest');
  t.match(finding(guest, 'firmware.cpu.virtualization'), { status: 'fail', remediation: /options kvm_amd nested=1/ });
});

t.test('an Arm host booted from a device tree: no IORT, but SMMU units', async (t) => {
  const arm = changed(await fixtureSnapshot('ready-intel'), (s) => {
    s.platform.cpu = { arch: 'arm', vendorId: '0x41', flags: [] };
    s.platform.acpiTables = { DMAR: undefined, IVRS: undefined, IORT: undefined };
    s.iommu.units = [{ name: 'smmu3.0x0000000009050000', kind: 'other' }];
  });
  t.match(finding(arm, 'firmware.iommu.acpi-table'), { status: 'pass', summary: /no ACPI IORT table, but the kernel registered 1 IOMMU unit \(smmu3\.0x0000000009050000\): described by the device tree/ });
  t.match(finding(arm, 'firmware.cpu.virtualization'), { status: 'pass', summary: /arm64/ });
});
