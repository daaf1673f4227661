// Hypervisor-layer rules on their edges, one changed fact of a real fixture snapshot per case.

import t from 'tap';
import { readIssue } from '../../src/fact.js';
import type { HostSnapshot } from '../../src/snapshot/snapshot-types.js';
import { changed, finding, fixtureSnapshot, type Writable, setCmdline } from '../support/check-harness.js';

type Snap = Writable<HostSnapshot>;

t.test('KVM: the cause of a missing /dev/kvm', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const noKvm = (s: Snap) => void (s.virtualization.kvmDevice = false);
  t.match(finding(ready, 'hypervisor.kvm.device'), { status: 'pass', summary: '/dev/kvm present, kvm_intel loaded, nested=Y' });
  t.match(
    finding(changed(ready, (s) => {
      noKvm(s);
      s.kernel.modules.kvm_intel = 'on-disk';
    }), 'hypervisor.kvm.device'),
    { status: 'fail', summary: /kvm_intel is installed but not loaded/, remediation: /`modprobe kvm_intel`.*\/etc\/modules-load\.d\/kvm\.conf/ },
  );
  t.match(
    finding(changed(ready, (s) => {
      noKvm(s);
      s.kernelLog.lines.push({ signature: 'virt-disabled-bios', text: '[    5.2] kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0' });
    }), 'hypervisor.kvm.device'),
    { status: 'fail', summary: /VMX not enabled \(by BIOS\)/, remediation: /BIOS setup/ },
  );
  t.match(finding(changed(ready, (s) => void (s.virtualization.devVisible = false)), 'hypervisor.kvm.device'), { status: 'unknown', remediation: /\/dev/ }, 'a container without the host /dev proves nothing');
});

t.test('VFIO: modules, device node, no-IOMMU mode', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  t.match(finding(changed(ready, (s) => void (s.kernel.modules.vfio_pci = 'absent')), 'hypervisor.vfio.modules'), { status: 'fail', summary: /has no vfio_pci/ });
  t.match(finding(changed(ready, (s) => void (s.kernel.modules.vfio_pci = 'on-disk')), 'hypervisor.vfio.modules'), { status: 'pass', summary: /vfio_pci installed \(loaded on demand\)/ });
  t.match(finding(changed(ready, (s) => void (s.virtualization.vfioDevice = false)), 'hypervisor.vfio.modules'), { status: 'warn', summary: /\/dev\/vfio\/vfio is missing/ });
  t.match(finding(changed(ready, (s) => void (s.virtualization.moduleParameters['vfio.enable_unsafe_noiommu_mode'] = { value: 'Y', enabled: true })), 'hypervisor.vfio.noiommu'), { status: 'warn', summary: /not isolated/ });
  const noiommuGroup = changed(ready, (s) => {
    const g = Object.values(s.iommu.groups)[0];
    if (g) g.name = 'vfio-noiommu';
  });
  t.match(finding(noiommuGroup, 'hypervisor.vfio.noiommu'), { status: 'warn', summary: /is vfio-noiommu/ });
});

t.test('VF groups and isolation', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const lost = changed(ready, (s) => {
    const vf = s.pciDevices.find((d) => d.physfn === '0000:5e:00.0');
    if (vf) delete vf.iommuGroup;
  });
  t.match(finding(lost, 'hypervisor.iommu.vf-groups', 'ens2f0np0'), { status: 'fail', summary: /1 VF of 8 has no IOMMU group/ });
  t.match(finding(lost, 'hypervisor.iommu.vf-isolation', 'ens2f0np0'), { status: 'skip' });
  // Another VF in the group, unbound: the two can only go to one VM together.
  const join = (s: Snap, driver: Snap['pciDevices'][number]['driver']) => {
    const [a, b] = s.pciDevices.filter((d) => d.physfn === '0000:5e:00.1');
    if (!a || !b) return;
    b.iommuGroup = a.iommuGroup;
    b.driver = driver;
  };
  t.match(finding(changed(ready, (s) => join(s, undefined)), 'hypervisor.iommu.vf-isolation', 'ens2f1np1'), { status: 'warn', summary: /\(a VF of 0000:5e:00\.1, no driver\).*only together/ });
  t.match(finding(changed(ready, (s) => join(s, 'iavf')), 'hypervisor.iommu.vf-isolation', 'ens2f1np1'), { status: 'fail', summary: /host-bound 0000:5e:11\.1 \(a VF of 0000:5e:00\.1, iavf\)/ });
  t.match(
    finding(changed(ready, (s) => join(s, readIssue('/sys/bus/pci/devices/0000:5e:11.1/uevent', 'EACCES'))), 'hypervisor.iommu.vf-isolation', 'ens2f1np1'),
    { status: 'unknown', summary: /driver of 0000:5e:11\.1 \(IOMMU group 90\)/ },
  );
});

