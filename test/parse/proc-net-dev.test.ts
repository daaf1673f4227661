import t from 'tap';
import { parseProcNetDev } from '../../src/parse/proc-net-dev.js';
import { parsedValue } from '../support/parsed.js';

// Real /proc/net/dev of the virtual machine this project was written on (kernel 6.x format "%6s: %7llu").
const THIS_HOST = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  ifb1:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
  eth0: 563139869   17744    0    0    0     0          0         0  2498780   14167    0    0    0     0       0          0
`;

t.test('every netdev of the real capture, in file order', async (t) => {
  const result = parsedValue(parseProcNetDev(THIS_HOST));
  t.strictSame([...result.netdevs.keys()], ['lo', 'ifb0', 'ifb1', 'eth0']);
  t.strictSame(result.netdevs.get('eth0'), {
    receive: { bytes: 563139869, packets: 17744, errors: 0, dropped: 0, multicast: 0 },
    transmit: { bytes: 2498780, packets: 14167, errors: 0, dropped: 0 },
  });
  t.strictSame(result.problems, []);
});

t.test('each column lands where it belongs (distinct values per column)', async (t) => {
  const line = '  ens2f0v3: 11 12 13 14 15 16 17 18 21 22 23 24 25 26 27 28\n';
  const result = parsedValue(parseProcNetDev(THIS_HOST.split('\n').slice(0, 2).join('\n') + '\n' + line));
  t.strictSame(result.netdevs.get('ens2f0v3'), {
    receive: { bytes: 11, packets: 12, errors: 13, dropped: 14, multicast: 18 },
    transmit: { bytes: 21, packets: 22, errors: 23, dropped: 24 },
  });
});

t.test('old kernels: no space after the colon when the number is wide', async (t) => {
  const old = `${THIS_HOST.split('\n').slice(0, 2).join('\n')}
  eth0:2716478310 3461617    0    0    0     0          0      1204 12345678  45678    0    0    0     0       0          0
enp59s0f0np0:18446744073709551615 9 0 0 0 0 0 0 1 1 0 0 0 0 0 0
`;
  const result = parsedValue(parseProcNetDev(old));
  t.equal(result.netdevs.get('eth0')?.receive.bytes, 2716478310);
  t.equal(result.netdevs.get('eth0')?.receive.multicast, 1204);
  t.equal(result.netdevs.get('enp59s0f0np0')?.receive.bytes, 2 ** 64, 'a name longer than 6 characters, u64 max');
  t.strictSame(result.problems, []);
});

t.test('malformed lines are skipped and named; the rest is kept', async (t) => {
  const text = `${THIS_HOST.split('\n').slice(0, 3).join('\n')}
  bad0: 1 2 3
  bad1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x
no colon at all
   : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16
  eth0: 1 2 3 4 5 6 7 8`;
  const result = parsedValue(parseProcNetDev(text));
  t.strictSame([...result.netdevs.keys()], ['lo']);
  t.equal(result.netdevs.get('lo')?.receive.bytes, 3193, 'the first lo is kept');
  t.match(result.problems, [
    { code: 'EPARSE', detail: /^line 4: expected "name: 16 counters"/ },
    { code: 'EPARSE', detail: /^line 5: expected/ },
    { code: 'EPARSE', detail: /^line 6: expected/ },
    { code: 'EPARSE', detail: /^line 7: expected/ },
    { code: 'EPARSE', detail: /^line 8: lo repeated/ },
    { code: 'ESHORT', detail: /^last line has no newline/ },
  ]);
  t.equal(result.problems.length, 6);
});

t.test('not /proc/net/dev, empty, header only', async (t) => {
  for (const text of ['', '\u0001\u0002garbage\u00ff\n', 'Inter-|   Receive\n', '[{"ifname":"lo"}]\n']) {
    const result = parseProcNetDev(text);
    t.match(result, { kind: 'issue', code: 'EPARSE', detail: /^not \/proc\/net\/dev/ }, JSON.stringify(text));
  }
  const headerOnly = parseProcNetDev(THIS_HOST.split('\n').slice(0, 2).join('\n') + '\n');
  t.strictSame(headerOnly, { netdevs: new Map(), problems: [] });
});
