// The Hyper-V document reader: what PowerShell's JSON does (enums as numbers or names, one object for a list,
// null and empty reasons, CIM metadata, 5.1's {value, Count}, too shallow a -Depth) and what bad input gets: a
// one-line error for a document that is no document, an issue naming the JSON path for one bad value.

import t from 'tap';
import { decodeDocumentBytes, normalizeHypervDocument, parseHypervDocument, type HypervDocument } from '../../src/parse/hyperv-document.js';
import { isIssue, type ReadIssue } from '../../src/fact.js';

function read(value: unknown): HypervDocument {
  const result = normalizeHypervDocument(value);
  if (!result.ok) throw new Error(result.error);
  return result.document;
}

const asIssue = (value: unknown): ReadIssue => {
  if (!isIssue(value)) throw new Error(`not an issue: ${JSON.stringify(value)}`);
  return value;
};

t.test('a document that is no document is refused with one line', async (t) => {
  const cases: [string, RegExp][] = [
    ['', /^not JSON: /],
    ['{"vmhost": ', /^not JSON: /],
    ['[{"IovSupport": true}]', /^expected a JSON object with the keys schema, psVersion, vmhost, .*; found a list of 1$/],
    ['"hello"', /found "hello"$/],
    ['{"schema": 1, "psVersion": "5.1"}', /^no known key in the document \(expected .*; found schema, psVersion\)$/],
    ['{"Name": "vEthernet", "IovEnabled": true}', /^no known key in the document .*found Name, IovEnabled\)$/],
  ];
  for (const [text, error] of cases) {
    const result = parseHypervDocument(text);
    t.equal(result.ok, false, JSON.stringify(text));
    if (!result.ok) {
      t.match(result.error, error);
      t.notMatch(result.error, /\n/, 'one line');
    }
  }
});

t.test('a source that is absent or null was not collected: undefined, never empty', async (t) => {
  const doc = read({ vmhost: { IovSupport: true }, switches: null });
  t.equal(doc.switches, undefined, 'null');
  t.equal(doc.sriov, undefined, 'absent');
  t.strictSame(read({ switches: [] }).switches, [], 'an empty list stays empty: no switch at all');
});

t.test('one object where a list is expected is a list of one; 5.1 {value, Count} is a list', async (t) => {
  const one = read({ switches: { Name: 'SR-IOV', IovEnabled: true } });
  t.equal(Array.isArray(one.switches) && one.switches.length, 1);
  t.equal(Array.isArray(one.switches) ? one.switches[0]?.path : '', 'switches', 'the path of a lone object has no index');
  const wrapped = read({ sriov: { value: [{ Name: 'a' }, { Name: 'b' }], Count: 2 } });
  t.strictSame(Array.isArray(wrapped.sriov) ? wrapped.sriov.map((a) => [a.name, a.path]) : [], [['a', 'sriov[0]'], ['b', 'sriov[1]']]);
  const host = read({ vmhost: [{ IovSupport: false }] });
  t.equal(!isIssue(host.vmhost) && host.vmhost?.iovSupport, false, 'an array of one host object is that object');
});

t.test('IovSupportReasons: null, [] and absent are no reason; one string is a list of one', async (t) => {
  for (const reasons of [null, [], undefined]) {
    const doc = read({ vmhost: { IovSupport: true, ...(reasons === undefined ? {} : { IovSupportReasons: reasons }) } });
    t.strictSame(!isIssue(doc.vmhost) && doc.vmhost?.iovSupportReasons, [], JSON.stringify(reasons));
  }
  const one = read({ vmhost: { IovSupport: false, IovSupportReasons: 'text' } });
  t.strictSame(!isIssue(one.vmhost) && one.vmhost?.iovSupportReasons, ['text']);
});

t.test('a list written as "System.String[]" (ConvertTo-Json -Depth too small) is an issue, not a reason', async (t) => {
  const doc = read({ switches: [{ Name: 'x', IovSupportReasons: 'System.String[]' }] });
  const reasons = Array.isArray(doc.switches) ? doc.switches[0]?.iovSupportReasons : undefined;
  const issue = asIssue(reasons);
  t.equal(issue.path, 'switches[0].IovSupportReasons');
  t.match(issue.detail, /-Depth 4/);
});

t.test('SriovSupport as the CIM number, the cmdlet name or the MOF display name', async (t) => {
  const values = [1, '1', 'Supported', 'supported', 'NoVfBarSpace', 'Did not Get Vf BarSpace', 'No OCS Support', 'NoOscSupport', 'Missing ACS', 'MissingAcs', 9];
  const doc = read({ sriov: values.map((v, i) => ({ Name: `a${i}`, SriovSupport: v })) });
  t.strictSame(Array.isArray(doc.sriov) ? doc.sriov.map((a) => a.sriovSupport) : [], [1, 1, 1, 1, 6, 6, 7, 7, 2, 2, 9], 'an unknown number stays itself');
  const bad = read({ sriov: [{ Name: 'x', SriovSupport: 'Kaputt' }] });
  const issue = asIssue(Array.isArray(bad.sriov) ? bad.sriov[0]?.sriovSupport : undefined);
  t.equal(issue.path, 'sriov[0].SriovSupport');
  t.match(issue.detail, /expected a SriovSupport value .* found "Kaputt"/);
});

