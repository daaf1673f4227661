// sriov-check on this machine's real `/`: the CI and development machines are VMs without SR-IOV NICs,
// so the run must complete, find no PF, and say not ready. (Skipped on a machine that has a PF.)

import t from 'tap';
import * as fs from 'node:fs';
import { runCheck } from '../support/run-cli.js';

const hasPf = (() => {
  try {
    return fs.readdirSync('/sys/bus/pci/devices').some((d) => fs.existsSync(`/sys/bus/pci/devices/${d}/sriov_totalvfs`));
  } catch {
    return false;
  }
})();

t.test('the live host: completes, no SR-IOV NIC, not ready', { skip: hasPf ? 'this machine has an SR-IOV PF' : false }, async (t) => {
  const result = await runCheck(['--output', 'json']);
  t.equal(result.stderr, '');
  t.equal(result.code, 1, 'exit 1: not ready');
  const report = JSON.parse(result.stdout) as { verdict: string; host: { source: { live: boolean } }; pfs: unknown[]; checks: { id: string; status: string; summary: string }[] };
  t.equal(report.verdict, 'not-ready');
  t.equal(report.host.source.live, true);
  t.same(report.pfs, []);
  t.match(report.checks.find((c) => c.id === 'nic.pf.present'), { status: 'fail', summary: /no SR-IOV capable network function/ });
});
