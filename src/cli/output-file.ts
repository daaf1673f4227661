// Writing a report to a file the way its readers need: a temporary dot-file in the same directory, then a
// rename, so that nfd-worker (which ignores dot-files) and node_exporter's textfile collector never read half
// a file. A file named on the command line that cannot be written is a usage error, not a stack trace.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './usage-error.js';

export function writeOutputFile(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { mode: 0o644 });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--output-file ${file}: cannot write (${code ?? String(error)})`);
  }
}
