import t from 'tap';
import { counterFromJson, countersFromNamed, hasNoCounters, parseCounter } from '../../src/parse/vf-counters.js';
import { splitCompleteLines } from '../../src/parse/text-lines.js';

t.test('parseCounter reads "%llu" text and nothing else', async (t) => {
  const cases: Array<[string, number | undefined]> = [
    ['0', 0],
    ['42\n', 42],
    ['  7 ', 7],
    ['9007199254740991', 9007199254740991], // 2^53 − 1: the last exact integer
    ['9007199254740993', 9007199254740992], // 2^53 + 1 → nearest double, documented
    ['18446744073709551615', 18446744073709551616], // u64 max → 2^64 as a double
    ['18446744073709551616', undefined], // beyond u64
    ['123456789012345678901', undefined], // 21 digits
    ['-1', undefined],
    ['1.5', undefined],
    ['0x10', undefined],
    ['1e3', undefined],
    ['', undefined],
    ['abc', undefined],
  ];
  for (const [text, expected] of cases) t.equal(parseCounter(text), expected, JSON.stringify(text));
});

t.test('counterFromJson accepts non-negative integers within u64 only', async (t) => {
  const cases: Array<[unknown, number | undefined]> = [
    [0, 0],
    [346464, 346464],
    [2 ** 64, 2 ** 64], // what JSON.parse makes of 18446744073709551615
    [2 ** 65, undefined],
    [-1, undefined],
    [1.5, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
    ['5', undefined],
    [null, undefined],
    [true, undefined],
  ];
  for (const [value, expected] of cases) t.equal(counterFromJson(value), expected, String(value));
});

t.test('countersFromNamed places values by the table and ignores unknown and inherited names', async (t) => {
  const counters = countersFromNamed(
    [
      ['in', 1],
      ['out', 2],
      ['other', 3],
      ['toString', 4],
      ['__proto__', 5],
    ],
    { in: ['receive', 'dropped'], out: ['transmit', 'dropped'] },
  );
  t.same(counters, { receive: { dropped: 1 }, transmit: { dropped: 2 } });
  t.notOk(hasNoCounters(counters));
  t.ok(hasNoCounters(countersFromNamed([['other', 1]], { in: ['receive', 'bytes'] })));
});

t.test('splitCompleteLines sets aside an unterminated last line', async (t) => {
  t.same(splitCompleteLines('a\nb\n'), { lines: ['a', 'b'] });
  t.same(splitCompleteLines('a\nb: 5'), { lines: ['a'], cutOff: 'b: 5' });
  t.same(splitCompleteLines('a\n  '), { lines: ['a'] });
  t.same(splitCompleteLines(''), { lines: [] });
});