t.test('guests: which hypervisor, and bare metal that looks like one', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  const cases = [
    { name: 'Hyper-V', dmi: { sys_vendor: 'Microsoft Corporation', product_name: 'Virtual Machine' }, vmbus: true, status: 'warn', summary: /Hyper-V virtual machine.*hv_netvsc/ },
    { name: 'Surface laptop is not Hyper-V', dmi: { sys_vendor: 'Microsoft Corporation', product_name: 'Surface Laptop 5' }, status: 'pass' },
    { name: 'VMware', dmi: { sys_vendor: 'VMware, Inc.', product_name: 'VMware7,1' }, status: 'warn', summary: /VMware virtual machine/ },
    { name: 'EC2 metal is bare metal', dmi: { sys_vendor: 'Amazon EC2', product_name: 'm5.metal' }, status: 'pass' },
    { name: 'EC2 instance', dmi: { sys_vendor: 'Amazon EC2', product_name: 'm5.2xlarge' }, status: 'warn', summary: /Amazon EC2 \(Nitro\)/ },
    { name: 'Xen', dmi: {}, hypervisorType: 'xen', status: 'warn', summary: /Xen virtual machine.*\/sys\/hypervisor\/type xen/ },
    { name: 'a coreboot board with SeaBIOS is bare metal', dmi: { sys_vendor: 'Protectli', product_name: 'VP2420', bios_vendor: 'SeaBIOS' }, status: 'pass' },
  ];
  for (const c of cases) {
    const s = changed(ready, (s) => {
      s.platform.dmi = c.dmi;
      if (c.vmbus) s.platform.vmbus = true;
      if (c.hypervisorType) s.platform.hypervisorType = c.hypervisorType;
    });
    t.match(finding(s, 'hypervisor.host.bare-metal'), { status: c.status, ...(c.summary ? { summary: c.summary } : {}) }, c.name);
  }
  t.match(finding(changed(ready, (s) => {
    delete s.platform.cpu;
    s.platform.dmi = {};
  }), 'hypervisor.host.bare-metal'), { status: 'unknown' }, 'no cpuinfo and no DMI: not proven bare metal');
});

t.test('QEMU and libvirt', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  t.match(finding(changed(ready, (s) => void (s.virtualization.libvirtSockets = [])), 'hypervisor.qemu.present'), { status: 'warn', summary: /not running/, remediation: /systemctl enable --now libvirtd/ });
  t.match(finding(changed(ready, (s) => {
    s.virtualization.libvirtSockets = [];
    s.virtualization.libvirtDaemons = [];
  }), 'hypervisor.qemu.present'), { status: 'pass', summary: /no libvirt/ }, 'QEMU without libvirt (Proxmox) is fine');
  t.match(finding(changed(ready, (s) => void (s.virtualization.qemuBinaries = [])), 'hypervisor.qemu.present'), { status: 'warn', remediation: /apt install qemu-system-x86 libvirt-daemon-system/ });
});

t.test('VF persistence: which setting matched, and what is not enough', async (t) => {
  const ready = await fixtureSnapshot('ready-intel');
  t.match(finding(ready, 'hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'pass', summary: /\/etc\/systemd\/network\/50-sriov-p0\.link \(systemd \.link, 8 VFs\)/ });
  t.match(finding(ready, 'hypervisor.vfs.persistent', 'ens2f1np1'), { status: 'pass', summary: /70-sriov-vfio\.rules \(udev rule, 8 VFs\)/ });
  const none = changed(ready, (s) => void (s.vfPersistence.hits = []));
  t.match(finding(none, 'hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'warn', remediation: /KERNEL=="ens2f0np0", ATTR\{device\/sriov_numvfs\}="8"/ });
  const fewer = changed(ready, (s) => {
    const hit = s.vfPersistence.hits.find((h) => h.kind === 'systemd-link');
    if (hit) hit.vfCount = 4;
  });
  t.match(finding(fewer, 'hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'warn', summary: /recreates only 4 at boot/ });
  const cmdline = changed(none, (s) => setCmdline(s, `${String(s.kernel.cmdline)} ice.max_vfs=8`));
  t.match(finding(cmdline, 'hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'pass', summary: /\/proc\/cmdline \(kernel command line, 8 VFs\)/ });
  const otherPort = changed(none, (s) => {
    s.vfPersistence.hits = [{ kind: 'udev-rule', path: '/etc/udev/rules.d/x.rules', line: 'x', vfCount: 8, subjects: [{ kind: 'driver', value: 'ice' }, { kind: 'name', value: 'ens2f1np1' }] }];
  });
  t.match(finding(otherPort, 'hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'warn' }, 'a rule for the other port does not count, though the driver matches');
  const hidden = changed(none, (s) => void (s.vfPersistence.issues = [readIssue('/etc/NetworkManager/system-connections', 'EACCES')]));
  t.match(finding(hidden, 'hypervisor.vfs.persistent', 'ens2f0np0'), { status: 'unknown', remediation: /as root/ });
});
