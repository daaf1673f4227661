// Every benchmark in one sitting (`npm run bench`, after the build): check, scrape, scale, load, one after the
// other, each as its own process (the scrape benchmarks in their own network namespace). Their output goes to the
// terminal and, verbatim, to bench/results/latest.md under a header that says when, where and at which commit it
// ran; docs/performance.md quotes that file between its results markers, so that every figure of the doc comes
// from this one run. Commit both together.
//
//   npm run bench
//   BENCH_ONLY=check,scale npm run bench    # a subset (the doc then holds only these: for trying, not for committing)

import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { insertResults, PERFORMANCE_DOC, RESULTS_FILE } from './support/results-doc.js';
import { BENCH_PATH } from './support/netns.js';

const REPO = path.resolve(new URL('..', import.meta.url).pathname);
const BENCHES = ['check', 'scrape', 'scale', 'load'] as const;
const only = process.env.BENCH_ONLY?.split(',');
const chosen = BENCHES.filter((b) => only === undefined || only.includes(b));

function output(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', env: { ...process.env, PATH: BENCH_PATH } });
  return result.error || result.status !== 0 ? '?' : `${result.stdout}${result.stderr}`.trim();
}

/** Runs one benchmark script; its stdout is shown and returned, its stderr shown. */
function runBench(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(REPO, 'bench', `${name}.ts`)], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      text += chunk.toString();
    });
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench/${name}.ts exited with ${code}`))));
  });
}

const commit = output('git', ['rev-parse', '--short=12', 'HEAD']);
const dirty = output('git', ['status', '--porcelain', '--untracked-files=no', '--', 'src', 'bench', 'test', 'package.json', 'package-lock.json']) !== '';
const started = new Date();
const sections: string[] = [];
for (const name of chosen) sections.push((await runBench(name)).trimEnd());
const finished = new Date();

const header = [
  '## The run',
  '',
  `- command: \`npm run bench\`${only ? ` with BENCH_ONLY=${only.join(',')}` : ''}, one sitting: ${started.toISOString().slice(0, 16)}–${finished.toISOString().slice(11, 16)} UTC`,
  `- commit: ${commit}${dirty ? ' **with uncommitted changes to the code (not a result to commit)**' : ''}`,
  `- machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length} CPUs, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, Node.js ${process.version}`,
  `- peers: ${output('/usr/bin/prometheus-node-exporter', ['--version']).split('\n')[0]}; ${output('lspci', ['--version'])}; ${output('virt-host-validate', ['--version']).split('\n')[0]}; ${output('ip', ['-V']).split(',')[0]}; ${output('ethtool', ['--version'])}`,
].join('\n');
const results = `${header}\n\n${sections.join('\n\n')}\n`;
fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
fs.writeFileSync(RESULTS_FILE, results);
fs.writeFileSync(PERFORMANCE_DOC, insertResults(fs.readFileSync(PERFORMANCE_DOC, 'utf8'), results));
console.error(`\nbench: wrote ${path.relative(REPO, RESULTS_FILE)} and its copy in ${path.relative(REPO, PERFORMANCE_DOC)}`);
