// The readiness page: verdict first, the PFs, each check to act on with its fix, the VFs; self-contained and
// escaped. Rendered by a real browser (headless chromium): the DOM it builds holds the verdict, every failing
// check id and its fix, and nothing a hostile VM or interface name tried to inject; screenshots at desktop and
// phone widths are kept in test-artifacts/html/ (git-ignored) for a person to look at.

import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderHtml } from '../../src/report/render-html.js';
import { viewReport, type ReportView, type VfConsumer } from '../../src/report/report-view.js';
import { fixtureReport, withConsumers } from '../support/fixture-report.js';
import { dumpDom, screenshot } from '../support/headless-browser.js';
import { skipWithout } from '../support/required-tools.js';
import { REPO } from '../support/run-cli.js';

const ARTIFACTS = path.join(REPO, 'test-artifacts/html');

/** Visible text of markup: tags out, the entities this page uses decoded, spaces collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    // Block and cell boundaries are spaces to a reader; inline tags (code, strong) are not.
    .replace(/<\/?(td|th|tr|p|li|h\d|table|thead|tbody|section|div|ol|ul|details|summary|main|body|title)\b[^>]*>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
/** A fix as the page shows it: `code spans` lose their backticks. */
const shown = (text: string) => text.replace(/`/g, '').replace(/\s+/g, ' ');

const EVIL = '<script>document.body.setAttribute("data-pwned","1")</script><img src=x onerror="document.body.setAttribute(\'data-pwned\',\'2\')">';

/** amd-epyc-no-ir with VMs holding its VFs, one VM and one interface named to inject markup. */
async function hostileView(): Promise<ReportView> {
  const report = await fixtureReport('amd-epyc-no-ir');
  const base = viewReport(report);
  const consumers = new Map<string, VfConsumer>(base.vfs.map((vf, i) => [vf.pciAddress, i === 0 ? { kind: 'vm', name: `web01${EVIL}` } : { kind: 'none' }]));
  const view = viewReport(withConsumers(report, consumers));
  return { ...view, pfs: view.pfs.map((pf, i) => (i === 0 ? { ...pf, subject: `eth${EVIL}` } : pf)) };
}

t.test('order: verdict, PFs, checks to act on, VFs; every actionable check with its fix', async (t) => {
  const view = viewReport(await fixtureReport('vtd-off-bios'));
  const html = renderHtml({ view });
  const at = (marker: string) => html.indexOf(marker);
  t.ok(at('id="verdict"') > 0 && at('id="verdict"') < at('id="pfs"') && at('id="pfs"') < at('id="checks"') && at('id="checks"') < at('id="vfs"'), 'sections in order');
  t.match(html, /<title>SR-IOV readiness: NOT READY — /);
  const text = textOf(html);
  t.match(text, /Verdict: NOT READY — \d+ failed/);
  const failing = view.checks.filter((c) => c.status === 'fail');
  t.ok(failing.length > 0, 'the host has failures');
  for (const c of view.checks.filter((x) => x.status !== 'pass' && x.status !== 'skip')) {
    t.ok(text.includes(`${c.status.toUpperCase()} ${c.id}`), `${c.id} on ${c.subject} is listed with its status word`);
    if (c.remediation) t.ok(text.includes(`Fix: ${shown(c.remediation)}`), `its fix is shown`);
  }
  t.match(text, /Free VFs are unknown: who holds each VF was not read\./);
});

t.test('self-contained: no script, no external stylesheet, image, font or frame', async (t) => {
  const html = renderHtml({ view: await hostileView(), links: [{ href: '/metrics', label: 'metrics' }] });
  t.notMatch(html, /<script/i);
  t.notMatch(html, /<(img|iframe|link|object|embed)\b/i);
  t.notMatch(html, /url\(|@import|https?:\/\//i);
  const tags = html.match(/<[^>]+>/g) ?? [];
  t.notOk(tags.some((tag) => /\son\w+=/i.test(tag)), 'no event handler attribute in any tag');
  t.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
});

t.test('hostile names are text', async (t) => {
  const html = renderHtml({ view: await hostileView() });
  t.match(html, /data-label="held by">vm web01&lt;script&gt;/);
  t.match(html, /eth&lt;script&gt;document\.body\.setAttribute\(&quot;data-pwned&quot;,&quot;1&quot;\)&lt;\/script&gt;&lt;img src=x onerror=&quot;/);
  t.match(textOf(html), `vm web01${EVIL}`, 'the name reads as it was given');
});

t.test('before the first run: the verdict is not known yet, and says why', (t) => {
  const html = renderHtml({ pending: 'the first run of the readiness checks has not completed yet', collectors: [{ name: 'inventory', state: 'failed', detail: 'EACCES <x>', help: 'PFs' }] });
  t.match(textOf(html), /Verdict: NOT KNOWN YET — the first run of the readiness checks has not completed yet/);
  t.match(textOf(html), /inventory FAILED: EACCES <x>/);
  t.notMatch(html, /id="pfs"/);
  t.end();
});

t.test('in a real browser', { skip: skipWithout(t, 'chromium') }, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sriov-page-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

  await t.test('not-ready host: the DOM holds the verdict, each failing check id and its fix', async (t) => {
    const view = viewReport(await fixtureReport('vtd-off-bios'));
    const file = path.join(dir, 'vtd-off-bios.html');
    fs.writeFileSync(file, renderHtml({ view }));
    const text = textOf(await dumpDom(file));
    t.match(text, /Verdict: NOT READY/);
    for (const c of view.checks.filter((x) => x.status === 'fail')) {
      t.ok(text.includes(c.id), `${c.id} is in the DOM`);
      t.ok(text.includes(shown(c.remediation ?? '')), `its fix is in the DOM`);
    }
    await screenshot(file, 1280, 1000, path.join(ARTIFACTS, 'vtd-off-bios-desktop.png'));
    await screenshot(file, 390, 1400, path.join(ARTIFACTS, 'vtd-off-bios-phone.png'));
    for (const png of ['vtd-off-bios-desktop.png', 'vtd-off-bios-phone.png']) {
      t.equal(fs.readFileSync(path.join(ARTIFACTS, png)).subarray(1, 4).toString(), 'PNG', `${png} written`);
    }
  });

  await t.test('hostile names: nothing runs, the names show as text', async (t) => {
    const file = path.join(dir, 'hostile.html');
    fs.writeFileSync(file, renderHtml({ view: await hostileView() }));
    const dom = await dumpDom(file);
    const tags = dom.match(/<[^>]+>/g) ?? [];
    t.notOk(tags.some((tag) => tag.includes('data-pwned')), 'no injected script or handler ran (no element got the attribute)');
    t.notMatch(dom, /<img/i, 'no element was injected');
    t.ok(textOf(dom).includes(`vm web01${EVIL}`), 'the VM name is shown as given');
    await screenshot(file, 390, 1400, path.join(ARTIFACTS, 'hostile-phone.png'));
  });
});
