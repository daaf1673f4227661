// postject ships no types; this is the one function the package build calls (its dist/api.js).
declare module 'postject' {
  export function inject(
    filename: string,
    resourceName: string,
    resourceData: Buffer,
    options?: { readonly sentinelFuse?: string; readonly overwrite?: boolean; readonly machoSegmentName?: string },
  ): Promise<void>;
}
