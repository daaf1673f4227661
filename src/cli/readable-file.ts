// A file named by a flag, checked before it is read: missing, a directory or unreadable is a mistake in the
// command (exit 2 with one line naming the flag), not a host fact.

import * as fs from 'node:fs';
import { UsageError } from './usage-error.js';

export function assertReadableFile(file: string, flag: string): void {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw new UsageError(`${flag} ${file}: a directory, not a file`);
    fs.accessSync(file, fs.constants.R_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${flag} ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`);
  }
}
