// Entry point of the single executable that `npm run package` builds (docs: deploy/README.md): one file for
// both programs. Node.js runs this entry as CommonJS, so it has no top-level await; the Node.js inside is the
// one it was built with, so no version check either.
import { checkProgram, exporterProgram } from '../cli/programs.js';
import { programFor } from '../cli/multi-call.js';

const { program, args } = programFor(process.argv[1] ?? '', process.argv.slice(2));
void (program === 'sriov-check' ? checkProgram(args) : exporterProgram(args));
