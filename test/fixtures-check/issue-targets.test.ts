// The "Issue 16 targets" summary that `npm run bench` ends with: each target judged on the figure it names (the
// ratio to the peer, or ours alone), a row for every point of a target, and a missing figure said, not hidden.

import t from 'tap';
import { ISSUE_TARGETS, SCRAPE_SIZES, summaryRow, summaryTable, type IssueTarget } from '../../bench/support/issue-targets.js';

const cells = (target: IssueTarget, at: string | undefined, ours: number, peer?: number) =>
  summaryRow(target, at, { target: 'scrape-median', ours, ...(peer === undefined ? {} : { peer }) });

t.test('a ratio target is judged on ours ÷ peer, its limit included', async (t) => {
  const median = ISSUE_TARGETS['scrape-median'];
  t.same(cells(median, '64 VFs', 50, 100), ['scrape median, 64 VFs', '50.0 ms', '100.0 ms', '0.50×', '≤ 0.5×', 'yes']);
  t.equal(cells(median, '64 VFs', 51, 100)[5], 'no');
});

t.test('an absolute target is judged on ours alone, whatever the peer', async (t) => {
  const rss = ISSUE_TARGETS['rss-after-scrapes'];
  t.same(cells(rss, undefined, 90, 300), ['RSS after 100 back-to-back scrapes, 1,024 VFs', '90.0 MiB', '300.0 MiB', '0.30×', '≤ 80 MiB', 'no']);
  t.equal(cells(rss, undefined, 80, 10)[5], 'yes');
});

t.test('the peer is named when it is not node_exporter, and a figure without a limit is not judged', async (t) => {
  t.same(cells(ISSUE_TARGETS['check-openat'], undefined, 4000, 28000), ['sriov-check system calls: openat', '4000 calls', '28000 calls (lspci -vvv)', '0.14×', '–', '–']);
});

t.test('a text figure is shown as it is', async (t) => {
  const row = summaryRow(ISSUE_TARGETS['first-scrape-failures'], undefined, { target: 'first-scrape-failures', ours: 1, peer: 0, oursText: '1 of 5: vf_queues', peerText: '0 of 1' });
  t.same(row.slice(1), ['1 of 5: vf_queues', '0 of 1', '–', '≤ 0 collectors', 'no']);
});

t.test('the table has a row for every target and point, and says which were not measured', async (t) => {
  const table = summaryTable([{ target: 'scrape-median', at: '1,024 VFs', ours: 100, peer: 185 }]);
  const rows = table.split('\n').slice(2);
  const expected = Object.values(ISSUE_TARGETS).reduce((n, target: IssueTarget) => n + (target.points?.length ?? 1), 0);
  t.equal(rows.length, expected, 'one row per target and point');
  t.ok(rows.includes('| scrape median, 1,024 VFs | 100.0 ms | 185.0 ms | 0.54× | ≤ 0.5× | no |'), 'the measured point');
  for (const size of SCRAPE_SIZES.filter((s) => s !== '1,024 VFs')) {
    t.ok(rows.includes(`| scrape median, ${size} | not measured | – | – | ≤ 0.5× | – |`), `${size} not measured`);
  }
});
