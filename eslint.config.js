// Lint: the recommended JavaScript and typescript-eslint rules, the house rules that matter here, and the
// layer rules of docs/architecture.md — what each directory of src/ may import, and no import cycles.
// test/lint/layer-rules.test.ts lints a file breaking each rule and shows it rejected.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** Node modules that reach the host: files, processes, the network, threads, code loaded at run time. */
const IO_MODULES = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'worker_threads', 'module'].flatMap((m) => [m, `node:${m}`]);

/** An import of a directory of src/ (`../../host/host-fs.js`, `./readers/pci-reader.js`). */
const dirImport = (dir) => `(^|/)${dir.replace('/', '\\/')}/`;

/**
 * One layer: what its files must not import. `forbid`: directories not at all; `typesOnly`: directories whose
 * record types it may import (`import type`, erased at compile) but nothing that runs; `noIo`: the I/O modules;
 * `noParsers`: the parse*() functions of parse/, which turn text into records — a reader's job.
 */
function layer({ files, why, forbid = [], typesOnly = [], noIo = false, noParsers = false }) {
  const patterns = [];
  if (forbid.length) patterns.push({ regex: `${forbid.map(dirImport).join('|')}`, message: why });
  if (typesOnly.length) patterns.push({ regex: `${typesOnly.map(dirImport).join('|')}`, allowTypeImports: true, message: `${why} (record types only: import type)` });
  if (noParsers) patterns.push({ regex: dirImport('parse'), importNamePattern: '^parse', message: `${why} (parse*() reads text: a reader's job)` });
  const paths = noIo ? IO_MODULES.map((name) => ({ name, message: why })) : [];
  return { files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] } };
}

/** Directories above the host layer, which nothing below may import. */
const ABOVE_READERS = ['snapshot', 'checks', 'preflight', 'report', 'exporter', 'cli', 'bin'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', '.tap/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // Checks read as rules, not prose walls: long texts belong in the remediation catalog, which is exempt.
    files: ['src/checks/**/*.ts'],
    ignores: ['src/checks/remediations.ts'],
    rules: { 'max-len': ['error', { code: 140, ignoreUrls: true }] },
  },
  {
    // No import cycles in src/ (type-only imports, erased at compile, do not count).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Sources import each other as `./x.js` (NodeNext); the file is x.ts.
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  layer({
    files: ['src/host/**/*.ts'],
    why: 'host/ is the bottom layer: it reads and runs, and knows no records',
    forbid: ['parse', 'readers', ...ABOVE_READERS],
  }),
  layer({
    files: ['src/parse/**/*.ts'],
    why: 'parse/ holds pure functions of text and bytes: no I/O, no host, no readers',
    forbid: ['host', 'readers', ...ABOVE_READERS],
    noIo: true,
  }),
  layer({
    files: ['src/attribution/**/*.ts'],
    why: 'attribution/ joins and names what the attribution readers found: pure, below the readers that call it',
    forbid: ['host', 'readers', ...ABOVE_READERS],
    noIo: true,
  }),
  layer({
    files: ['src/readers/**/*.ts'],
    why: 'readers/ read the host into records; the layers that use the records sit above them',
    forbid: ABOVE_READERS,
  }),
  layer({
    files: ['src/checks/**/*.ts'],
    why: 'checks/ decide on parsed records only: never the host, never a reader',
    forbid: ['host', 'preflight', 'report', 'exporter', 'cli', 'bin'],
    typesOnly: ['readers', 'snapshot'],
    noIo: true,
    noParsers: true,
  }),
  layer({
    files: ['src/exporter/collectors/**/*.ts'],
    why: 'collectors reach the host only through readers/',
    forbid: ['cli', 'bin', 'exporter/http'],
    typesOnly: ['host'],
    noIo: true,
    noParsers: true,
  }),
  layer({
    files: ['src/report/**/*.ts', 'src/plan/**/*.ts'],
    why: 'report/ and plan/ render and judge a finished report: pure, never the host or a reader',
    forbid: ['host', 'preflight', 'exporter/collectors', 'exporter/http', 'exporter/readiness', 'cli', 'bin'],
    typesOnly: ['readers'],
    noIo: true,
    noParsers: true,
  }),
  layer({
    files: ['src/exporter/exposition/**/*.ts'],
    why: 'exposition/ formats samples: it reads nothing',
    forbid: ['host', 'readers', 'snapshot', 'checks', 'preflight', 'report', 'exporter/collectors', 'exporter/http', 'exporter/readiness', 'cli', 'bin'],
    noIo: true,
  }),
);
