// The built sriov-exporter confined the way a test of its manners needs it — optionally as the user nobody (for real
// EACCES: root reads everything) and under strace (to see every write it attempts) — with its JSON log
// captured and its bound address read from that log.

import { FAKE_ETHTOOL, FAKE_IP, fakeCommandEnv, type FakeCommands } from './exporter-host.js';
import { startExporterProcess } from './exporter-process.js';
import { findTool } from './required-tools.js';
import { AS_NOBODY, SETPRIV } from './run-cli.js';
import { waitFor } from './server-process.js';

export const STRACE = findTool('strace');
const runningAsRoot = process.getuid?.() === 0;

export interface ExporterProcess {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The log (JSON lines on stderr) so far. */
  log(): string;
  /** SIGTERM, and the exit code once it has exited. */
  stop(): Promise<number | null>;
}

export interface ExporterProcessOptions {
  readonly root: string;
  readonly fake: FakeCommands;
  readonly args?: readonly string[];
  /** Run as nobody (through setpriv when this process is root). */
  readonly asNobody?: boolean;
  /** Run under `strace -f`, writing the calls named (or classes such as %file) to this file. */
  readonly strace?: { readonly file: string; readonly calls: readonly string[] };
}

/** Any command as nobody and/or under strace, as startConfinedExporter runs the exporter. */
export function wrapCommand(command: readonly string[], options: Pick<ExporterProcessOptions, 'asNobody' | 'strace'>): string[] {
  // tap adds its process-info hook to the NODE_OPTIONS of every child it sees started; the hook writes into
  // .tap/ at exit — a write this program did not make, and one that nobody may not make.
  let wrapped = ['/usr/bin/env', '-u', 'NODE_OPTIONS', ...command];
  if (options.asNobody && runningAsRoot) {
    if (SETPRIV === undefined) throw new Error('running as nobody needs setpriv (util-linux)');
    wrapped = [SETPRIV, ...AS_NOBODY, ...wrapped];
  }
  if (options.strace) {
    if (STRACE === undefined) throw new Error('strace is not installed');
    wrapped = [STRACE, '-f', '-qq', '-o', options.strace.file, '-e', `trace=${options.strace.calls.join(',')}`, ...wrapped];
  }
  return wrapped;
}

export async function startConfinedExporter(options: ExporterProcessOptions): Promise<ExporterProcess> {
  const running = await startExporterProcess(
    ['--web.listen-address', '127.0.0.1:0', '--path.rootfs', options.root, '--collector.ip-path', FAKE_IP, '--collector.ethtool-path', FAKE_ETHTOOL, '--log.level', 'debug', ...(options.args ?? [])],
    fakeCommandEnv(options.fake),
    30_000,
    { wrap: (command) => wrapCommand(command, options) },
  );
  const server = running.process;
  return {
    url: running.url,
    log: server.output,
    async stop() {
      if (server.running()) {
        // Under strace (or setpriv, which execs) the exporter's own pid is in its log: signal it, not strace,
        // which would detach and leave it running. strace ends with it and passes on its exit code.
        const pid = Number(/"pid":(\d+)/.exec(server.output())?.[1]);
        process.kill(options.strace && pid > 0 ? pid : server.pid, 'SIGTERM');
      }
      // spawnServer unrefs the child: a timer must keep this process alive while it exits.
      await waitFor('the exporter to exit', 10_000, async () => (server.running() ? undefined : true), 20);
      await server.stop();
      return (await server.exited).code;
    },
  };
}
