// Reads this boot's kernel messages from the systemd journal's files under the root, without journald or
// journalctl (the container image and the single executable have neither): every `*.journal` and `*.journal~`
// file of each machine directory, the entries with `_TRANSPORT=kernel` whose boot ID is this boot's.

import { BOOT_ID_PATH, JOURNAL_DIRS } from '../catalog/host-locations.js';
import { type ReadIssue, isIssue, placed, readIssue } from '../fact.js';
import { type HostFs, errnoOf } from '../host/host-fs.js';
import { journalKernelMessages, type JournalCompression, type JournalMessage } from '../parse/journal-file.js';

export interface JournalKernelLog {
  /** The machine's journal directory: /var/log/journal/<machine-id> or /run/log/journal/<machine-id>. */
  readonly path: string;
  /** Journal files read whole (the ones in `issues` are not counted). */
  readonly files: number;
  /** This boot's kernel messages, oldest first, one a line. */
  readonly text: string;
  readonly entries: number;
  /** Kernel entries of this boot skipped: compressed with an algorithm this Node cannot decode. */
  readonly undecodable: Partial<Record<JournalCompression, number>>;
  /** Files that could not be read or are not sound journal files (each names its file); or the boot ID's. */
  readonly issues: readonly ReadIssue[];
}

const MACHINE_ID = /^[0-9a-f]{32}$/;
const JOURNAL_FILE = /\.journal~?$/;

/** One record per machine directory that holds journal files; none when the host keeps no journal. */
export function readJournals(host: HostFs): JournalKernelLog[] {
  const dirs: { path: string; files: string[] | ReadIssue }[] = [];
  for (const root of JOURNAL_DIRS) {
    const machines = host.list(root);
    if (!Array.isArray(machines)) continue;
    for (const machine of machines.filter((name) => MACHINE_ID.test(name))) {
      const path = `${root}/${machine}`;
      const names = host.list(path);
      if (isIssue(names)) dirs.push({ path, files: names });
      else if (names?.some((n) => JOURNAL_FILE.test(n))) dirs.push({ path, files: names.filter((n) => JOURNAL_FILE.test(n)) });
    }
  }
  if (dirs.length === 0) return [];
  const bootId = readBootId(host);
  return dirs.map(({ path, files }) => {
    if (isIssue(files)) return emptyLog(path, [files]);
    if (isIssue(bootId)) return emptyLog(path, [bootId]);
    return readDirectory(host, path, files, bootId);
  });
}

function readDirectory(host: HostFs, dir: string, names: readonly string[], bootId: string): JournalKernelLog {
  const issues: ReadIssue[] = [];
  const undecodable: Partial<Record<JournalCompression, number>> = {};
  const seen = new Set<string>();
  const messages: JournalMessage[] = [];
  let files = 0;
  for (const name of names) {
    const path = `${dir}/${name}`;
    const file = host.openRandomAccess(path);
    if (file === undefined) continue; // rotated away while we listed
    if (isIssue(file)) {
      issues.push(file);
      continue;
    }
    let found;
    try {
      found = placed(path, journalKernelMessages(file, bootId));
    } catch (error) {
      // A read that failed under us (EIO on a bad disk).
      found = readIssue(path, errnoOf(error));
    } finally {
      file.close();
    }
    if (isIssue(found)) {
      issues.push(found);
      continue;
    }
    files++;
    for (const message of found) {
      // A copy of an entry in two files (a rotation caught half-way) counts once.
      const key = `${message.seqnumId}:${message.seqnum}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (message.undecodable !== undefined) undecodable[message.undecodable] = (undecodable[message.undecodable] ?? 0) + 1;
      else messages.push(message);
    }
  }
  messages.sort((a, b) => a.monotonic - b.monotonic || a.seqnum - b.seqnum);
  return { path: dir, files, text: messages.map((m) => m.message).join('\n'), entries: messages.length, undecodable, issues };
}

/** The boot ID as the journal stores it: 32 hex digits, without the dashes of /proc's text. */
function readBootId(host: HostFs): string | ReadIssue {
  const text = host.readText(BOOT_ID_PATH, 64);
  if (text === undefined) return readIssue(BOOT_ID_PATH, 'ENOENT', "without this boot's ID the journal's entries of this boot cannot be told apart");
  if (isIssue(text)) return text;
  const id = text.trim().replace(/-/g, '').toLowerCase();
  return MACHINE_ID.test(id) ? id : readIssue(BOOT_ID_PATH, 'EPARSE', `expected a UUID, found ${JSON.stringify(text.trim().slice(0, 40))}`);
}

function emptyLog(path: string, issues: ReadIssue[]): JournalKernelLog {
  return { path, files: 0, text: '', entries: 0, undecodable: {}, issues };
}
