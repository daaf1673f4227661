// Where the exporter of this container listens, for `sriov-exporter --healthcheck` run without flags: in a
// container PID 1 is the exporter (the image's CMD, or the operator's own flags), and its command line says the
// listen address and the web config it serves with. So the image's HEALTHCHECK stays one line without flags, and
// stays true when the operator moves the port or turns TLS on. Outside a container PID 1 is systemd or an init,
// not an exporter: then nothing is taken from it.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** The process a healthcheck looks at: PID 1 of this machine or container. */
export const PID1_DIR = '/proc/1';

const EXPORTER_NAMES = new Set(['sriov-exporter', 'sriov-exporter.js']);

/**
 * PID 1's exporter arguments, a relative --web.config.file made absolute against PID 1's working directory;
 * undefined when PID 1 is not an sriov-exporter (or its command line cannot be read).
 */
export function runningExporterArgs(procDir = PID1_DIR): string[] | undefined {
  let argv: string[];
  try {
    argv = fs.readFileSync(path.join(procDir, 'cmdline'), 'latin1').split('\0');
  } catch {
    return undefined;
  }
  if (argv.at(-1) === '') argv.pop();
  // `sriov-exporter …` (the single executable, or a script run by its shebang: then `node /path/sriov-exporter …`),
  // or `node [node options] /app/dist/bin/sriov-exporter.js …`.
  const at = argv.findIndex((arg, i) => EXPORTER_NAMES.has(path.basename(arg)) && argv.slice(1, i).every((a) => a.startsWith('-')));
  if (at < 0 || (at > 0 && !path.basename(argv[0] ?? '').startsWith('node'))) return undefined;
  const args = argv.slice(at + 1);
  return absoluteWebConfig(args, procDir);
}

function absoluteWebConfig(args: string[], procDir: string): string[] {
  let cwd: string | undefined;
  const absolute = (file: string): string => {
    if (path.isAbsolute(file)) return file;
    try {
      cwd ??= fs.readlinkSync(path.join(procDir, 'cwd'));
    } catch {
      return file;
    }
    return path.resolve(cwd, file);
  };
  return args.map((arg, i) => {
    if (arg.startsWith('--web.config.file=')) return `--web.config.file=${absolute(arg.slice('--web.config.file='.length))}`;
    if (args[i - 1] === '--web.config.file') return absolute(arg);
    return arg;
  });
}
