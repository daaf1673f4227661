// Errors are of two kinds. A UserError is the user's to fix — a bad flag, a snapshot or web config that is not
// what it should be, a --pf that names no PF: its message is the one line they see, and the program exits 2.
// Anything else is a bug in this program: one line asking for a report, the stack only when asked for.

export class UserError extends Error {}

/** An error's message, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a program writes to stderr for an error that is not a UserError. */
export function internalErrorText(program: string, error: unknown, env: NodeJS.ProcessEnv): string {
  const stack = env.SRIOV_DEBUG && error instanceof Error && error.stack ? `${error.stack}\n` : '';
  return `${program}: internal error: ${errorText(error)} (please report it; SRIOV_DEBUG=1 shows the stack)\n${stack}`;
}
