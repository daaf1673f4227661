// What a kernel module's state means for using it.

import type { ModuleState } from '../../readers/kernel-reader.js';

/** Loaded, or built into the kernel: usable now. */
export function isUsable(state: ModuleState): boolean {
  return state === 'loaded' || state === 'builtin';
}
