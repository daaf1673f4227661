// A server program started for a test or the demo: in a process group of its own, so that stopping it also ends
// whatever it started (the exporter runs ip and ethtool), with its output kept for failure messages, and with a
// watchdog that ends the group if this process dies without stopping it (a test killed on timeout must not leave a
// Prometheus running on the CI machine).

import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  readonly pid: number;
  /** stdout and stderr so far (the last 256 KiB). */
  output(): string;
  running(): boolean;
  /** Resolves when the program has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the program has exited. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const OUTPUT_LIMIT = 256 * 1024;

// Reads its stdin until end of file — which comes when the process holding the other end dies — then kills the group.
const WATCHDOG = 'while read -r _; do :; done; kill -KILL -- "-$1" 2>/dev/null';

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export function spawnServer(command: string, args: readonly string[], env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const pid = child.pid;
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      running = false;
      keep(Buffer.from(`\n${command}: ${error.message}\n`));
      resolve({ code: null, signal: null });
    });
  });
  const watchdog: ChildProcess = spawn('sh', ['-c', WATCHDOG, 'watchdog', String(pid)], { stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither keeps this process alive on its own.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  child.unref();

  return {
    pid,
    output: () => output,
    running: () => running,
    exited,
    async stop(graceMs = 5000) {
      if (running) {
        killGroup(pid, 'SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
        if ((await Promise.race([exited, late])) === 'late') killGroup(pid, 'SIGKILL');
        clearTimeout(timer);
        await exited;
      }
      // Programs it started and left behind go with it.
      killGroup(pid, 'SIGKILL');
      watchdog.kill('SIGKILL');
    },
  };
}

/** Thrown by a probe when waiting longer cannot help (the server exited). */
export class GiveUp extends Error {}

/**
 * Polls `probe` until it returns a value other than undefined; throws with `what` and the last observation after
 * `budgetMs`. A probe that throws counts as "not yet" (a server not listening yet refuses connections), unless it
 * throws GiveUp.
 */
export async function waitFor<T>(what: string, budgetMs: number, probe: () => Promise<T | undefined>, everyMs = 250): Promise<T> {
  const deadline = Date.now() + budgetMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'no result yet';
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${budgetMs} ms waiting for ${what}; last: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
