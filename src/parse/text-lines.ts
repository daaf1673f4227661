// Line splitting for the kernel's and tools' text outputs, which always end each line with "\n".
// A last line without one was cut off (a killed command, a short read): "tx-1.packets: 53" cut to
// "tx-1.packets: 5" would parse as a wrong number, so such a line is set aside instead of parsed.

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

const CUT_OFF = 'last line has no newline (output cut off?)';

/** The problem message for a cut-off last line. */
export function cutOffProblem(tail: string): string {
  return `${CUT_OFF}: ${JSON.stringify(tail.trim().slice(0, 60))}; ignored`;
}

/** Whether a parser's problem is a cut-off last line: the output as a whole is then not to be trusted. */
export function isCutOffProblem(problem: string): boolean {
  return problem.startsWith(CUT_OFF);
}