t.test('.NET enums as numbers (5.1) or names (PowerShell 7, the collector)', async (t) => {
  const doc = read({
    vnics: [
      { VMName: 'a', Status: [2], IovInterruptModeration: 100 },
      { VMName: 'b', Status: ['Ok', 'Degraded'], IovInterruptModeration: 'Adaptive' },
      { VMName: 'c', Status: 3, IovInterruptModeration: 7 },
      { VMName: 'd', Status: [] },
    ],
    switches: [{ Name: 's', SwitchType: 2 }, { Name: 't', SwitchType: 'External' }],
  });
  const vnics = Array.isArray(doc.vnics) ? doc.vnics : [];
  t.strictSame(vnics.map((v) => v.status), [['Ok'], ['Ok', 'Degraded'], ['Degraded'], []]);
  t.strictSame(vnics.map((v) => v.iovInterruptModeration), ['Low', 'Adaptive', '7', undefined]);
  t.strictSame(Array.isArray(doc.switches) ? doc.switches.map((s) => s.switchType) : [], [2, 'External'], 'VMSwitchType numbers are not guessed');
});

t.test('property names are matched without regard to case; CIM metadata and unknown keys are ignored with a note', async (t) => {
  const doc = read({
    _fixture: {},
    SRIOV: [{ name: 'a', numvfs: 8, CimClass: 'ROOT/StandardCimv2:MSFT_NetAdapterSriovSettingData', CimInstanceProperties: 'x', CimSystemProperties: 'y' }, { Name: 'b', NumVFs: 4, CimClass: 'z' }],
    computer: { HypervisorPresent: true },
  });
  t.strictSame(Array.isArray(doc.sriov) ? doc.sriov.map((a) => [a.name, a.numVfs]) : [], [['a', 8], ['b', 4]]);
  t.equal(!isIssue(doc.computer) && doc.computer?.hypervisorPresent, true, 'HypervisorPresent = HyperVisorPresent');
  t.strictSame(doc.notes, ['ignored unknown top-level keys: _fixture', 'sriov: ignored CIM metadata (CimClass, CimInstanceProperties, CimSystemProperties); Select-Object the named properties to leave it out']);
});

t.test('a value of the wrong type is an issue naming its path; the rest of the document is read', async (t) => {
  const doc = read({
    vmhost: { IovSupport: 'maybe' },
    sriov: [{ Name: 'a', NumVFs: -1, Enabled: 'True' }, { Name: 'b', NumVFs: 'lots' }],
    switches: [{ Name: 's', IovEnabled: true }, 'not an object'],
  });
  t.match(!isIssue(doc.vmhost) ? asIssue(doc.vmhost?.iovSupport) : {}, { path: 'vmhost.IovSupport', code: 'EPARSE', detail: 'expected true or false, found "maybe"' });
  const sriov = Array.isArray(doc.sriov) ? doc.sriov : [];
  t.match(asIssue(sriov[0]?.numVfs), { path: 'sriov[0].NumVFs', detail: 'expected a number ≥ 0, found -1' });
  t.equal(sriov[0]?.enabled, true, '"True" as a deserialised object may give it');
  t.match(asIssue(sriov[1]?.numVfs), { path: 'sriov[1].NumVFs', detail: 'expected a whole number, found "lots"' });
  t.match(asIssue(doc.switches), { path: 'switches[1]', detail: 'expected an object, found "not an object"' });
  t.match(asIssue(read({ cpu: 'Intel' }).cpu), { path: 'cpu', detail: 'expected a list of objects, found "Intel"' });
});

t.test('blank booleans (Get-ComputerInfo once a hypervisor runs) are not reported, not false', async (t) => {
  const doc = read({ computer: { HyperVisorPresent: true, HyperVRequirementVirtualizationFirmwareEnabled: '', HyperVRequirementSecondLevelAddressTranslation: null } });
  const computer = !isIssue(doc.computer) ? doc.computer : undefined;
  t.equal(computer?.virtualizationFirmwareEnabled, undefined);
  t.equal(computer?.secondLevelAddressTranslation, undefined);
  t.equal(computer?.vmMonitorModeExtensions, undefined, 'absent');
});

t.test('a newer schema is read, with a note', async (t) => {
  t.match(read({ schema: 2, vmhost: { IovSupport: true } }).notes, ['schema 2 is newer than 1: read as schema 1']);
  t.strictSame(read({ schema: 1, vmhost: { IovSupport: true } }).notes, []);
});

t.test('document bytes: UTF-8 with or without BOM, UTF-16LE as 5.1 `>` writes it, UTF-16BE', async (t) => {
  const json = '{"vmhost": {"IovSupport": true, "IovSupportReasons": ["Bitte das BIOS aktualisieren: Gerät ü"]}}';
  const encodings: [string, Buffer][] = [
    ['utf8', Buffer.from(json, 'utf8')],
    ['utf8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json, 'utf8')])],
    ['utf16le BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json, 'utf16le')])],
    ['utf16le', Buffer.from(json, 'utf16le')],
    ['utf16be BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(json, 'utf16le').swap16()])],
  ];
  for (const [name, bytes] of encodings) {
    const result = parseHypervDocument(decodeDocumentBytes(bytes));
    t.ok(result.ok, name);
    if (result.ok) t.strictSame(!isIssue(result.document.vmhost) && result.document.vmhost?.iovSupportReasons, ['Bitte das BIOS aktualisieren: Gerät ü'], `${name}: text intact`);
  }
});
