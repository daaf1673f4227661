// /proc/interrupts: which interrupt chips deliver device interrupts. With interrupt remapping on, x86
// prefixes the MSI and IO-APIC chips with "IR-" (IR-PCI-MSIX-0000:3b:00.0, IR-IO-APIC; older kernels print
// the type too: IR-PCI-MSI-edge). Layout: a header of CPU columns, then `IRQ: count… chip hwirq name`.
// A 5000-line file is matched with one regular expression rather than split into tokens.

export interface InterruptSummary {
  /** Device interrupt lines (PCI MSI/MSI-X, IO-APIC) through an IR- chip. */
  readonly remapped: number;
  /** Device interrupt lines through a chip without IR-. */
  readonly notRemapped: number;
  /** Distinct chip kinds seen, without device addresses (IR-PCI-MSIX, IO-APIC…). */
  readonly chips: readonly string[];
}

const LINE = /^\s*\d+:(?:\s+\d+)*\s+(\S+)/gm;
const DEVICE_CHIP = /^(IR-)?(PCI-MSIX|PCI-MSI|IO-APIC)(?=$|-)/;

/** Undefined when the text has no CPU header: not /proc/interrupts. */
export function summarizeInterrupts(text: string): InterruptSummary | undefined {
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  if (!/^\s*CPU\d+/.test(firstLine)) return undefined;
  let remapped = 0;
  let notRemapped = 0;
  const chips = new Set<string>();
  for (const match of text.matchAll(LINE)) {
    const chip = DEVICE_CHIP.exec(match[1] as string);
    if (!chip) continue;
    chips.add(`${chip[1] ?? ''}${chip[2]}`);
    if (chip[1]) remapped++;
    else notRemapped++;
  }
  return { remapped, notRemapped, chips: [...chips].sort() };
}
