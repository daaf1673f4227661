// The built sriov-exporter confined the way a test of its manners needs it — optionally as the user nobody (for real
// EACCES: root reads everything) and under strace (to see every write it attempts) — with its JSON log
// captured and its bound address read from that log.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_ETHTOOL, FAKE_IP, fakeCommandEnv, type FakeCommands } from './exporter-host.js';
import { REPO } from './run-cli.js';

export const EXPORTER_BIN = path.join(REPO, 'dist/bin/sriov-exporter.js');
export const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => fs.existsSync(p));
export const STRACE = ['/usr/bin/strace', '/bin/strace'].find((p) => fs.existsSync(p));
const NOBODY = ['--reuid=65534', '--regid=65534', '--clear-groups'];
const runningAsRoot = process.getuid?.() === 0;

export interface ExporterProcess {
  readonly child: ChildProcess;
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

/** Opens the directories from `dir` up to / to others, so that nobody can reach what lies below. */
export function openPathToOthers(dir: string): void {
  for (let d = path.resolve(dir); d !== '/'; d = path.dirname(d)) fs.chmodSync(d, fs.statSync(d).mode | 0o005);
}

/** Any command as nobody and/or under strace, as startConfinedExporter runs the exporter. */
export function wrapCommand(command: readonly string[], options: Pick<ExporterProcessOptions, 'asNobody' | 'strace'>): string[] {
  // tap adds its process-info hook to the NODE_OPTIONS of every child it sees started; the hook writes into
  // .tap/ at exit — a write this program did not make, and one that nobody may not make.
  let wrapped = ['/usr/bin/env', '-u', 'NODE_OPTIONS', ...command];
  if (options.asNobody && runningAsRoot) {
    if (SETPRIV === undefined) throw new Error('running as nobody needs setpriv (util-linux)');
    wrapped = [SETPRIV, ...NOBODY, ...wrapped];
  }
  if (options.strace) {
    if (STRACE === undefined) throw new Error('strace is not installed');
    wrapped = [STRACE, '-f', '-qq', '-o', options.strace.file, '-e', `trace=${options.strace.calls.join(',')}`, ...wrapped];
  }
  return wrapped;
}

export async function startConfinedExporter(options: ExporterProcessOptions): Promise<ExporterProcess> {
  const exporterArgs = [
    EXPORTER_BIN,
    '--web.listen-address', '127.0.0.1:0',
    '--path.rootfs', options.root,
    '--collector.ip-path', FAKE_IP,
    '--collector.ethtool-path', FAKE_ETHTOOL,
    '--log.level', 'debug',
    ...(options.args ?? []),
  ];
  const command = wrapCommand([process.execPath, ...exporterArgs], options);
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, args, { env: fakeCommandEnv(options.fake), stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (log += text));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const address = /Server listening at (http:\/\/[^"]+)/.exec(log)?.[1];
      if (address === undefined) return;
      child.stderr?.off('data', onData);
      resolve(address);
    };
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`sriov-exporter exited (${code}) before listening: ${log.slice(-1000)}`)));
  });
  return {
    child,
    url,
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // Under strace (or setpriv, which execs) the exporter's own pid is in its log: signal it, not strace,
        // which would detach and leave it running. strace ends with it and passes on its exit code.
        const pid = Number(/"pid":(\d+)/.exec(log)?.[1]);
        if (options.strace && pid > 0) process.kill(pid, 'SIGTERM');
        else child.kill('SIGTERM');
      }
      return exited;
    },
  };
}

/** Polls `check` (a few ms apart, at most `budgetMs`) until it is true; returns whether it became true. */
export async function pollUntil(check: () => boolean | Promise<boolean>, budgetMs = 10_000): Promise<boolean> {
  const end = Date.now() + budgetMs;
  while (!(await check())) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
