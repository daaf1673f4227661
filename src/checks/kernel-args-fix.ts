// The fix for a kernel command line change, in the words of this host's boot setup: GRUB on Debian and
// Ubuntu (update-grub), grubby on the RHEL family, grub2-mkconfig on SUSE, rpm-ostree on image-based hosts,
// /etc/kernel/cmdline where systemd-boot or kernel-install reads it (Proxmox VE among them).

import { isIssue } from '../fact.js';
import type { OsRelease } from '../parse/os-release.js';
import type { PlatformInfo } from '../readers/platform-reader.js';

export interface ArgsChange {
  readonly add?: readonly string[];
  readonly remove?: readonly string[];
}

type Family = 'debian' | 'rhel' | 'suse' | 'unknown';

/** The distribution family, for commands that differ between them (boot config, package installs). */
export function osFamily(platform: PlatformInfo): Family {
  return family(isIssue(platform.os) ? undefined : platform.os);
}

function family(os: OsRelease | undefined): Family {
  if (!os) return 'unknown';
  const ids = [os.id, ...os.idLike];
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return 'debian';
  if (ids.some((id) => id === 'rhel' || id === 'fedora' || id === 'centos')) return 'rhel';
  if (ids.some((id) => id.includes('suse'))) return 'suse';
  return 'unknown';
}

const code = (args: readonly string[]) => `\`${args.join(' ')}\``;

export function kernelArgsFix(platform: PlatformInfo, change: ArgsChange): string {
  const add = change.add ?? [];
  const remove = change.remove ?? [];
  const what = [add.length ? `add ${code(add)}` : '', remove.length ? `remove ${code(remove)}` : ''].filter(Boolean).join(' and ');
  if (platform.boot.ostree) {
    const flags = [...add.map((a) => `--append=${a}`), ...remove.map((r) => `--delete=${r}`)].join(' ');
    return `Run \`rpm-ostree kargs ${flags}\`, then reboot.`;
  }
  if (platform.boot.kernelCmdlineFile && !platform.boot.grubDefaults) {
    return `Edit /etc/kernel/cmdline (${what}), apply it (\`proxmox-boot-tool refresh\` on Proxmox VE, \`kernel-install add\` for the running kernel elsewhere), then reboot.`;
  }
  const os = isIssue(platform.os) ? undefined : platform.os;
  const grubEdit = `edit GRUB_CMDLINE_LINUX in /etc/default/grub (${what})`;
  switch (family(os)) {
    case 'rhel': {
      const args = [add.length ? `--args="${add.join(' ')}"` : '', remove.length ? `--remove-args="${remove.join(' ')}"` : ''].filter(Boolean).join(' ');
      return `Run \`grubby --update-kernel=ALL ${args}\`, then reboot.`;
    }
    case 'debian':
      return `${capitalize(grubEdit)}, run \`update-grub\`, then reboot.`;
    case 'suse':
      return `${capitalize(grubEdit)}, run \`grub2-mkconfig -o /boot/grub2/grub.cfg\`, then reboot.`;
    default: {
      const args = [add.length ? `--args="${add.join(' ')}"` : '', remove.length ? `--remove-args="${remove.join(' ')}"` : ''].filter(Boolean).join(' ');
      return `${capitalize(grubEdit)} and run \`update-grub\` (Debian, Ubuntu) or \`grub2-mkconfig -o /boot/grub2/grub.cfg\`; on RHEL and Fedora run \`grubby --update-kernel=ALL ${args}\` instead; then reboot.`;
    }
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
