// The pure helpers behind the checks: VF routing IDs, the kernel-argument fix per distribution.

import t from 'tap';
import { kernelArgsFix } from '../../src/checks/shared/kernel-args-fix.js';
import { placeVfs } from '../../src/checks/shared/vf-routing.js';
import type { PlatformInfo } from '../../src/readers/platform-reader.js';

t.test('VF placement: offset and stride decide ARI and bus needs', async (t) => {
  const cases = [
    // E810 (offset 8, stride 1): the eighth function onwards needs ARI, still on the PF's bus.
    { pf: '0000:5e:00.0', offset: 8, stride: 1, n: 8, first: '0000:5e:01.0', last: '0000:5e:01.7', needsAri: true, needsBuses: false },
    // mlx5 PF0 (2, 1) with 4 VFs: functions 2–5 of device 0, no ARI needed.
    { pf: '0000:41:00.0', offset: 2, stride: 1, n: 4, first: '0000:41:00.2', last: '0000:41:00.5', needsAri: false, needsBuses: false },
    // 82576 without ARI (384, 2): the next bus (lspci.txt: "offset 384 … lands on bus+1").
    { pf: '0000:07:00.0', offset: 384, stride: 2, n: 8, first: '0000:08:10.0', last: '0000:08:11.6', needsAri: false, needsBuses: true },
    // 82599 with ARI (128, 2), 63 VFs: devices 16–31 of the PF's bus.
    { pf: '0000:05:00.1', offset: 128, stride: 2, n: 63, first: '0000:05:10.1', last: '0000:05:1f.5', needsAri: true, needsBuses: false },
  ];
  for (const c of cases) {
    t.match(placeVfs(c.pf, c.offset, c.stride, c.n), { first: c.first, last: c.last, needsAri: c.needsAri, needsBuses: c.needsBuses }, `${c.pf} +${c.offset}/${c.stride} × ${c.n}`);
  }
  t.equal(placeVfs('garbage', 8, 1, 4), undefined);
  t.equal(placeVfs('0000:5e:00.0', 8, 1, 0), undefined);
});

t.test('kernel arguments: the boot setup of the host decides the command', async (t) => {
  const platform = (os: PlatformInfo['os'], boot: Partial<PlatformInfo['boot']> = {}) =>
    ({ os, boot: { grubDefaults: true, kernelCmdlineFile: false, ostree: false, ...boot } }) as unknown as PlatformInfo;
  const change = { add: ['intel_iommu=on'], remove: ['intel_iommu=off'] };
  const cases = [
    { name: 'Debian', os: { id: 'debian', idLike: [] }, want: /^Edit GRUB_CMDLINE_LINUX in \/etc\/default\/grub \(add `intel_iommu=on` and remove `intel_iommu=off`\), run `update-grub`, then reboot\.$/ },
    { name: 'Ubuntu via ID_LIKE', os: { id: 'linuxmint', idLike: ['ubuntu', 'debian'] }, want: /update-grub/ },
    { name: 'Rocky', os: { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'] }, want: /^Run `grubby --update-kernel=ALL --args="intel_iommu=on" --remove-args="intel_iommu=off"`, then reboot\.$/ },
    { name: 'SUSE', os: { id: 'sles', idLike: ['suse'] }, want: /grub2-mkconfig -o \/boot\/grub2\/grub\.cfg/ },
    { name: 'unknown: both ways', os: undefined, want: /update-grub.*grubby --update-kernel=ALL/ },
    { name: 'image-based', os: { id: 'rhcos', idLike: ['rhel'] }, boot: { ostree: true }, want: /^Run `rpm-ostree kargs --append=intel_iommu=on --delete=intel_iommu=off`/ },
    { name: 'systemd-boot / Proxmox', os: { id: 'debian', idLike: [] }, boot: { grubDefaults: false, kernelCmdlineFile: true }, want: /^Edit \/etc\/kernel\/cmdline .*proxmox-boot-tool refresh/ },
  ];
  for (const c of cases) t.match(kernelArgsFix(platform(c.os, c.boot), change), c.want, c.name);
});
