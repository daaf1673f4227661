// scripts/collect-hyperv.ps1 and the document reader agree: the keys the script writes are the reader's keys,
// every property it selects is one the reader reads, and every property the reader reads is selected. PowerShell
// does not run on this machine (no Windows, and neither Debian nor npm packages pwsh), so the script is read as
// text here; its traps are handled in its own code, each with a comment.

import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DOCUMENT_KEYS, normalizeHypervDocument } from '../../src/parse/hyperv-document.js';
import { isIssue } from '../../src/fact.js';
import { collectorScript } from '../../src/readers/hyperv-collector.js';
import { REPO } from '../support/run-cli.js';

const SCRIPT = fs.readFileSync(path.join(REPO, 'scripts/collect-hyperv.ps1'), 'utf8');

/** The script block of each `$document.<key> = Invoke-Source '<key>' { … }`, by key. */
function sourceBlocks(script: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of script.matchAll(/\$document\.(\w+) = Invoke-Source '(\w+)' \{/g)) {
    const start = (match.index ?? 0) + match[0].length;
    blocks.set(match[1] as string, script.slice(start, closingBrace(script, start)));
    if (match[1] !== match[2]) throw new Error(`$document.${match[1]} is reported as ${match[2]}`);
  }
  return blocks;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error('unbalanced braces');
}

/** Property names after Select-Object: plain names and the Name of calculated properties. */
function selectedProperties(block: string): string[] {
  const at = block.indexOf('Select-Object');
  if (at < 0) return [];
  let rest = block.slice(at + 'Select-Object'.length);
  const names: string[] = [];
  // Calculated properties @{ Name = 'X'; Expression = { … } } → X.
  for (;;) {
    const open = rest.indexOf('@{');
    if (open < 0) break;
    const close = closingBrace(rest, open + 2);
    const name = /Name\s*=\s*'(\w+)'/.exec(rest.slice(open, close))?.[1];
    rest = `${rest.slice(0, open)} ${name ?? ''} ${rest.slice(close + 1)}`;
  }
  // Names separated by commas; a name without a comma after it ends the list.
  const item = /^\s*([A-Z][A-Za-z]+)\s*(,?)/;
  for (let match = item.exec(rest); match; match = item.exec(rest)) {
    names.push(match[1] as string);
    if (match[2] !== ',') break;
    rest = rest.slice(match[0].length);
  }
  return names;
}

// A value of the right type for each property the script selects.
const SAMPLE: Readonly<Record<string, unknown>> = {
  IovSupport: true, IovSupportReasons: ['r'], Name: 'n', SwitchType: 'External', IovEnabled: true, IovVirtualFunctionCount: 8,
  IovVirtualFunctionsInUse: 1, IovQueuePairCount: 16, IovQueuePairsInUse: 1, EmbeddedTeamingEnabled: false,
  NetAdapterInterfaceDescription: 'd', NetAdapterInterfaceDescriptions: ['d'], InterfaceDescription: 'd', Enabled: true,
  SriovSupport: 1, SwitchName: 's', NumVFs: 8, NumAllocatedVFs: 1, NumVPorts: 16, NumActiveVPorts: 2,
  NumQueuePairsForDefaultVPort: 4, NumQueuePairsForNonDefaultVPorts: 1, FunctionID: 0, VmFriendlyName: 'vm', VmID: 'id',
  VmNicID: 'nic', CurrentMacAddress: '00-15-5D-00-00-01', PermanentMacAddress: '00-15-5D-00-00-01', VPortID: [1], VMName: 'vm',
  IovWeight: 100, IovQueuePairsRequested: 1, IovQueuePairsAssigned: 1, IovInterruptModeration: 'Default', IovUsage: 1,
  VFDataPathActive: true, Status: ['Ok'], StatusDescription: ['OK'], Manufacturer: 'GenuineIntel', VirtualizationFirmwareEnabled: true,
  SecondLevelAddressTranslationExtensions: true, VMMonitorModeExtensions: true, HyperVisorPresent: true,
  HyperVRequirementDataExecutionPreventionAvailable: true, HyperVRequirementSecondLevelAddressTranslation: true,
  HyperVRequirementVirtualizationFirmwareEnabled: true, HyperVRequirementVMMonitorModeExtensions: true,
};
// Selected for the reader of the document (an operator, a later check), not read by any decision yet.
const SELECTED_NOT_READ = new Set(['sriovVfs.VPortID', 'cpu.Manufacturer']);

const blocks = sourceBlocks(SCRIPT);

t.test('the script writes exactly the document keys, schema and psVersion first', async (t) => {
  t.match(SCRIPT, /\$document = \[ordered\] @\{\s*schema\s*=\s*\$SchemaVersion\s*psVersion\s*=\s*\$PSVersionTable\.PSVersion\.ToString\(\)\s*\}/);
  t.strictSame(['schema', 'psVersion', ...blocks.keys()], [...DOCUMENT_KEYS]);
});

