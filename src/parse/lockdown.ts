// /sys/kernel/security/lockdown (security/lockdown/lockdown.c): the modes with the active one in
// brackets, e.g. "none [integrity] confidentiality". Secure Boot usually selects integrity.

export type LockdownMode = 'none' | 'integrity' | 'confidentiality';

export function parseLockdown(text: string): LockdownMode | undefined {
  const match = /\[(none|integrity|confidentiality)\]/.exec(text);
  return match ? (match[1] as LockdownMode) : undefined;
}
