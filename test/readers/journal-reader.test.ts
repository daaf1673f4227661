// The journal reader on journal files that systemd itself wrote (systemd-journal-remote, Debian 12's systemd 252):
// compact and regular layout, keyed and unkeyed hash, two boots in one file, a rotated pair, ZSTD-compressed
// fields; and on damaged files, which become a source whose status names the file — never a throw.
// What each file should yield is taken from the export-format text it was written from, not from our parser.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { HostFs, defaultRoots } from '../../src/host/host-fs.js';
import { journalKernelMessages, type JournalMessage } from '../../src/parse/journal-file.js';
import { readKernelLog } from '../../src/readers/kernel-log-reader.js';
import { kernelLogLine } from '../../src/report/kernel-log-sources.js';
import { fixtureHost } from '../support/run-cli.js';
import { JOURNAL_FIXTURES, MACHINE_ID, PREVIOUS_BOOT, THIS_BOOT, journalBytes, journalHost, journalObjects } from '../support/journal-host.js';

const ZSTD = typeof (zlib as { zstdDecompressSync?: unknown }).zstdDecompressSync === 'function';
const hex = (uuid: string) => uuid.replace(/-/g, '');
const MACHINE_DIR = `/var/log/journal/${MACHINE_ID}`;

/** The kernel messages of a boot in an export-format text (systemd.io/JOURNAL_EXPORT_FORMATS), in order. */
function exported(files: readonly string[], boot: string): string[] {
  const entries = files.flatMap((f) => fs.readFileSync(path.join(JOURNAL_FIXTURES, f), 'utf8').split('\n\n')).filter((e) => e.trim() !== '');
  return entries
    .map((e) => Object.fromEntries(e.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])) as Record<string, string>)
    .filter((e) => e._TRANSPORT === 'kernel' && e._BOOT_ID === hex(boot))
    .map((e) => e.MESSAGE as string);
}

/** This boot's kernel entries of a journal file's bytes. */
function messagesOf(bytes: Buffer): JournalMessage[] {
  const read = journalKernelMessages({ size: bytes.length, read: (offset, length) => bytes.subarray(offset, offset + length) }, hex(THIS_BOOT));
  if ('kind' in read) throw new Error(`${read.code} ${read.detail}`);
  return read;
}

const LONG = /^Modules linked in: /; // the one field over systemd's 512-byte threshold: stored ZSTD-compressed

t.test('a compact, keyed-hash file with two boots: this boot\'s kernel messages, in order, nothing else', async (t) => {
  const bytes = journalBytes('whole-compact.journal');
  t.equal(bytes.readUInt32LE(12) & 0b10100, 0b10100, 'control: the file is compact and keyed (incompatible flags)');
  const read = messagesOf(bytes);
  const expected = exported(['earlier.export', 'later.export'], THIS_BOOT);
  t.ok(expected.some((m) => LONG.test(m)), 'control: the export has the long message');
  if (ZSTD) {
    t.strictSame(read.map((m) => m.message), expected, 'every kernel message of this boot, the compressed one decoded');
  } else {
    const long = expected.findIndex((m) => LONG.test(m));
    t.strictSame(read.map((m) => m.message ?? m.undecodable), expected.map((m, i) => (i === long ? 'ZSTD' : m)), 'every kernel message of this boot; the compressed one marked: this Node has no zstd');
  }
  const previous = exported(['earlier.export'], PREVIOUS_BOOT);
  t.ok(previous.includes('AMD-Vi: Interrupt remapping enabled'), 'control: the previous boot said otherwise');
  t.notOk(read.some((m) => m.message !== undefined && previous.includes(m.message) && !expected.includes(m.message)), 'no message of the previous boot');
});

