import t from 'tap';
import { type EthtoolDriverInfo, parseEthtoolDriverInfo } from '../../src/parse/ethtool-driver-info.js';
import { recorded } from './recorded.js';

t.test('every recorded ethtool -i', async (t) => {
  const cases: Array<[string, EthtoolDriverInfo]> = [
    ['ens2f0v3', { driver: 'iavf', version: '4.18.0-310.el8.x86_64', firmwareVersion: 'N/A', expansionRomVersion: undefined, busInfo: '0000:37:01.3' }],
    ['enp2s0f0v0', { driver: 'iavf', version: '6.12.41', firmwareVersion: 'N/A', expansionRomVersion: undefined, busInfo: '0000:02:02.0' }],
    ['ens2f0', { driver: 'ice', version: '1.11.16', firmwareVersion: '4.20 0x8001778b 1.3346.0', expansionRomVersion: undefined, busInfo: '0000:37:00.0' }],
    ['ens1f0v1', { driver: 'mlx5_core', version: '6.1.0-18-amd64', firmwareVersion: '16.35.2000 (MT_0000000425)', expansionRomVersion: undefined, busInfo: '0000:3b:00.3' }],
    ['ens3', { driver: 'ixgbevf', version: '3.2.2-k-rh7.4', firmwareVersion: undefined, expansionRomVersion: undefined, busInfo: '0000:00:03.0' }],
    ['s1p1', { driver: 'bnxt_en', version: '1.10.0', firmwareVersion: '214.0.191.0', expansionRomVersion: undefined, busInfo: '0000:01:09.0' }],
    ['eth0', { driver: 'virtio_net', version: '1.0.0', firmwareVersion: undefined, expansionRomVersion: undefined, busInfo: '0000:00:03.0' }],
  ];
  for (const [netdev, expected] of cases) t.strictSame(parseEthtoolDriverInfo(recorded(`ethtool/${netdev}.info`)), expected, netdev);
});

t.test('older ethtool without expansion-rom-version, and a truncated kernel-release version', async (t) => {
  // AWS ixgbevf (ethtool.txt §5) and RHEL 9.2 RT ice (§4): the version is cut at 31 characters.
  t.strictSame(parseEthtoolDriverInfo('driver: ixgbevf\nversion: 4.0.3\nfirmware-version: N/A\nbus-info: 0000:00:03.0\nsupports-statistics: yes\n'), {
    driver: 'ixgbevf', version: '4.0.3', firmwareVersion: 'N/A', expansionRomVersion: undefined, busInfo: '0000:00:03.0',
  });
  t.equal(parseEthtoolDriverInfo('driver: ice\nversion: 5.14.0-284.55.1.rt14.340.el9_2.\n')?.version, '5.14.0-284.55.1.rt14.340.el9_2.');
});

t.test('not ethtool -i output: undefined', async (t) => {
  for (const text of ['', '\u0001\u0002garbage\u00ff\n', 'Cannot get driver information: No such device\n', 'version: 1.0\nbus-info: 0000:00:03.0\n', 'driver:\n']) {
    t.equal(parseEthtoolDriverInfo(text), undefined, JSON.stringify(text));
  }
});

t.test('the first value of a field wins; other lines are ignored', async (t) => {
  t.equal(parseEthtoolDriverInfo('something else\ndriver: iavf\ndriver: ice\n')?.driver, 'iavf');
});
