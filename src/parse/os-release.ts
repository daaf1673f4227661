// /etc/os-release (os-release(5)): KEY=value lines, values optionally quoted. Only what picks the
// distribution's commands is kept: ID, ID_LIKE, VERSION_ID, PRETTY_NAME.

export interface OsRelease {
  readonly id: string;
  readonly idLike: readonly string[];
  readonly versionId?: string;
  readonly prettyName?: string;
}

export function parseOsRelease(text: string): OsRelease | undefined {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (!match) continue;
    values.set(match[1] as string, unquote(match[2] as string));
  }
  const id = values.get('ID');
  if (!id) return undefined;
  const versionId = values.get('VERSION_ID');
  const prettyName = values.get('PRETTY_NAME');
  return {
    id,
    idLike: (values.get('ID_LIKE') ?? '').split(/\s+/).filter(Boolean),
    ...(versionId ? { versionId } : {}),
    ...(prettyName ? { prettyName } : {}),
  };
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  return quoted ? (quoted[1] as string).replace(/\\(["\\$`])/g, '$1') : value;
}
