// A fixture host that keeps its kernel log only in the systemd journal, as Debian 12 and Proxmox VE 8 do: the
// amd-epyc-no-ir host (interrupt remapping off through a BIOS IVRS bug) without /var/log/kern.log, with this
// boot's ID and the journal files of test/fixtures/journal/, which systemd-journal-remote wrote from the same
// kernel lines (scripts/build-journal-fixtures.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, fixtureHost } from './run-cli.js';

export const JOURNAL_FIXTURES = path.join(REPO, 'test/fixtures/journal');
/** The boot the fixture files end with, and the one before it (test/fixtures/journal/*.export). */
export const THIS_BOOT = '9d3c1f6a-2b7e-4c58-a1f0-e2d3c4b5a697';
export const PREVIOUS_BOOT = '3f8a2c1e-5b6d-4e7f-9a0b-1c2d3e4f5a6b';
export const MACHINE_ID = '5c2f0a3e8d1b4c7a9e6f2d1c0b3a4958';

export interface JournalHostOptions {
  /** File name in the machine directory → fixture file name in test/fixtures/journal/ (or a Buffer). */
  readonly files: Readonly<Record<string, string | Buffer>>;
  /** /var/log/journal (persistent, the default) or /run/log/journal (volatile). */
  readonly dir?: '/var/log/journal' | '/run/log/journal';
  /** The boot ID file's text; null: no boot ID file. */
  readonly bootId?: string | null;
}

/** Copies the host into `into` (a test directory) and lays out its journal; returns the root. */
export function journalHost(into: string, options: JournalHostOptions): string {
  const root = path.join(into, 'host');
  fs.cpSync(fixtureHost('amd-epyc-no-ir'), root, { recursive: true, verbatimSymlinks: true });
  fs.rmSync(path.join(root, 'var/log/kern.log'));
  const bootId = options.bootId === undefined ? THIS_BOOT : options.bootId;
  if (bootId !== null) {
    fs.mkdirSync(path.join(root, 'proc/sys/kernel/random'), { recursive: true });
    fs.writeFileSync(path.join(root, 'proc/sys/kernel/random/boot_id'), `${bootId}\n`);
  }
  const machineDir = path.join(root, options.dir ?? '/var/log/journal', MACHINE_ID);
  fs.mkdirSync(machineDir, { recursive: true });
  for (const [name, from] of Object.entries(options.files)) {
    const target = path.join(machineDir, name);
    if (Buffer.isBuffer(from)) fs.writeFileSync(target, from);
    else fs.copyFileSync(path.join(JOURNAL_FIXTURES, from), target);
  }
  return root;
}

/** A fixture journal file's bytes, to be damaged by a test. */
export function journalBytes(name: string): Buffer {
  return fs.readFileSync(path.join(JOURNAL_FIXTURES, name));
}

/** Offsets of the objects of a journal file, walked from the header (objects lie back to back, 8-byte aligned). */
export function journalObjects(file: Buffer): { offset: number; type: number; flags: number; size: number }[] {
  const headerSize = Number(file.readBigUInt64LE(88));
  const tail = Number(file.readBigUInt64LE(136));
  const objects = [];
  for (let at = headerSize; at !== 0 && at <= tail; ) {
    const size = Number(file.readBigUInt64LE(at + 8));
    objects.push({ offset: at, type: file.readUInt8(at), flags: file.readUInt8(at + 1), size });
    at += Math.ceil(size / 8) * 8;
  }
  return objects;
}
