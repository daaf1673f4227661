// VFs removed and created while scrapes run: a separate process takes the 64 VFs of one PF away and brings
// them back over and over (sriov_numvfs 64 → 0 → 64, links and directories vanishing in the middle of the
// exporter's reads), while the test scrapes at least 500 times. Every scrape must answer 200 with
// consistent data, where consistent means:
//   - every line is a well-formed sample and no series appears twice;
//   - every series with a `pf` label names a PF of sriov_pf_info in the same scrape;
//   - every per-VF series names a VF of sriov_vf_info in the same scrape (same pf, vf and pci_address), at
//     the address the kernel gives VF `vf` of that PF;
//   - when the inventory collector succeeded, sriov_pf_vfs_enabled of each PF equals its number of
//     sriov_vf_info series; when they disagree the inventory collector is marked failed and says why;
//   - the other PF, left alone, is complete in every scrape.
// And the process survives it all: no HTTP 500, no unhandled rejection.

import t from 'tap';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { syntheticHost } from '../support/synthetic-host.js';
import { writeSyntheticCommands } from '../support/synthetic-commands.js';
import { buildTempHost } from '../support/exporter-host.js';
import { find, parseExposition, startExporter, type Series } from '../support/exporter-server.js';
import { churnScript, planChurn, restoreAll } from '../support/vf-churn.js';
import { COLLECTOR_NAMES } from '../support/scrape-compare.js';

// Many exporter and program starts: allow a loaded machine (2 cores shared) more than tap's default per-file limit.
t.setTimeout(600_000);

const SCRAPES = 500;
const VFS = 64;
const CHURNED_PF = { label: 'ens1f0', address: '0000:10:00.0' };
const STEADY_PF = { label: 'ens1f1', address: '0000:10:00.1' };

/** What is wrong with one scrape's series; empty when consistent. */
function inconsistencies(series: readonly Series[], expectedAddress: ReadonlyMap<string, string>): string[] {
  const wrong: string[] = [];
  const seen = new Set<string>();
  for (const s of series) {
    const key = `${s.name}${JSON.stringify(s.labels)}`;
    if (seen.has(key)) wrong.push(`duplicate series ${key}`);
    seen.add(key);
  }
  const pfs = new Set(find(series, 'sriov_pf_info').map((s) => s.labels.pf));
  const vfs = new Set(find(series, 'sriov_vf_info').map((s) => `${s.labels.pf}/${s.labels.vf}/${s.labels.pci_address}`));
  for (const s of series) {
    if (!s.name.startsWith('sriov_') || s.labels.pf === undefined) continue;
    if (!pfs.has(s.labels.pf)) wrong.push(`${s.name}: PF ${s.labels.pf} is not in sriov_pf_info`);
    if (!s.name.startsWith('sriov_vf_')) continue;
    const vf = `${s.labels.pf}/${s.labels.vf}/${s.labels.pci_address}`;
    if (!vfs.has(vf)) wrong.push(`${s.name}: VF ${vf} is not in sriov_vf_info`);
    if (expectedAddress.get(`${s.labels.pf}/${s.labels.vf}`) !== s.labels.pci_address) wrong.push(`${s.name}: VF ${vf} is not at the kernel's address`);
  }
  const inventoryOk = find(series, 'sriov_exporter_collector_success', { collector: 'inventory' })[0]?.value === 1;
  for (const enabled of find(series, 'sriov_pf_vfs_enabled')) {
    const listed = find(series, 'sriov_vf_info', { pf: enabled.labels.pf as string }).length;
    if (inventoryOk && listed !== enabled.value) wrong.push(`${enabled.labels.pf}: ${enabled.value} VFs enabled, ${listed} listed, inventory succeeded`);
  }
  if (find(series, 'sriov_exporter_collector_success').length !== COLLECTOR_NAMES.length) wrong.push('a collector has no success series');
  return wrong;
}

