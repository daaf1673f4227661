// The built sriov-exporter as a separate process, the way an operator runs it (`node dist/bin/sriov-exporter.js`,
// not `npm start`: npm would sit between the signal and node). Listens where it is told; with port 0 the address
// it bound is read from its "Server listening at" log line.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './run-cli.js';
import { GiveUp, spawnServer, waitFor, type ServerProcess } from './server-process.js';

export const EXPORTER_BIN = path.join(REPO, 'dist/bin/sriov-exporter.js');

export interface RunningExporter {
  /** http://host:port */
  readonly url: string;
  /** host:port, the scrape target. */
  readonly target: string;
  readonly process: ServerProcess;
}

export interface StartOptions {
  /** V8/Node flags before the script (some, such as --optimize-for-size, are refused in NODE_OPTIONS). */
  readonly nodeArgs?: readonly string[];
  /** Wraps the whole command (setpriv, strace: see confined-exporter.ts). */
  readonly wrap?: (command: string[]) => string[];
  /** Another program than `node dist/bin/sriov-exporter.js`: an installed single executable. */
  readonly program?: string;
}

export async function startExporterProcess(args: readonly string[], env: Readonly<Record<string, string | undefined>>, budgetMs: number, options: StartOptions = {}): Promise<RunningExporter> {
  if (options.program === undefined && !fs.existsSync(EXPORTER_BIN)) throw new Error(`${EXPORTER_BIN} is missing: run npm run build first`);
  const command = options.program !== undefined ? [options.program, ...args] : [process.execPath, ...(options.nodeArgs ?? []), EXPORTER_BIN, ...args];
  const [program, ...rest] = (options.wrap ? options.wrap(command) : command) as [string, ...string[]];
  const server = spawnServer(program, rest, { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env });
  try {
    const url = await waitFor('the exporter to listen', budgetMs, async () => {
      const found = /"msg":"Server listening at (http:\/\/[^"]+)"/.exec(server.output())?.[1];
      if (found) return found;
      if (!server.running()) throw new GiveUp(`sriov-exporter exited:\n${server.output()}`);
      return undefined;
    }, 50);
    return { url, target: new URL(url).host, process: server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
