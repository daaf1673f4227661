// Which Node.js can run the programs. The npm entries load this module, and nothing else, before they know the
// answer: an older Node (Debian 12 and Proxmox VE 8 ship 18) would otherwise die with a SyntaxError on a newer
// API and exit 1, the not-ready code. So this file uses syntax and APIs that any Node able to load an ES module
// understands, and imports nothing.

/** The oldest Node.js the programs run on (CI runs the suite on it); older ones are refused. */
export const OLDEST_NODE = '20.19.0';
/** The supported lines, as package.json's engines say. */
export const SUPPORTED_NODE_LINES = '22 and 24';

/** The one-line refusal for a Node.js older than OLDEST_NODE, or undefined when `version` can run us. */
export function nodeRefusal(program: string, version: string): string | undefined {
  if (compareVersions(version, OLDEST_NODE) >= 0) return undefined;
  return `${program}: Node.js ${version} is too old: it needs ${OLDEST_NODE} or later (supported: ${SUPPORTED_NODE_LINES}); ` +
    'the sriov-exporter package and binary bring their own Node.js (see README.md, Install)\n';
}

/**
 * Starts a program when this Node.js can run it; otherwise prints the refusal and sets exit code 2 (could not
 * run). `start` loads the program with a dynamic import, so nothing newer is loaded on an old Node.
 */
export function startOnSupportedNode(program: string, start: () => Promise<unknown>): void {
  const refusal = nodeRefusal(program, process.versions.node);
  if (refusal === undefined) {
    void start();
    return;
  }
  process.stderr.write(refusal);
  process.exitCode = 2;
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b` (`major.minor.patch`). */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const diff = (left[i] || 0) - (right[i] || 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