t.test('every selected property is read, and every property read is selected', async (t) => {
  const document: Record<string, unknown> = { schema: 1, psVersion: '5.1.20348.1' };
  for (const [key, block] of blocks) {
    const names = selectedProperties(block);
    t.ok(names.length >= 2, `${key} selects properties (${names.join(', ')})`);
    const record: Record<string, unknown> = {};
    for (const name of names) {
      t.ok(name in SAMPLE, `${key}.${name} has a sample value in this test`);
      record[name] = SAMPLE[name];
    }
    document[key] = key === 'vmhost' || key === 'computer' ? record : [record];
  }
  const result = normalizeHypervDocument(document);
  t.ok(result.ok);
  if (!result.ok) return;
  t.strictSame(result.document.notes, [], 'no key ignored');
  for (const key of blocks.keys()) {
    const section = (result.document as unknown as Record<string, unknown>)[key];
    const record = (Array.isArray(section) ? section[0] : section) as Record<string, unknown>;
    t.ok(record && !isIssue(record), `${key} read`);
    // Every field the reader has for this section was filled from a selected property.
    for (const [field, value] of Object.entries(record)) {
      if (field === 'path') continue;
      t.ok(value !== undefined && !isIssue(value), `${key}.${field} comes from a selected property`);
    }
    const selected = selectedProperties(blocks.get(key) as string).filter((n) => !SELECTED_NOT_READ.has(`${key}.${n}`));
    t.equal(Object.keys(record).length - 1, selected.length, `${key}: as many fields as properties selected`);
  }
});

t.test('the traps the script must handle are handled', async (t) => {
  t.match(SCRIPT, /if \(-not \(Get-Module -ListAvailable -Name 'Hyper-V'\)\) \{[^}]*exit \$ExitNoHyperV/, 'no Hyper-V module: a clear message and its own exit code');
  t.match(SCRIPT, /\$ExitNoHyperV = 3/);
  const depth = Number(/ConvertTo-Json -Depth (\d+)/.exec(SCRIPT)?.[1]);
  t.ok(depth >= 4, `ConvertTo-Json -Depth ${depth}: lists of strings inside list items survive`);
  t.match(SCRIPT, /Remove-TypeData -TypeName System\.Array/, "5.1's {value, Count} arrays");
  t.match(SCRIPT, /return , \$result/, 'lists leave Invoke-Source without being unrolled');
  for (const [key, block] of blocks) {
    if (key !== 'vmhost' && key !== 'computer') t.match(block, /, @\(/, `${key} is always a list`);
  }
  t.match(blocks.get('vnics'), /Get-VMNetworkAdapter -VMName \*/, 'every VM, without the management OS adapters');
  const code = codeLines(SCRIPT);
  for (const cmdlet of ['Get-VMHost', 'Get-VMSwitch', 'Get-VMNetworkAdapter', 'Get-NetAdapterSriov', 'Get-NetAdapterSriovVf', 'Get-CimInstance', 'Get-ComputerInfo']) {
    const calls = [...code.matchAll(new RegExp(`([\\w.-]+\\\\)?${cmdlet}(?![\\w-])`, 'g'))];
    t.ok(calls.length > 0, `${cmdlet} is called`);
    for (const m of calls) t.ok(m[1] !== undefined, `${cmdlet} is module-qualified as ${m[0]} (PowerCLI has a Get-VMHost too)`);
  }
  t.notMatch(code, /Get-WmiObject/, 'PowerShell 7 has no Get-WmiObject');
  t.match(SCRIPT, /\$ProgressPreference = 'SilentlyContinue'/);
  t.match(SCRIPT, /UTF8Encoding \$false/, 'UTF-8 without BOM, whatever the console code page');
});

/** The script without its help block and comment lines. */
function codeLines(script: string): string {
  return script
    .slice(script.indexOf('#>') + 2)
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
}

t.test('the programs find the shipped script: in the package, beside the single executable, or in /usr/share', async (t) => {
  t.equal(collectorScript(), path.join(REPO, 'scripts/collect-hyperv.ps1'), 'from the sources (and the npm package): scripts/ at the root');
  const unpacked = t.testdir({ 'sriov-exporter': '', scripts: { 'collect-hyperv.ps1': SCRIPT } });
  t.equal(collectorScript({ sea: true, execPath: path.join(unpacked, 'sriov-exporter') }), path.join(unpacked, 'scripts/collect-hyperv.ps1'), 'the .tar.gz: beside the executable');
  t.equal(collectorScript({ sea: true, execPath: '/usr/bin/sriov-exporter' }), '/usr/share/sriov-exporter/scripts/collect-hyperv.ps1', 'the .deb and .rpm');
});
