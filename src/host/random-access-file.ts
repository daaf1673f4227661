// A host file read at offsets, for binary files too large to read whole (journal files: up to 128 MiB each).
// Reads go through a few cached 64 KiB blocks: the journal's objects for one entry lie close together, so most
// of the dozens of small reads an entry costs are answered from memory — and memory stays bounded.

import * as fs from 'node:fs';

const BLOCK_BYTES = 64 * 1024;
const MAX_BLOCKS = 64; // 4 MiB at most

export class RandomAccessFile {
  /** Bytes in the file when it was opened. */
  readonly size: number;
  private readonly blocks = new Map<number, Buffer>();

  constructor(
    private readonly fd: number,
    size: number,
  ) {
    this.size = size;
  }

  /** `length` bytes at `offset`, fewer at the end of the file. May throw an errno error (EIO). */
  read(offset: number, length: number): Buffer {
    const end = Math.min(offset + length, this.size);
    if (offset >= end) return Buffer.alloc(0);
    const first = Math.floor(offset / BLOCK_BYTES);
    const last = Math.floor((end - 1) / BLOCK_BYTES);
    if (first === last) {
      const block = this.block(first);
      return block.subarray(offset - first * BLOCK_BYTES, end - first * BLOCK_BYTES);
    }
    // A read across blocks (a long field, a hash table): read it directly.
    const out = Buffer.allocUnsafe(end - offset);
    let done = 0;
    while (done < out.length) {
      const n = fs.readSync(this.fd, out, done, out.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private block(index: number): Buffer {
    const hit = this.blocks.get(index);
    if (hit !== undefined) {
      // Most recently used last: the Map's order is the eviction order.
      this.blocks.delete(index);
      this.blocks.set(index, hit);
      return hit;
    }
    const buffer = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, this.size - index * BLOCK_BYTES));
    let done = 0;
    while (done < buffer.length) {
      const n = fs.readSync(this.fd, buffer, done, buffer.length - done, index * BLOCK_BYTES + done);
      if (n === 0) break;
      done += n;
    }
    const block = buffer.subarray(0, done);
    if (this.blocks.size >= MAX_BLOCKS) this.blocks.delete(this.blocks.keys().next().value as number);
    this.blocks.set(index, block);
    return block;
  }
}
