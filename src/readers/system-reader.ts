// System model, BIOS and virtualization from systeminformation — only for the live root: its probes
// (dmidecode, /sys/class/dmi) would describe this machine, not a host mounted elsewhere.

import { errorText } from '../user-error.js';

/** Enrichment from systeminformation, only for the live root. */
export interface SystemInfo {
  readonly consulted: boolean;
  /** Why it was not consulted or why it failed. */
  readonly note?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly biosVendor?: string;
  readonly biosVersion?: string;
  readonly biosReleaseDate?: string;
  readonly virtual?: boolean;
  readonly virtualHost?: string;
}

const SYSTEM_TIMEOUT_MS = 3000;

export async function readSystemInfo(live: boolean): Promise<SystemInfo> {
  if (!live) return { consulted: false, note: '--path.rootfs/--path.sysfs point at another host' };
  try {
    // Loaded on demand: it is large, and only this path needs it.
    const si = await import('systeminformation');
    const [system, bios] = await withTimeout(Promise.all([si.system(), si.bios()]), SYSTEM_TIMEOUT_MS);
    return {
      consulted: true,
      ...nonEmpty('manufacturer', system.manufacturer),
      ...nonEmpty('model', system.model),
      ...nonEmpty('biosVendor', bios.vendor),
      ...nonEmpty('biosVersion', bios.version),
      ...nonEmpty('biosReleaseDate', bios.releaseDate),
      virtual: Boolean(system.virtual),
      ...nonEmpty('virtualHost', system.virtualHost),
    };
  } catch (error) {
    return { consulted: false, note: `systeminformation failed: ${errorText(error)}` };
  }
}

function nonEmpty<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value.trim() !== '' && value !== '-' ? ({ [key]: value.trim() } as Record<K, string>) : {};
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
