// A parser's value in a test that expects one: an issue fails the test with its code and detail.

import { type Parsed, isIssue } from '../../src/fact.js';

export function parsedValue<T>(parsed: Parsed<T>): T {
  if (isIssue(parsed)) throw new Error(`expected a value, got ${parsed.code}: ${parsed.detail ?? ''}`);
  return parsed as T;
}
