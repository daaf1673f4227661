import t from 'tap';
import { findPciAliases, parseModulePaths, parseProcModules } from '../../src/parse/kernel-modules.js';
import { cmdlineHas, cmdlineValue, parseCmdline } from '../../src/parse/kernel-cmdline.js';

// Real lines from reference nic-table.md §2 (depmod's format), plus a vfio_pci: alias and a wildcard one.
const ALIAS = [
  '# Aliases extracted from modules themselves.',
  'alias pci:v00008086d0000154Csv*sd*bc*sc*i* iavf',
  'alias pci:v00008086d00001889sv*sd*bc*sc*i* iavf',
  'alias pci:v00008086d000010EDsv*sd*bc*sc*i* ixgbevf',
  'alias pci:v000015B3d0000101Esv*sd*bc*sc*i* mlx5_core',
  'alias vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i* mlx5_vfio_pci',
  'alias pci:v00001AF4d*sv*sd*bc02sc00i* virtio_pci_like',
  'alias pci:v0000DEADd0000BEEFsv*sd*bc*sc*i* some-module',
].join('\n');

t.test('modules.alias: exact ids, wildcards, and only the pci: bus', async (t) => {
  t.same(findPciAliases(ALIAS, '8086', '154c').map((m) => m.module), ['iavf']);
  t.same(findPciAliases(ALIAS, '8086', '1889').map((m) => m.module), ['iavf']);
  t.same(findPciAliases(ALIAS, '15b3', '101e').map((m) => m.module), ['mlx5_core'], 'vfio_pci: aliases bind only via driver_override');
  t.same(findPciAliases(ALIAS, '1af4', '1041').map((m) => m.module), ['virtio_pci_like'], 'd* matches any device');
  t.same(findPciAliases(ALIAS, '8086', '10fb'), []);
  t.same(findPciAliases(ALIAS, 'dead', 'beef').map((m) => m.module), ['some_module'], 'module names normalised to _');
});

t.test('/proc/modules, modules.builtin and modules.dep', async (t) => {
  t.same(parseProcModules('vfio_pci 16384 0 - Live 0x0000000000000000\nkvm_intel 380928 0 - Live 0x0\n'), ['vfio_pci', 'kvm_intel']);
  t.same(parseModulePaths('kernel/drivers/vfio/pci/vfio-pci.ko.zst: kernel/drivers/vfio/vfio.ko.zst\nkernel/arch/x86/kvm/kvm-intel.ko\n'), ['vfio_pci', 'kvm_intel']);
  t.same(parseModulePaths('garbage line\n\n'), []);
});

t.test('kernel command line: tokens, values, quotes, last one wins', async (t) => {
  const params = parseCmdline('BOOT_IMAGE=/vmlinuz-6.5.11-6-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on iommu=pt nointremap dyndbg="file x.c +p" iommu=off\n');
  t.equal(cmdlineValue(params, 'intel_iommu'), 'on');
  t.equal(cmdlineValue(params, 'iommu'), 'off', 'the last value wins');
  t.ok(cmdlineHas(params, 'nointremap'));
  t.equal(cmdlineValue(params, 'nointremap'), '');
  t.equal(cmdlineValue(params, 'dyndbg'), 'file x.c +p');
  t.notOk(cmdlineHas(params, 'amd_iommu'));
  t.equal(cmdlineValue(parseCmdline('vfio-iommu-type1.allow_unsafe_interrupts=1'), 'vfio_iommu_type1.allow_unsafe_interrupts'), '1');
});
