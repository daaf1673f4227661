// A pidfile (/run/libvirt/qemu/<dom>.pid, /var/run/qemu-server/<vmid>.pid): the pid in decimal, a newline.

import { type Parsed, parsed, shown, unparsed } from './parsed.js';

export function parsePidfile(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return unparsed('empty', 'empty pidfile');
  if (!/^\d{1,10}$/.test(trimmed) || Number(trimmed) === 0) return unparsed('syntax', `not a pid: ${shown(trimmed)}`);
  return parsed(Number(trimmed));
}