t.test('a regular (64-bit offsets, Jenkins hash) file with two boots', async (t) => {
  const bytes = journalBytes('earlier-regular.journal');
  t.equal(bytes.readUInt32LE(12) & 0b10100, 0, 'control: neither compact nor keyed');
  const read = messagesOf(bytes);
  t.strictSame(read.map((m) => m.message), exported(['earlier.export'], THIS_BOOT));
  t.ok(read.every((m, i, all) => i === 0 || (all[i - 1] as { monotonic: number }).monotonic <= m.monotonic), 'monotonic order');
});

t.test('a host with a rotated pair: the archived regular file and the compact one after it read as one log', async (t) => {
  for (const [archived, place] of [
    ['system@5b6a1f0e2d3c4b5a69788766554433221-0000000000000001-0006133f0e0f2a40.journal', '/var/log/journal'],
    ['system@0006133f0e0f2a40-8b1d6c0e4a2f9e31.journal~', '/run/log/journal'],
  ] as const) {
    const root = journalHost(t.testdir({}), { dir: place, files: { [archived]: 'earlier-regular.journal', 'system.journal': 'later-compact.journal', 'user-1000.journal': 'later-compact.journal' } });
    const log = readKernelLog(new HostFs(defaultRoots(root)), { release: '5.15.0-105-generic' });
    const dir = `${place}/${MACHINE_ID}`;
    t.strictSame(log.sources.map((s) => [s.path, s.origin, s.coversBoot, s.issue]), [[dir, 'journal', true, undefined]], `${archived}: one source, the machine directory, covering this boot`);
    const expected = exported(['earlier.export', 'later.export'], THIS_BOOT).filter((m) => ZSTD || !LONG.test(m));
    t.equal(log.sources[0]?.journal?.entries, expected.length, 'the entry seen twice (user-1000.journal is a copy) counts once');
    t.match(kernelLogLine(log.sources), new RegExp(`^${dir} \\(read, since boot, ${expected.length} kernel messages of this boot in 3 files${ZSTD ? '\\)$' : ', 1 entry skipped: compressed with ZSTD \\(this Node cannot decode ZSTD\\)\\)$'}`));
    t.strictSame(
      log.lines.map((l) => l.signature),
      ['ir-firmware-bug', 'ir-firmware-bug', 'ir-disabled', 'iommu-enabled', 'vfio-no-ir'],
      'the signature lines of this boot, the previous boot\'s "Interrupt remapping enabled" not among them',
    );
  }
});

t.test('online (being written) and archived files read the same', async (t) => {
  for (const state of [1, 2]) {
    const bytes = Buffer.from(journalBytes('whole-compact.journal'));
    bytes.writeUInt8(state, 16);
    t.equal(messagesOf(bytes).length, exported(['earlier.export', 'later.export'], THIS_BOOT).length, `state ${state}`);
  }
});

t.test('a syslog file that covers this boot is enough: the journal is not read', async (t) => {
  const root = journalHost(t.testdir({}), { files: { 'system.journal': 'whole-compact.journal' } });
  fs.copyFileSync(path.join(fixtureHost('amd-epyc-no-ir'), 'var/log/kern.log'), path.join(root, 'var/log/kern.log'));
  const log = readKernelLog(new HostFs(defaultRoots(root)), {});
  t.strictSame(log.sources.map((s) => s.path), ['/var/log/kern.log']);
});

