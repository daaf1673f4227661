// A pidfile (/run/libvirt/qemu/<dom>.pid, /var/run/qemu-server/<vmid>.pid): the pid in decimal, a newline.

import { type Parsed, parseIssue } from '../../fact.js';
import { shown } from './json-fields.js';

export function parsePidfile(text: string): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return parseIssue('EEMPTY', 'empty pidfile');
  if (!/^\d{1,10}$/.test(trimmed) || Number(trimmed) === 0) return parseIssue('EPARSE', `not a pid: ${shown(trimmed)}`);
  return (Number(trimmed));
}