t.test(`${SCRAPES} scrapes while the VFs of one PF are removed and created again`, async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  t.teardown(() => process.off('unhandledRejection', onUnhandled));

  // The VFs' driver is one whose ethtool counter names the exporter does not read: each VF that comes back
  // would otherwise cost an ethtool run (ethtool failures are tested in failing-programs.test.ts); their
  // netdevs and queue directories still come and go with them.
  const iavf = syntheticHost({ pfs: 2, vfsPerPf: VFS, queues: 1 });
  const spec = { ...iavf, pfs: iavf.pfs?.map((pf) => ({ ...pf, vfDefaults: { driver: 'igbvf' } })) };
  const commands = writeSyntheticCommands(spec, fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-churn-commands-')));
  t.teardown(() => fs.rmSync(path.dirname(commands.ipJson), { recursive: true, force: true }));
  const pristine = buildTempHost(spec, 'sriov-churn-pristine-');
  t.teardown(() => pristine.remove());
  const exporter = await startExporter(t, { spec, ipJson: commands.ipJson }, { fake: { ethtoolDir: commands.ethtoolDir } });
  const plan = planChurn(pristine.root, exporter.root, CHURNED_PF.address);
  t.equal(plan.vfs.length, VFS);
  const expectedAddress = new Map([
    ...plan.vfs.map((vf, i) => [`${CHURNED_PF.label}/${i}`, vf.address] as const),
    ...planChurn(pristine.root, exporter.root, STEADY_PF.address).vfs.map((vf, i) => [`${STEADY_PF.label}/${i}`, vf.address] as const),
  ]);

  // The churning process: Node with this process's loader flags, so that it can import the TypeScript helper.
  const churn = spawn(process.execPath, [...process.execArgv, '--input-type=module', '-e', churnScript(), JSON.stringify(plan)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let cycles = 0;
  churn.stdout.setEncoding('utf8').on('data', (text: string) => (cycles = Number(text.trim().split('\n').pop())));
  const exited = new Promise((resolve) => churn.once('exit', resolve));
  t.teardown(() => churn.kill('SIGKILL'));
  // The first cycle's output says it runs (it may need a second to load); polled, with a budget.
  for (let i = 0; i < 3000 && cycles === 0 && churn.exitCode === null; i++) await exporter.scrape();
  t.ok(cycles > 0, 'the churning process completed a cycle');

  const statuses = new Map<number, number>();
  const problems: string[] = [];
  const counts = { inventoryFailed: 0, partial: 0, empty: 0, full: 0 };
  for (let i = 0; i < SCRAPES; i++) {
    const { status, body } = await exporter.scrape();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    if (status !== 200) continue;
    let series: Series[];
    try {
      series = parseExposition(body);
    } catch (error) {
      problems.push(`scrape ${i}: ${(error as Error).message}`);
      continue;
    }
    problems.push(...inconsistencies(series, expectedAddress).map((p) => `scrape ${i}: ${p}`));
    if (find(series, 'sriov_vf_info', { pf: STEADY_PF.label }).length !== VFS) problems.push(`scrape ${i}: the steady PF lost VFs`);
    if (find(series, 'sriov_exporter_collector_success', { collector: 'inventory' })[0]?.value === 0) counts.inventoryFailed++;
    const churned = find(series, 'sriov_vf_info', { pf: CHURNED_PF.label }).length;
    if (churned === 0) counts.empty++;
    else if (churned === VFS) counts.full++;
    else counts.partial++;
  }
  churn.kill('SIGKILL');
  await exited;

  t.strictSame([...statuses], [[200, SCRAPES]], 'every scrape answered 200');
  t.strictSame(problems.slice(0, 10), [], 'every scrape consistent');
  t.strictSame(unhandled, [], 'no unhandled rejection');
  t.ok(counts.partial > 0, `scrapes saw VFs half gone or half back (${JSON.stringify(counts)}, ${cycles} cycles)`);
  t.ok(counts.inventoryFailed > 0, 'and the inventory collector said so');
  t.ok(
    exporter.logs.some((l) => l.includes(`${CHURNED_PF.address}/sriov_numvfs: changed while read (${VFS} VFs enabled, `) && l.includes('found (VFs being created or removed?)')),
    'with the cause in the log',
  );

  // Afterwards every VF is found again.
  restoreAll(plan);
  const after = parseExposition((await exporter.scrape()).body);
  t.equal(find(after, 'sriov_vf_info').length, 2 * VFS, 'all VFs back');
  t.equal(find(after, 'sriov_exporter_collector_success', { collector: 'inventory' })[0]?.value, 1, 'inventory succeeds again');
  t.equal(find(after, 'sriov_vf_receive_bytes_total').length, 2 * VFS, 'with their counters');
});
