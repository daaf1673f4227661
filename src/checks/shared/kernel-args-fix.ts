// The fix for a kernel command line change, in the words of this host's boot setup: GRUB on Debian and
// Ubuntu (update-grub), grubby on the RHEL family, grub2-mkconfig on SUSE, rpm-ostree on image-based hosts,
// /etc/kernel/cmdline where systemd-boot or kernel-install reads it (Proxmox VE among them).

import { isIssue } from '../../fact.js';
import type { OsRelease } from '../../parse/os-release.js';
import type { PlatformInfo } from '../../readers/platform-reader.js';
import { sharedRemedy } from '../remediations.js';

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
    return sharedRemedy('kargs-rpm-ostree', { flags });
  }
  if (platform.boot.kernelCmdlineFile && !platform.boot.grubDefaults) return sharedRemedy('kargs-kernel-cmdline', { change: what });
  const os = isIssue(platform.os) ? undefined : platform.os;
  const args = [add.length ? `--args="${add.join(' ')}"` : '', remove.length ? `--remove-args="${remove.join(' ')}"` : '']
    .filter(Boolean)
    .join(' ');
  switch (family(os)) {
    case 'rhel':
      return sharedRemedy('kargs-grubby', { args });
    case 'debian':
      return sharedRemedy('kargs-update-grub', { change: what });
    case 'suse':
      return sharedRemedy('kargs-grub2-mkconfig', { change: what });
    default:
      return sharedRemedy('kargs-any-grub', { change: what, args });
  }
}
