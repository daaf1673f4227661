// Line splitting for the kernel's and tools' text outputs, which always end each line with "\n".
// A last line without one was cut off (a killed command, a short read): "tx-1.packets: 53" cut to
// "tx-1.packets: 5" would parse as a wrong number, so such a line is set aside instead of parsed.

import { type ParseIssue, parseIssue } from '../fact.js';

export interface TextLines {
  /** Complete lines, without their "\n". */
  readonly lines: readonly string[];
  /** The unterminated tail, when the text did not end with "\n" and the tail is not blank. */
  readonly cutOff?: string;
}

export function splitCompleteLines(text: string): TextLines {
  const lines = text.split('\n');
  const tail = lines.pop() as string; // "" when the text ends with "\n"
  return tail.trim() === '' ? { lines } : { lines, cutOff: tail };
}

/**
 * The issue for a cut-off last line (ESHORT): the output as a whole is then not to be trusted, and a caller
 * that must not use a partial reading looks for this code among a parser's problems.
 */
export function cutOffIssue(tail: string): ParseIssue {
  return parseIssue('ESHORT', `last line has no newline (output cut off?): ${JSON.stringify(tail.trim().slice(0, 60))}; ignored`);
}
