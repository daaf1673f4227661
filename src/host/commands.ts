// The host's programs as the readers run them: `ip` and `ethtool`, nothing else. The readers depend on this
// interface only; hostCommands() runs the real programs — `ip` as one long-lived batch process (ip-session.ts),
// `ethtool` from long-lived shells (ethtool-shells.ts): the exporter starts no process per call — and tests hand in
// their own.

import type { ReadIssue } from '../fact.js';
import { EthtoolShells } from './ethtool-shells.js';
import { IpSession } from './ip-session.js';
import type { CommandOptions } from './run-command.js';

export interface CommandOutput {
  /** The command line, as issues name it: `ip -j -s -d link show`. */
  readonly command: string;
  /** What it printed, or why it printed nothing usable (the issue's path is the command line). */
  readonly output: string | ReadIssue;
}

export interface Commands {
  /** `ip -j -s -d link show`, killed after `timeoutMs` (a fresh netlink dump on every call). */
  ipLinkShow(timeoutMs: number): Promise<CommandOutput>;
  /** `ethtool -S <netdev>`. */
  ethtoolStats(netdev: string): Promise<CommandOutput>;
}

// `link show` in `ip -j -s -d -batch -`: the same dump as the one-shot `ip -j -s -d link show`, which issues name.
const IP_OPTIONS = ['-j', '-s', '-d'] as const;
const IP_REQUEST = 'link show';

export interface HostCommandOptions {
  /** The programs (a name found in PATH, or a path). */
  readonly ipPath: string;
  readonly ethtoolPath: string;
  /** How long `ethtool` may run; `ip` is given its limit per call. */
  readonly timeoutMs: number;
  /** Environment of the programs; this process's own when undefined. */
  readonly env?: NodeJS.ProcessEnv;
  /** Aborting kills every program still running (the exporter aborts on shutdown). */
  readonly signal?: AbortSignal;
  /** Wraps every `ethtool` run (tests count, hold and watch them); `run` is the real one. */
  readonly wrapEthtool?: EthtoolWrapper;
}

export type EthtoolWrapper = (netdev: string, run: () => Promise<string | ReadIssue>) => Promise<string | ReadIssue>;

export function hostCommands(options: HostCommandOptions): Commands {
  const common: CommandOptions = {
    timeoutMs: options.timeoutMs,
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const wrap: EthtoolWrapper = options.wrapEthtool ?? ((_netdev, run) => run());
  const shells = new EthtoolShells({ program: options.ethtoolPath, ...common });
  const ipCommand = [options.ipPath, ...IP_OPTIONS, IP_REQUEST].join(' ');
  const ip = new IpSession({
    program: options.ipPath,
    args: IP_OPTIONS,
    command: ipCommand,
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return {
    async ipLinkShow(timeoutMs) {
      return { command: ipCommand, output: await ip.request(IP_REQUEST, timeoutMs) };
    },
    async ethtoolStats(netdev) {
      const output = await wrap(netdev, () => shells.stats(netdev));
      return { command: `${options.ethtoolPath} -S ${netdev}`, output };
    },
  };
}
