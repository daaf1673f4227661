// DPDK's EAL options on a command line (getopt_long in lib/eal/common/eal_common_options.c: `--opt value`,
// `--opt=value`, `-a value`, `-avalue`), up to the `--` that starts the application's own. Only these are
// read: the file prefix names the runtime directory (/run/dpdk/<prefix>, default `rte`), -a/--allow (older
// -w/--pci-whitelist) names the devices. Applications that build their EAL arguments inside (OVS-DPDK, VPP)
// show none, and are found by their runtime directory instead.

import { normalizePciAddress } from '../sysfs-values.js';

export interface DpdkArgs {
  readonly filePrefix?: string;
  /** Devices named by -a/--allow/-w/--pci-whitelist (device arguments after the address dropped). */
  readonly allowed: readonly string[];
  /** --in-memory or --no-shconf: no runtime directory files to find the process by. */
  readonly noSharedConfig: boolean;
  /** Any EAL option was seen (the command line is a DPDK application's). */
  readonly eal: boolean;
}

// `eal`: an option only DPDK has; `skip`: a short option other programs use too (-l, -c, -n, -b), read past
// with its value but no evidence by itself.
const WITH_VALUE = new Map<string, string>([
  ['-a', 'allow'], ['--allow', 'allow'], ['-w', 'allow'], ['--pci-whitelist', 'allow'],
  ['--file-prefix', 'file-prefix'], ['--proc-type', 'eal'], ['--lcores', 'eal'], ['--socket-mem', 'eal'],
  ['--huge-dir', 'eal'], ['--iova-mode', 'eal'], ['--vdev', 'eal'], ['--block', 'eal'], ['--main-lcore', 'eal'],
  ['-l', 'skip'], ['-c', 'skip'], ['-n', 'skip'], ['-b', 'skip'],
]);
const FLAGS = new Map<string, string>([['--in-memory', 'no-shconf'], ['--no-shconf', 'no-shconf'], ['--no-huge', 'eal'], ['--no-pci', 'eal']]);

export function parseDpdkArgv(argv: readonly string[]): DpdkArgs {
  let filePrefix: string | undefined;
  const allowed: string[] = [];
  let noSharedConfig = false;
  let eal = false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') break;
    let option = arg;
    let value: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      option = arg.slice(0, eq);
      value = arg.slice(eq + 1);
    } else if (/^-[a-zA-Z]./.test(arg)) {
      option = arg.slice(0, 2); // -a0000:3b:02.1
      value = arg.slice(2);
    }
    const flag = FLAGS.get(option);
    if (flag !== undefined && value === undefined) {
      eal = true;
      if (flag === 'no-shconf') noSharedConfig = true;
      continue;
    }
    const kind = WITH_VALUE.get(option);
    if (kind === undefined) continue;
    if (value === undefined) value = argv[++i];
    if (value === undefined) break;
    if (kind === 'skip') continue;
    if (kind === 'allow') {
      // -a is an allow-list entry only when it names a PCI address (other programs have an -a too).
      const address = normalizePciAddress(value.split(',')[0] as string);
      if (address === undefined) continue;
      if (!allowed.includes(address)) allowed.push(address);
    }
    eal = true;
    if (kind === 'file-prefix' && value !== '') filePrefix = value;
  }
  return { ...(filePrefix !== undefined ? { filePrefix } : {}), allowed, noSharedConfig, eal };
}
