import t from 'tap';
import { isIssue } from '../../../src/fact.js';
import { pciAddressFromParts } from '../../../src/parse/attribution/pci-address-forms.js';
import { normalizePciAddress } from '../../../src/parse/sysfs-values.js';
import { parseJson, shown } from '../../../src/parse/attribution/json-fields.js';

t.test('PCI addresses of other programs, in the kernel spelling', async (t) => {
  const cases: [string, string | undefined][] = [
    ['0000:3b:02.1', '0000:3b:02.1'],
    ['0000:3B:02.1', '0000:3b:02.1'],
    ['3b:02.1', '0000:3b:02.1'],
    [' 10000:00:01.0\n', '10000:00:01.0'],
    ['0000:3b:02.8', undefined],
    ['3b:02', undefined],
    ['mlx5_core.sf.2', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) t.equal(normalizePciAddress(text), expected, JSON.stringify(text));
});

t.test('libvirt address attributes, hex or decimal', async (t) => {
  const cases: [Record<string, string>, string | undefined][] = [
    [{ domain: '0x0000', bus: '0x3b', slot: '0x02', function: '0x1' }, '0000:3b:02.1'],
    [{ domain: '0', bus: '59', slot: '2', function: '1' }, '0000:3b:02.1'],
    [{ bus: '0x3b', slot: '0x02', function: '0x1' }, '0000:3b:02.1'],
    [{ domain: '0x0000', bus: '0x3b', slot: '0x20', function: '0x1' }, undefined],
    [{ domain: '0x0000', bus: '0x3b', slot: '0x02', function: '0x8' }, undefined],
    [{ domain: '0x0000', bus: '0x3b', slot: '0x02' }, undefined],
    [{ domain: '0x0000', bus: 'x', slot: '0x02', function: '0x1' }, undefined],
  ];
  for (const [parts, expected] of cases) t.equal(pciAddressFromParts(parts), expected, JSON.stringify(parts));
});

t.test('JSON without throws: cut off told apart from malformed', async (t) => {
  const cases: [string, string][] = [['{"a":[1,', 'ESHORT'], ['{"a":"x', 'ESHORT'], ['{"a":1', 'ESHORT'], ['{"a" 1}', 'EPARSE'], ['  ', 'EEMPTY'], ['{"a":1}', 'ok']];
  for (const [text, expected] of cases) {
    const result = parseJson(text);
    t.equal((isIssue(result) ? result.code : 'ok'), expected, text);
  }
  t.equal(shown('a\u0000b\nc'), '"a b c"', 'control characters never reach a detail');
  t.equal(shown('x'.repeat(50)), `"${'x'.repeat(40)}…"`);
});
