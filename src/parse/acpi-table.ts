// ACPI tables as /sys/firmware/acpi/tables/<SIG> exposes them (mode 0400: only root reads the bytes,
// anyone sees the file). Standard header, ACPI 6.5 §5.2.6: Signature[4] Length u32 Revision u8 Checksum u8
// OEMID[6] OEM Table ID[8] OEM Revision u32 Creator ID[4] Creator Revision u32 = 36 bytes.
// DMAR (Intel VT-d spec §8.1) continues with Host Address Width u8 at 36 and Flags u8 at 37:
// bit 0 INTR_REMAP (the platform supports interrupt remapping), bit 1 X2APIC_OPT_OUT.

import { type Parsed, parseIssue } from '../fact.js';

export const ACPI_HEADER_SIZE = 36;
export const DMAR_FLAG_INTR_REMAP = 0x01;
export const DMAR_FLAG_X2APIC_OPT_OUT = 0x02;

export interface AcpiTableHeader {
  readonly signature: string;
  readonly length: number;
  readonly revision: number;
  readonly oemId: string;
  readonly oemTableId: string;
  /** DMAR only. */
  readonly dmarFlags?: number;
}

export function parseAcpiHeader(bytes: Uint8Array, expectedSignature: string): Parsed<AcpiTableHeader> {
  if (bytes.length < ACPI_HEADER_SIZE) return parseIssue('ESHORT', `${bytes.length} bytes, an ACPI header is ${ACPI_HEADER_SIZE}`);
  const text = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  const signature = text(0, 4);
  if (signature !== expectedSignature) return parseIssue('EPARSE', `signature ${JSON.stringify(signature)}, expected ${expectedSignature}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  if (length < ACPI_HEADER_SIZE) return parseIssue('EPARSE', `table length ${length} is shorter than its header`);
  const trim = (s: string) => s.replace(/[\0 ]+$/, '');
  const header: AcpiTableHeader = {
    signature,
    length,
    revision: view.getUint8(8),
    oemId: trim(text(10, 16)),
    oemTableId: trim(text(16, 24)),
    ...(signature === 'DMAR' && bytes.length >= 38 ? { dmarFlags: view.getUint8(37) } : {}),
  };
  return header;
}
