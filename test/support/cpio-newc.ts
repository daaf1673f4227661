// Reads the "newc" cpio archive that rpm2cpio writes (the payload of an .rpm), so that the tests unpack an .rpm
// the way `rpm2cpio x.rpm | cpio -idm` would, without cpio installed. Format: cpio(5), "New ASCII Format".

export interface CpioEntry {
  readonly name: string;
  readonly mode: number;
  readonly data: Buffer;
}

const HEADER = 110;
const S_IFMT = 0o170000;
export const S_IFLNK = 0o120000;
export const S_IFREG = 0o100000;
export const S_IFDIR = 0o040000;

export function readCpioNewc(archive: Buffer): CpioEntry[] {
  const entries: CpioEntry[] = [];
  let at = 0;
  const field = (index: number) => parseInt(archive.toString('latin1', at + 6 + index * 8, at + 14 + index * 8), 16);
  const align = (n: number) => (n + 3) & ~3;
  for (;;) {
    const magic = archive.toString('latin1', at, at + 6);
    if (magic !== '070701' && magic !== '070702') throw new Error(`cpio: bad magic ${JSON.stringify(magic)} at offset ${at}`);
    const mode = field(1);
    const size = field(6);
    const nameSize = field(11);
    const name = archive.toString('utf8', at + HEADER, at + HEADER + nameSize - 1);
    if (name === 'TRAILER!!!') return entries;
    const dataAt = align(at + HEADER + nameSize);
    entries.push({ name: name.replace(/^\.\//, ''), mode, data: archive.subarray(dataAt, dataAt + size) });
    at = align(dataAt + size);
  }
}

export function fileType(mode: number): number {
  return mode & S_IFMT;
}
