// One systemd journal file (the binary format of systemd.io/JOURNAL_FILE_FORMAT and systemd's journal-def.h):
// the kernel's messages of one boot, without journald or journalctl.
//
// They are found as sd-journal finds a match: the DATA object `_TRANSPORT=kernel` and the entries that reference
// it. The DATA object is reached without computing a hash: the FIELD hash table is small (a few hundred cells),
// so it is walked whole for the FIELD `_TRANSPORT`, whose DATA objects are few. Files with the keyed (siphash24)
// and the unkeyed (Jenkins) hash read alike, and the payload hashes are not checked.
//
// Every offset is checked before it is followed (inside the file, aligned, an object of the expected type); a
// file that breaks the structure is garbage, said once with where. Entries are in the file in the order written,
// so this boot's — the last boot — are at the end: they are read from the end back to the first of another boot.

import * as zlib from 'node:zlib';
import { type Parsed, parseIssue } from '../fact.js';

/** What the journal reader needs of a file: its size and the bytes at an offset (fewer at the end). */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Buffer;
}

export type JournalCompression = 'XZ' | 'LZ4' | 'ZSTD';

export interface JournalMessage {
  /** The writer's sequence-number space and the entry's number in it: one entry seen in two files counts once. */
  readonly seqnumId: string;
  readonly seqnum: number;
  /** Microseconds since this boot's start: the order across files. */
  readonly monotonic: number;
  /** The MESSAGE field; absent when it is compressed with an algorithm this Node cannot decode (`undecodable`). */
  readonly message?: string;
  readonly undecodable?: JournalCompression;
}

const SIGNATURE = 'LPKSHHRH';
/** The header up to tail_entry_monotonic exists in every version of the format; later fields are optional. */
const HEADER_MIN_BYTES = 208;
const INCOMPATIBLE = { xz: 1 << 0, lz4: 1 << 1, keyedHash: 1 << 2, zstd: 1 << 3, compact: 1 << 4 } as const;
const KNOWN_INCOMPATIBLE = 0x1f;
const OBJECT = { data: 1, field: 2, entry: 3, entryArray: 6 } as const;
const OBJECT_COMPRESSION: readonly [number, JournalCompression][] = [
  [1 << 0, 'XZ'],
  [1 << 1, 'LZ4'],
  [1 << 2, 'ZSTD'],
];
const OBJECT_HEADER_BYTES = 16;
/** Fields larger than this are not what we look for (a kernel line is at most 1 KiB); nothing huge is decoded. */
const MAX_FIELD_BYTES = 64 * 1024;
const TRANSPORT_FIELD = Buffer.from('_TRANSPORT');
const KERNEL_TRANSPORT = Buffer.from('_TRANSPORT=kernel');
const MESSAGE_PREFIX = Buffer.from('MESSAGE=');

class Garbage extends Error {}

interface ObjectHead {
  readonly offset: number;
  readonly type: number;
  readonly flags: number;
  readonly size: number;
}

/** This boot's kernel messages in one journal file; `bootId` is 32 lowercase hex digits. */
export function journalKernelMessages(file: ByteSource, bootId: string): Parsed<JournalMessage[]> {
  try {
    return new JournalFile(file).kernelMessages(bootId);
  } catch (error) {
    if (error instanceof Garbage) return parseIssue(error.message.startsWith('truncated') ? 'ESHORT' : 'EPARSE', error.message);
    throw error;
  }
}

class JournalFile {
  private readonly compact: boolean;
  private readonly headerSize: number;
  /** End of the used part: header_size + arena_size. */
  private readonly end: number;
  private readonly fieldTable: { offset: number; size: number };
  private readonly seqnumId: string;

