// The layer rules of eslint.config.js reject what they are meant to: a file breaking each rule, linted in
// memory where it would live (ESLint's lintText with that path), gets the rule's error — and the same file
// without the offending import gets none, so no test passes on a config that rejects everything.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';
import { REPO } from '../support/run-cli.js';

const eslint = new ESLint({ cwd: REPO });

async function lint(file: string, code: string): Promise<{ ruleId: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO, file) });
  return (result?.messages ?? []).map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

interface Case {
  readonly rule: string;
  readonly file: string;
  /** The offending import. */
  readonly bad: string;
  /** What the file does with it, and without the import. */
  readonly body: string;
  readonly message: RegExp;
}

const RESTRICTED = '@typescript-eslint/no-restricted-imports';

const CASES: readonly Case[] = [
  {
    rule: 'attribution/ does not read the host',
    file: 'src/attribution/bad-read.ts',
    bad: "import { HostFs } from '../host/host-fs.js';",
    body: "export const open = () => new HostFs({ rootfs: '/', sysfs: '/sys', procfs: '/proc' });",
    message: /attribution\/ joins and names/,
  },
  {
    rule: 'parse/ imports no I/O module',
    file: 'src/parse/bad-file-read.ts',
    bad: "import * as fs from 'node:fs';",
    body: "export const size = (text: string): number => text.length;\nexport const read = () => fs.readFileSync('/proc/cmdline', 'utf8');",
    message: /parse\/ holds pure functions/,
  },
  {
    rule: 'parse/ runs no command',
    file: 'src/parse/bad-run.ts',
    bad: "import { execFileSync } from 'child_process';",
    body: "export const run = () => execFileSync('ip', ['link']);",
    message: /parse\/ holds pure functions/,
  },
  {
    rule: 'parse/ does not reach the host layer',
    file: 'src/parse/bad-host.ts',
    bad: "import { HostFs } from '../host/host-fs.js';",
    body: "export const open = () => new HostFs({ rootfs: '/', sysfs: '/sys', procfs: '/proc' });",
    message: /parse\/ holds pure functions/,
  },
  {
    rule: 'checks/ never touch host/',
    file: 'src/checks/nic/bad-host.ts',
    bad: "import { HostFs } from '../../host/host-fs.js';",
    body: "export const open = () => new HostFs({ rootfs: '/', sysfs: '/sys', procfs: '/proc' });",
    message: /checks\/ decide on parsed records only/,
  },
  {
    rule: 'checks/ call no reader',
    file: 'src/checks/nic/bad-reader.ts',
    bad: "import { readTopology } from '../../readers/topology-reader.js';",
    body: 'export const again = readTopology;',
    message: /checks\/ decide on parsed records only.*record types only/,
  },
  {
    rule: 'checks/ parse no text',
    file: 'src/checks/firmware/bad-parse.ts',
    bad: "import { parseCmdline } from '../../parse/kernel-cmdline.js';",
    body: 'export const parameters = (text: string) => parseCmdline(text);',
    message: /parse\*\(\) reads text: a reader's job/,
  },
  {
    rule: 'collectors/ read no file themselves',
    file: 'src/exporter/collectors/bad-read.ts',
    bad: "import { readFileSync } from 'node:fs';",
    body: "export const read = () => readFileSync('/proc/net/dev', 'utf8');",
    message: /collectors reach the host only through readers/,
  },
  {
    rule: 'collectors/ open no host view themselves',
    file: 'src/exporter/collectors/bad-host.ts',
    bad: "import { HostFs } from '../../host/host-fs.js';",
    body: "export const open = () => new HostFs({ rootfs: '/', sysfs: '/sys', procfs: '/proc' });",
    message: /collectors reach the host only through readers/,
  },
  {
    rule: 'readers/ import nothing above them',
    file: 'src/readers/bad-upward.ts',
    bad: "import { CHECKS } from '../checks/check-table.js';",
    body: 'export const count = () => CHECKS.length;',
    message: /readers\/ read the host into records/,
  },
  {
    rule: 'report/ renders without reading the host',
    file: 'src/report/bad-read.ts',
    bad: "import * as fs from 'node:fs';",
    body: "export const page = () => fs.readFileSync('/sys/class/net/eth0/operstate', 'utf8');",
    message: /report\/ and plan\/ render and judge/,
  },
  {
    rule: 'plan/ judges without calling a reader',
    file: 'src/plan/bad-reader.ts',
    bad: "import { readTopology } from '../readers/topology-reader.js';",
    body: 'export const judge = () => readTopology;',
    message: /report\/ and plan\/ render and judge/,
  },
];

for (const c of CASES) {
  t.test(c.rule, async (t) => {
    const withImport = await lint(c.file, `${c.bad}\n${c.body}\n`);
    t.match(withImport, [{ ruleId: RESTRICTED, message: c.message }], 'the import is rejected');
    const declared = c.body.replace(/^(export const \w+ = ).*$/gm, '$1undefined;');
    t.same(await lint(c.file, `${declared}\n`), [], 'control: the file without it is clean');
  });
}

t.test('checks/ may import record types from readers/ and the snapshot', async (t) => {
  const code = [
    "import type { PciDevice } from '../../readers/pci-reader.js';",
    "import type { HostSnapshot } from '../../snapshot/snapshot-types.js';",
    'export const address = (d: PciDevice, s: HostSnapshot): string => `${d.address} of ${s.pciDevices.length}`;',
    '',
  ].join('\n');
  t.same(await lint('src/checks/nic/types-only.ts', code), []);
});

t.test('an import cycle is rejected', async (t) => {
  // topology-reader.ts imports pci-reader.ts; pci-reader.ts importing topology-reader.ts back closes a cycle.
  const file = 'src/readers/pci-reader.ts';
  const real = fs.readFileSync(path.join(REPO, file), 'utf8');
  t.same(await lint(file, real), [], 'control: pci-reader.ts as committed is clean');
  const cyclic = `import { readTopology } from './topology-reader.js';\n${real}\nexport const topologyAgain = readTopology;\n`;
  t.match(await lint(file, cyclic), [{ ruleId: 'import-x/no-cycle', message: /cycle/i }]);
});
