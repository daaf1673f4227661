// The host's programs as the readers run them: `ip` and `ethtool`, nothing else. The readers depend on this
// interface only; hostCommands() starts the real programs (through run-command.ts), tests hand in their own.

import type { ReadIssue } from '../fact.js';
import { runCommand, type CommandOptions } from './run-command.js';

export interface CommandOutput {
  /** The command line, as issues name it: `ip -j -s -d link show`. */
  readonly command: string;
  /** What it printed, or why it printed nothing usable (the issue's path is the command line). */
  readonly output: string | ReadIssue;
}

export interface Commands {
  /** `ip -j -s -d link show`, killed after `timeoutMs`. */
  ipLinkShow(timeoutMs: number): Promise<CommandOutput>;
  /** `ethtool -S <netdev>`. */
  ethtoolStats(netdev: string): Promise<CommandOutput>;
}

export const IP_LINK_ARGS = ['-j', '-s', '-d', 'link', 'show'] as const;

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
  /** Starts a program (tests wrap the real one to count calls). */
  readonly run?: typeof runCommand;
}

export function hostCommands(options: HostCommandOptions): Commands {
  const run = options.run ?? runCommand;
  const common: CommandOptions = {
    timeoutMs: options.timeoutMs,
    ...(options.env ? { env: options.env } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  return {
    async ipLinkShow(timeoutMs) {
      const output = await run(options.ipPath, IP_LINK_ARGS, { ...common, timeoutMs });
      return { command: [options.ipPath, ...IP_LINK_ARGS].join(' '), output };
    },
    async ethtoolStats(netdev) {
      const output = await run(options.ethtoolPath, ['-S', netdev], common);
      return { command: `${options.ethtoolPath} -S ${netdev}`, output };
    },
  };
}