t.test('bad input: each becomes a source whose status names the file, and the other files still count', async (t) => {
  const whole = journalBytes('whole-compact.journal');
  const tableOffset = Number(whole.readBigUInt64LE(120));
  const compressed = journalObjects(whole).find((o) => o.type === 1 && o.flags === 4);
  if (!compressed) throw new Error('control: whole-compact.journal has no ZSTD object');
  const damaged = (edit: (b: Buffer) => void): Buffer => {
    const b = Buffer.from(whole);
    edit(b);
    return b;
  };
  const cases: [string, Buffer, RegExp][] = [
    ['truncated', whole.subarray(0, 64 * 1024), /^\/var\/log\/journal\/\w+\/bad\.journal \(truncated read \(truncated: the header says 8388608 bytes, the file has 65536\)\)/],
    ['empty', Buffer.alloc(0), /bad\.journal \(unexpected content \(not a journal file/],
    ['garbage', Buffer.from('Mar  4 08:00:00 epyc2 kernel: [    0.000000] Linux version 5.15.0\n'.repeat(100)), /bad\.journal \(unexpected content \(not a journal file \(no LPKSHHRH signature\)\)\)/],
    ['a newer format', damaged((b) => b.writeUInt32LE(b.readUInt32LE(12) | 0x20, 12)), /bad\.journal \(unexpected content \(incompatible flags 0x20 of a newer journal format\)\)/],
    ['a hash table offset past the end', damaged((b) => b.writeBigUInt64LE(BigInt(whole.length + 4096), 120)), /bad\.journal \(unexpected content \(field hash table at \d+ .*outside the file\)\)/],
    ['a chain into the middle of an object', damaged((b) => b.writeBigUInt64LE(BigInt(tableOffset + 8), tableOffset + 16 * findCell(whole))), /bad\.journal \(unexpected content \(object at \d+ is of type \d+, expected 2\)\)/],
  ];
  for (const [what, bytes] of cases) {
    const root = journalHost(t.testdir({}), { files: { 'bad.journal': bytes, 'system.journal': 'later-compact.journal' } });
    const log = readKernelLog(new HostFs(defaultRoots(root)), {});
    const line = kernelLogLine(log.sources);
    const expected = cases.find((c) => c[0] === what)?.[2] as RegExp;
    t.match(line, expected, `${what}: ${line}`);
    t.match(line, new RegExp(`${MACHINE_DIR} \\(read, without the start of this boot, \\d+ kernel messages of this boot in 1 file`), `${what}: the good file is still read`);
  }

  const xz = damaged((b) => b.writeUInt8(1, compressed.offset + 1));
  const root = journalHost(t.testdir({}), { files: { 'system.journal': xz } });
  const line = kernelLogLine(readKernelLog(new HostFs(defaultRoots(root)), {}).sources);
  t.match(line, /1 entry skipped: compressed with XZ \(this Node cannot decode XZ\)/, `an XZ-compressed field: ${line}`);

  const dir = journalHost(t.testdir({}), { files: {} });
  fs.mkdirSync(path.join(dir, MACHINE_DIR.slice(1), 'system.journal'));
  t.match(kernelLogLine(readKernelLog(new HostFs(defaultRoots(dir)), {}).sources), /system\.journal \(is a directory\)/);

  const noBoot = journalHost(t.testdir({}), { bootId: null, files: { 'system.journal': 'whole-compact.journal' } });
  t.match(kernelLogLine(readKernelLog(new HostFs(defaultRoots(noBoot)), {}).sources), /^\/proc\/sys\/kernel\/random\/boot_id \(not found \(without this boot's ID/);
  const badBoot = journalHost(t.testdir({}), { bootId: 'not-a-uuid', files: { 'system.journal': 'whole-compact.journal' } });
  t.match(kernelLogLine(readKernelLog(new HostFs(defaultRoots(badBoot)), {}).sources), /boot_id \(unexpected content \(expected a UUID, found "not-a-uuid"\)\)/);
  const otherBoot = journalHost(t.testdir({}), { bootId: '00000000-0000-4000-8000-000000000001', files: { 'system.journal': 'whole-compact.journal' } });
  t.match(kernelLogLine(readKernelLog(new HostFs(defaultRoots(otherBoot)), {}).sources), /\(read, without the start of this boot, 0 kernel messages of this boot in 1 file\)$/, 'a journal without this boot');
});

/** A non-empty cell of the field hash table. */
function findCell(file: Buffer): number {
  const offset = Number(file.readBigUInt64LE(120));
  const cells = Number(file.readBigUInt64LE(128)) / 16;
  for (let i = 0; i < cells; i++) if (file.readBigUInt64LE(offset + 16 * i) !== 0n) return i;
  throw new Error('control: an empty field hash table');
}
