// What the programs' entry points share: sriov-check's exit codes (the public contract, README) and the
// streams and environment they run with, passed in so that tests run them in-process.

export const EXIT_READY = 0;
export const EXIT_NOT_READY = 1;
export const EXIT_CANNOT_RUN = 2;

export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The OS the program runs on (process.platform); tests name another. On win32 the Hyper-V collector runs. */
  readonly platform?: NodeJS.Platform;
}