  constructor(private readonly file: ByteSource) {
    const header = file.read(0, HEADER_MIN_BYTES);
    if (header.length < 8 || header.toString('latin1', 0, 8) !== SIGNATURE) throw new Garbage('not a journal file (no LPKSHHRH signature)');
    if (header.length < HEADER_MIN_BYTES) throw new Garbage(`truncated: ${file.size} bytes, shorter than a journal header`);
    const incompatible = header.readUInt32LE(12);
    const unknown = incompatible & ~KNOWN_INCOMPATIBLE;
    if (unknown !== 0) throw new Garbage(`incompatible flags 0x${unknown.toString(16)} of a newer journal format`);
    this.compact = (incompatible & INCOMPATIBLE.compact) !== 0;
    this.seqnumId = header.toString('hex', 72, 88);
    this.headerSize = u64(header, 88);
    const arena = u64(header, 96);
    if (this.headerSize < HEADER_MIN_BYTES || this.headerSize % 8 !== 0) throw new Garbage(`header size ${this.headerSize}`);
    this.end = this.headerSize + arena;
    if (this.end > file.size) throw new Garbage(`truncated: the header says ${this.end} bytes, the file has ${file.size}`);
    this.fieldTable = { offset: u64(header, 120), size: u64(header, 128) };
  }

  kernelMessages(bootId: string): JournalMessage[] {
    const kernel = this.kernelTransportData();
    if (kernel === undefined) return [];
    const offsets = this.entriesOf(kernel);
    const boot = Buffer.from(bootId, 'hex');
    const messages: JournalMessage[] = [];
    // The last boot's entries are the file's last: read back to the first entry of another boot.
    for (let i = offsets.length - 1; i >= 0; i--) {
      const entry = this.object(offsets[i] as number, OBJECT.entry, 64);
      const fixed = this.file.read(entry.offset, 64);
      if (!fixed.subarray(40, 56).equals(boot)) break;
      const found = this.messageOf(entry);
      if (found === undefined) continue;
      const at = { seqnumId: this.seqnumId, seqnum: u64(fixed, 16), monotonic: u64(fixed, 32) };
      messages.push(typeof found === 'string' ? { ...at, message: found } : { ...at, undecodable: found.undecodable });
    }
    return messages.reverse();
  }

  /** The DATA object `_TRANSPORT=kernel`, through the FIELD `_TRANSPORT`; undefined when the file has none. */
  private kernelTransportData(): ObjectHead | undefined {
    const { offset, size } = this.fieldTable;
    if (offset === 0 || size === 0) return undefined;
    if (offset % 8 !== 0 || size % 16 !== 0 || offset < this.headerSize + OBJECT_HEADER_BYTES || offset + size > this.end) {
      throw new Garbage(`field hash table at ${offset} (${size} bytes) outside the file`);
    }
    const table = this.file.read(offset, size);
    for (let cell = 0; cell < size; cell += 16) {
      const visited = new Set<number>();
      for (let at = u64(table, cell); at !== 0; ) {
        if (visited.has(at)) throw new Garbage(`field hash chain loops at ${at}`);
        visited.add(at);
        const field = this.object(at, OBJECT.field, 40);
        const fixed = this.file.read(at, 40);
        if (field.size - 40 === TRANSPORT_FIELD.length && this.file.read(at + 40, field.size - 40).equals(TRANSPORT_FIELD)) {
          return this.dataWithPayload(u64(fixed, 32), KERNEL_TRANSPORT);
        }
        at = u64(fixed, 24);
      }
    }
    return undefined;
  }

  /** Along a field's DATA objects (next_field_offset), the one whose payload is `wanted`. */
  private dataWithPayload(head: number, wanted: Buffer): ObjectHead | undefined {
    const visited = new Set<number>();
    for (let at = head; at !== 0; ) {
      if (visited.has(at)) throw new Garbage(`data chain loops at ${at}`);
      visited.add(at);
      const data = this.object(at, OBJECT.data, this.dataPayloadStart());
      const payload = this.payload(data);
      if (Buffer.isBuffer(payload) && payload.equals(wanted)) return data;
      at = u64(this.file.read(at, 40), 32);
    }
    return undefined;
  }

  /** Offsets of the entries that reference a DATA object: the first inline, the rest in its entry array chain. */
  private entriesOf(data: ObjectHead): number[] {
    const fixed = this.file.read(data.offset, 64);
    const first = u64(fixed, 40);
    const count = u64(fixed, 56);
    const offsets: number[] = first !== 0 ? [first] : [];
    const item = this.compact ? 4 : 8;
    let previous = 0;
    for (let at = u64(fixed, 48); at !== 0 && offsets.length < count; ) {
      // Arrays are appended, so each next one lies further on: a chain that goes back is broken (and cannot loop).
      if (at <= previous) throw new Garbage(`entry array chain goes back at ${at}`);
      previous = at;
      const array = this.object(at, OBJECT.entryArray, 24);
      const body = this.file.read(at, array.size);
      for (let i = 24; i + item <= array.size && offsets.length < count; i += item) {
        const offset = this.compact ? body.readUInt32LE(i) : u64(body, i);
        if (offset === 0) break; // the unused tail of the last array
        offsets.push(offset);
      }
      at = u64(body, 16);
    }
    return offsets;
  }

