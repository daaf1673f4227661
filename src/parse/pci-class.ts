// What a PCI class code says about a function: the first two hex digits are the base class (02 network),
// the next two the subclass (0604 PCI-to-PCI bridge). The class comes as a Fact: unread is neither.

import type { Fact } from '../fact.js';

export function isNetworkClass(classCode: Fact<string>): boolean {
  return typeof classCode === 'string' && classCode.startsWith('02');
}

export function isBridgeClass(classCode: Fact<string>): boolean {
  return typeof classCode === 'string' && classCode.startsWith('0604');
}