  /** The entry's MESSAGE; `{undecodable}` when a field of it could not be decompressed and no MESSAGE was found. */
  private messageOf(entry: ObjectHead): string | { undecodable: JournalCompression } | undefined {
    const item = this.compact ? 4 : 16;
    const items = this.file.read(entry.offset + 64, entry.size - 64);
    let undecodable: JournalCompression | undefined;
    for (let i = 0; i + item <= items.length; i += item) {
      const offset = this.compact ? items.readUInt32LE(i) : u64(items, i);
      const data = this.object(offset, OBJECT.data, this.dataPayloadStart());
      const payload = this.payload(data);
      if (!Buffer.isBuffer(payload)) {
        undecodable ??= payload.undecodable;
        continue;
      }
      if (payload.subarray(0, MESSAGE_PREFIX.length).equals(MESSAGE_PREFIX)) {
        // A kernel line is one line; a record with embedded newlines is kept on one.
        return payload.toString('utf8', MESSAGE_PREFIX.length).replace(/[\r\n]+/g, ' ');
      }
    }
    return undecodable === undefined ? undefined : { undecodable };
  }

  /** A DATA object's payload, decompressed when it is and this Node can; large ones are not read. */
  private payload(data: ObjectHead): Buffer | { undecodable: JournalCompression } {
    const start = this.dataPayloadStart();
    const length = data.size - start;
    const compression = OBJECT_COMPRESSION.find(([bit]) => (data.flags & bit) !== 0)?.[1];
    if (length > MAX_FIELD_BYTES) return Buffer.alloc(0);
    const raw = this.file.read(data.offset + start, length);
    if (compression === undefined) return raw;
    const decode = DECODERS[compression];
    if (decode === undefined) return { undecodable: compression };
    try {
      return decode(raw);
    } catch {
      throw new Garbage(`${compression} data at ${data.offset} does not decompress`);
    }
  }

  private dataPayloadStart(): number {
    // Compact files keep two 32-bit fields (the tail entry array) before the payload.
    return this.compact ? 72 : 64;
  }

  /** The object header at `offset`, checked: inside the used part, aligned, of `type`, at least `min` bytes. */
  private object(offset: number, type: number, min: number): ObjectHead {
    if (offset % 8 !== 0 || offset < this.headerSize || offset + OBJECT_HEADER_BYTES > this.end) {
      throw new Garbage(`object offset ${offset} outside the file`);
    }
    const head = this.file.read(offset, OBJECT_HEADER_BYTES);
    const size = u64(head, 8);
    const found = head.readUInt8(0);
    if (found !== type) throw new Garbage(`object at ${offset} is of type ${found}, expected ${type}`);
    if (size < min || offset + size > this.end) throw new Garbage(`object at ${offset} has size ${size}`);
    return { offset, type: found, flags: head.readUInt8(1), size };
  }
}

/** Decompressors that this Node has: zstd from Node 22.15 and 23.8 (node:zlib); none has XZ or LZ4. */
const DECODERS: Partial<Record<JournalCompression, (raw: Buffer) => Buffer>> = zstdDecoder();

function zstdDecoder(): Partial<Record<JournalCompression, (raw: Buffer) => Buffer>> {
  const zstd = (zlib as { zstdDecompressSync?: (b: Buffer, o?: { maxOutputLength?: number }) => Buffer }).zstdDecompressSync;
  return zstd === undefined ? {} : { ZSTD: (raw) => zstd(raw, { maxOutputLength: MAX_FIELD_BYTES }) };
}

/** Whether this Node decodes an algorithm (for the status line's reason). */
export function canDecode(compression: JournalCompression): boolean {
  return DECODERS[compression] !== undefined;
}

function u64(buffer: Buffer, at: number): number {
  if (at + 8 > buffer.length) throw new Garbage(`truncated: a field at ${at} of a ${buffer.length}-byte read`);
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Garbage(`offset or size ${value} out of range`);
  return Number(value);
}
