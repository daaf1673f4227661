// The JSON document of scripts/collect-hyperv.ps1 — or one an operator wrote by hand with the same cmdlets and
// `ConvertTo-Json` — as typed records. Pure: text in, records out, nothing thrown.
//
// What PowerShell's JSON does that this must absorb (reference/hyperv.md §1):
// - enums arrive as numbers (Windows PowerShell 5.1, PowerShell 7 without -EnumsAsStrings) or as names;
// - one switch, adapter or VM arrives as an object, not an array of one (no @() or -AsArray);
// - `IovSupportReasons` is null, [] or absent when there is no reason, a string when there is one;
// - 5.1 may write an array as {"value": [...], "Count": n};
// - a document written without Select-Object carries CIM baggage (CimClass, CimInstanceProperties…): ignored, as
//   every property is looked up by name, case-insensitively (PowerShell's own rule for property names);
// - too small a -Depth turns nested arrays into the text "System.String[]": reported, never read as a reason.
// A value that has the wrong type is a ReadIssue naming its JSON path (`sriov[0].NumVFs`); null and absent are
// `undefined` — "not reported" — never false or 0. Only a document that is not a JSON object with at least one
// known key is refused as a whole, with a one-line error.

import { type Fact, readIssue } from '../fact.js';
import { sriovSupportByName } from '../catalog/sriov-support.js';

export interface VmHostFacts {
  readonly path: string;
  readonly iovSupport: Fact<boolean>;
  /** Empty when Hyper-V gives no reason (null, [] and absent alike). */
  readonly iovSupportReasons: Fact<readonly string[]>;
}

export interface VmSwitchFacts {
  readonly path: string;
  readonly name: Fact<string>;
  /** `External`, `Internal`, `Private`; a number when the writer serialised the enum (no table maps those). */
  readonly switchType: Fact<string | number>;
  readonly iovEnabled: Fact<boolean>;
  readonly iovSupport: Fact<boolean>;
  readonly iovSupportReasons: Fact<readonly string[]>;
  readonly iovVirtualFunctionCount: Fact<number>;
  readonly iovVirtualFunctionsInUse: Fact<number>;
  readonly iovQueuePairCount: Fact<number>;
  readonly iovQueuePairsInUse: Fact<number>;
  readonly embeddedTeamingEnabled: Fact<boolean>;
  readonly netAdapterInterfaceDescription: Fact<string>;
  readonly netAdapterInterfaceDescriptions: Fact<readonly string[]>;
}

export interface SriovAdapterFacts {
  readonly path: string;
  readonly name: Fact<string>;
  readonly interfaceDescription: Fact<string>;
  readonly enabled: Fact<boolean>;
  /** The SriovSupport number (names mapped to it; see catalog/sriov-support.ts). */
  readonly sriovSupport: Fact<number>;
  /** The NIC's embedded switch ("Default Switch"), not a Hyper-V virtual switch. */
  readonly switchName: Fact<string>;
  readonly numVfs: Fact<number>;
  readonly numAllocatedVfs: Fact<number>;
  readonly numVPorts: Fact<number>;
  readonly numActiveVPorts: Fact<number>;
  readonly numQueuePairsForDefaultVPort: Fact<number>;
  readonly numQueuePairsForNonDefaultVPorts: Fact<number>;
}

export interface SriovVfFacts {
  readonly path: string;
  /** The PF adapter's name. */
  readonly name: Fact<string>;
  readonly functionId: Fact<number>;
  readonly vmFriendlyName: Fact<string>;
  readonly vmId: Fact<string>;
  readonly vmNicId: Fact<string>;
  readonly currentMacAddress: Fact<string>;
  readonly permanentMacAddress: Fact<string>;
}

export interface VnicFacts {
  readonly path: string;
  readonly vmName: Fact<string>;
  readonly name: Fact<string>;
  readonly switchName: Fact<string>;
  readonly iovWeight: Fact<number>;
  readonly iovQueuePairsRequested: Fact<number>;
  readonly iovQueuePairsAssigned: Fact<number>;
  /** IovInterruptModerationValue by name (Default, Adaptive, Off, Low, Medium, High). */
  readonly iovInterruptModeration: Fact<string>;
  /** > 0 only while a VF is assigned (copied from the port's IovOffloadUsage). Int32. */
  readonly iovUsage: Fact<number>;
  readonly vfDataPathActive: Fact<boolean>;
  /** VMNetworkAdapterOperationalStatus names (Ok, Degraded, …); empty when the adapter reports none. */
  readonly status: Fact<readonly string[]>;
  readonly statusDescription: Fact<readonly string[]>;
}

export interface CpuFacts {
  readonly path: string;
  readonly name: Fact<string>;
  readonly virtualizationFirmwareEnabled: Fact<boolean>;
  readonly secondLevelAddressTranslationExtensions: Fact<boolean>;
  readonly vmMonitorModeExtensions: Fact<boolean>;
}

export interface ComputerFacts {
  readonly path: string;
  readonly hypervisorPresent: Fact<boolean>;
  readonly dataExecutionPreventionAvailable: Fact<boolean>;
  readonly secondLevelAddressTranslation: Fact<boolean>;
  readonly virtualizationFirmwareEnabled: Fact<boolean>;
  readonly vmMonitorModeExtensions: Fact<boolean>;
}

/** One document. A source that is absent or null was not collected: `undefined`. */
export interface HypervDocument {
  readonly schema: Fact<number>;
  readonly psVersion: Fact<string>;
  readonly vmhost: Fact<VmHostFacts>;
  readonly switches: Fact<readonly VmSwitchFacts[]>;
  readonly sriov: Fact<readonly SriovAdapterFacts[]>;
  readonly sriovVfs: Fact<readonly SriovVfFacts[]>;
  readonly vnics: Fact<readonly VnicFacts[]>;
  readonly cpu: Fact<readonly CpuFacts[]>;
  readonly computer: Fact<ComputerFacts>;
  /** What was ignored or absorbed (unknown keys, CIM metadata, a newer schema): for evidence, not verdicts. */
  readonly notes: readonly string[];
}

export type HypervDocumentResult = { readonly ok: true; readonly document: HypervDocument } | { readonly ok: false; readonly error: string };

export const DOCUMENT_KEYS = ['schema', 'psVersion', 'vmhost', 'switches', 'sriov', 'sriovVfs', 'vnics', 'cpu', 'computer'] as const;
/** The layout this reader knows (the collector's `schema`). */
export const SCHEMA_VERSION = 1;

const CIM_BAGGAGE = ['CimClass', 'CimInstanceProperties', 'CimSystemProperties'];

/** IovInterruptModerationValue (Hyper-V PowerShell type stubs). */
const INTERRUPT_MODERATION: Readonly<Record<number, string>> = { 0: 'Default', 1: 'Adaptive', 2: 'Off', 100: 'Low', 200: 'Medium', 300: 'High' };

/** VMNetworkAdapterOperationalStatus (decompiled enum; fog-hyperv's table matches). */
const OPERATIONAL_STATUS: Readonly<Record<number, string>> = {
  0: 'Unknown', 1: 'Other', 2: 'Ok', 3: 'Degraded', 4: 'Stressed', 5: 'PredictiveFailure', 6: 'Error', 7: 'NonRecoverableError',
  8: 'Starting', 9: 'Stopping', 10: 'Stopped', 11: 'InService', 12: 'NoContact', 13: 'LostCommunication', 14: 'Aborted',
  15: 'Dormant', 16: 'SupportingEntity', 17: 'Completed', 18: 'PowerMode', 32775: 'ProtocolVersion',
};

/** Parse the document's text (already decoded: see decodeDocumentBytes). */
export function parseHypervDocument(text: string): HypervDocumentResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `not JSON: ${message.split('\n')[0]}` };
  }
  return normalizeHypervDocument(value);
}

/** Records from a parsed JSON value. */
export function normalizeHypervDocument(value: unknown): HypervDocumentResult {
  if (!isRecord(value)) {
    return { ok: false, error: `expected a JSON object with the keys ${DOCUMENT_KEYS.join(', ')}; found ${describe(value)}` };
  }
  const top = new Fields(value, '');
  const known = DOCUMENT_KEYS.filter((key) => top.has(key) && key !== 'schema' && key !== 'psVersion');
  if (known.length === 0) {
    return { ok: false, error: `no known key in the document (expected ${DOCUMENT_KEYS.join(', ')}; found ${Object.keys(value).slice(0, 8).join(', ') || 'none'})` };
  }
  const notes: string[] = [];
  const unknownKeys = Object.keys(value).filter((key) => !DOCUMENT_KEYS.some((k) => k.toLowerCase() === key.toLowerCase()));
  if (unknownKeys.length > 0) notes.push(`ignored unknown top-level keys: ${unknownKeys.join(', ')}`);
  const schema = top.count('schema');
  if (typeof schema === 'number' && schema > SCHEMA_VERSION) notes.push(`schema ${schema} is newer than ${SCHEMA_VERSION}: read as schema ${SCHEMA_VERSION}`);

  const document: HypervDocument = {
    schema,
    psVersion: top.text('psVersion'),
    vmhost: top.one('vmhost', notes, vmHostOf),
    switches: top.list('switches', notes, switchOf),
    sriov: top.list('sriov', notes, adapterOf),
    sriovVfs: top.list('sriovVfs', notes, vfOf),
    vnics: top.list('vnics', notes, vnicOf),
    cpu: top.list('cpu', notes, cpuOf),
    computer: top.one('computer', notes, computerOf),
    notes,
  };
  return { ok: true, document };
}

/**
 * Bytes of a document file as text. Windows PowerShell 5.1 writes UTF-16LE with a byte order mark for `>` and
 * Out-File, and a UTF-8 BOM with `Set-Content -Encoding UTF8`; JSON.parse accepts neither.
 */
export function decodeDocumentBytes(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return buffer.toString('utf8', 3);
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.toString('utf16le', 2);
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return swapBytes(buffer.subarray(2)).toString('utf16le');
  // UTF-16 without a mark: JSON starts with an ASCII character, so every other byte is zero.
  if (buffer.length >= 2 && buffer[0] !== 0 && buffer[1] === 0) return buffer.toString('utf16le');
  if (buffer.length >= 2 && buffer[0] === 0 && buffer[1] !== 0) return swapBytes(buffer).toString('utf16le');
  return buffer.toString('utf8');
}

function swapBytes(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer.subarray(0, buffer.length - (buffer.length % 2)));
  return copy.swap16();
}

function vmHostOf(f: Fields): VmHostFacts {
  return { path: f.path, iovSupport: f.bool('IovSupport'), iovSupportReasons: f.reasons('IovSupportReasons') };
}

function switchOf(f: Fields): VmSwitchFacts {
  return {
    path: f.path,
    name: f.text('Name'),
    switchType: f.textOrNumber('SwitchType'),
    iovEnabled: f.bool('IovEnabled'),
    iovSupport: f.bool('IovSupport'),
    iovSupportReasons: f.reasons('IovSupportReasons'),
    iovVirtualFunctionCount: f.count('IovVirtualFunctionCount'),
    iovVirtualFunctionsInUse: f.count('IovVirtualFunctionsInUse'),
    iovQueuePairCount: f.count('IovQueuePairCount'),
    iovQueuePairsInUse: f.count('IovQueuePairsInUse'),
    embeddedTeamingEnabled: f.bool('EmbeddedTeamingEnabled'),
    netAdapterInterfaceDescription: f.text('NetAdapterInterfaceDescription'),
    netAdapterInterfaceDescriptions: f.texts('NetAdapterInterfaceDescriptions'),
  };
}

function adapterOf(f: Fields): SriovAdapterFacts {
  return {
    path: f.path,
    name: f.text('Name'),
    interfaceDescription: f.text('InterfaceDescription'),
    enabled: f.bool('Enabled'),
    sriovSupport: f.enumNumber('SriovSupport', sriovSupportByName, 'a SriovSupport value (0–7 or a name such as Supported)'),
    switchName: f.text('SwitchName'),
    numVfs: f.count('NumVFs'),
    numAllocatedVfs: f.count('NumAllocatedVFs'),
    numVPorts: f.count('NumVPorts'),
    numActiveVPorts: f.count('NumActiveVPorts'),
    numQueuePairsForDefaultVPort: f.count('NumQueuePairsForDefaultVPort'),
    numQueuePairsForNonDefaultVPorts: f.count('NumQueuePairsForNonDefaultVPorts'),
  };
}

function vfOf(f: Fields): SriovVfFacts {
  return {
    path: f.path,
    name: f.text('Name'),
    functionId: f.count('FunctionID'),
    vmFriendlyName: f.text('VmFriendlyName'),
    vmId: f.text('VmID'),
    vmNicId: f.text('VmNicID'),
    currentMacAddress: f.text('CurrentMacAddress'),
    permanentMacAddress: f.text('PermanentMacAddress'),
  };
}

function vnicOf(f: Fields): VnicFacts {
  return {
    path: f.path,
    vmName: f.text('VMName'),
    name: f.text('Name'),
    switchName: f.text('SwitchName'),
    iovWeight: f.count('IovWeight'),
    iovQueuePairsRequested: f.count('IovQueuePairsRequested'),
    iovQueuePairsAssigned: f.count('IovQueuePairsAssigned'),
    iovInterruptModeration: f.enumName('IovInterruptModeration', INTERRUPT_MODERATION),
    iovUsage: f.integer('IovUsage'),
    vfDataPathActive: f.bool('VFDataPathActive'),
    status: f.enumNames('Status', OPERATIONAL_STATUS),
    statusDescription: f.texts('StatusDescription'),
  };
}

function cpuOf(f: Fields): CpuFacts {
  return {
    path: f.path,
    name: f.text('Name'),
    virtualizationFirmwareEnabled: f.bool('VirtualizationFirmwareEnabled'),
    secondLevelAddressTranslationExtensions: f.bool('SecondLevelAddressTranslationExtensions'),
    vmMonitorModeExtensions: f.bool('VMMonitorModeExtensions'),
  };
}

function computerOf(f: Fields): ComputerFacts {
  return {
    path: f.path,
    hypervisorPresent: f.bool('HyperVisorPresent'),
    dataExecutionPreventionAvailable: f.bool('HyperVRequirementDataExecutionPreventionAvailable'),
    secondLevelAddressTranslation: f.bool('HyperVRequirementSecondLevelAddressTranslation'),
    virtualizationFirmwareEnabled: f.bool('HyperVRequirementVirtualizationFirmwareEnabled'),
    vmMonitorModeExtensions: f.bool('HyperVRequirementVMMonitorModeExtensions'),
  };
}

/** The properties of one JSON object, looked up by name without regard to case, each read as one type. */
class Fields {
  private readonly byName = new Map<string, { key: string; value: unknown }>();

  constructor(
    readonly object: Readonly<Record<string, unknown>>,
    readonly path: string,
  ) {
    for (const [key, value] of Object.entries(object)) {
      const lower = key.toLowerCase();
      if (!this.byName.has(lower)) this.byName.set(lower, { key, value });
    }
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  private at(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }

  /** The value, or undefined for absent and null. */
  private raw(name: string): unknown {
    const value = this.byName.get(name.toLowerCase())?.value;
    return value === null ? undefined : value;
  }

  private issue(name: string, expected: string, found: unknown) {
    return readIssue(this.at(name), 'EPARSE', `expected ${expected}, found ${describe(found)}`);
  }

  text(name: string): Fact<string> {
    const value = this.raw(name);
    if (value === undefined || typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.issue(name, 'a string', value);
  }

  /** True/False; also "True"/"False" as a deserialised object may give them. "" is blank: not reported. */
  bool(name: string): Fact<boolean> {
    const value = this.raw(name);
    if (value === undefined || typeof value === 'boolean') return value;
    if (typeof value === 'string') {
      const word = value.trim().toLowerCase();
      if (word === '') return undefined;
      if (word === 'true') return true;
      if (word === 'false') return false;
    }
    return this.issue(name, 'true or false', value);
  }

  /** A whole number (Int32); digits in a string are taken too. */
  integer(name: string): Fact<number> {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const number = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof number === 'number' && Number.isSafeInteger(number)) return number;
    return this.issue(name, 'a whole number', value);
  }

  /** A whole number ≥ 0 (UInt32 counts). */
  count(name: string): Fact<number> {
    const value = this.integer(name);
    if (typeof value === 'number' && value < 0) return this.issue(name, 'a number ≥ 0', value);
    return value;
  }

  textOrNumber(name: string): Fact<string | number> {
    const value = this.raw(name);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    return this.text(name);
  }

  /** An enum as its number: a number as it is, a name through `byName`. */
  enumNumber(name: string, byName: (text: string) => number | undefined, expected: string): Fact<number> {
    const value = this.raw(name);
    if (typeof value === 'string' && value.trim() !== '') {
      const number = /^\s*\d+\s*$/.test(value) ? Number(value) : byName(value);
      return number === undefined ? this.issue(name, expected, value) : number;
    }
    return this.count(name);
  }

  /** An enum as its name: a number through `table` (an unlisted number stays visible as its digits). */
  enumName(name: string, table: Readonly<Record<number, string>>): Fact<string> {
    const value = this.raw(name);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return table[value] ?? String(value);
    return this.text(name);
  }

  /** A list of enum values as names. */
  enumNames(name: string, table: Readonly<Record<number, string>>): Fact<readonly string[]> {
    return this.listOf(name, (item) => (typeof item === 'number' && Number.isSafeInteger(item) ? (table[item] ?? String(item)) : typeof item === 'string' ? item : undefined), 'names or numbers');
  }

  /** string[]: one string is a list of one; null and absent are no list. */
  texts(name: string): Fact<readonly string[]> {
    return this.listOf(name, (item) => (typeof item === 'string' ? item : undefined), 'strings');
  }

  /** IovSupportReasons: null, [] and absent all mean "no reason". */
  reasons(name: string): Fact<readonly string[]> {
    const list = this.texts(name);
    return list === undefined ? [] : list;
  }

  private listOf(name: string, item: (value: unknown) => string | undefined, expected: string): Fact<readonly string[]> {
    const value = unwrapArray(this.raw(name));
    if (value === undefined) return undefined;
    if (typeof value === 'string' && /^System\.[\w.]+\[\]$/.test(value.trim())) {
      return readIssue(this.at(name), 'EPARSE', `the list was written as the text "${value.trim()}": ConvertTo-Json needs -Depth 4 or more`);
    }
    const items = Array.isArray(value) ? value : [value];
    const out: string[] = [];
    for (const [i, element] of items.entries()) {
      if (element === null) continue;
      const text = item(element);
      if (text === undefined) return readIssue(`${this.at(name)}[${i}]`, 'EPARSE', `expected ${expected}, found ${describe(element)}`);
      out.push(text);
    }
    return out;
  }

  /** A section holding one object (vmhost, computer); an array of one object is taken as that object. */
  one<T>(name: string, notes: string[], build: (fields: Fields) => T): Fact<T> {
    const value = unwrapArray(this.raw(name));
    if (value === undefined) return undefined;
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0) return undefined;
    const first: unknown = items[0];
    if (!isRecord(first)) return this.issue(Array.isArray(value) ? `${name}[0]` : name, 'an object', first);
    if (items.length > 1) notes.push(`${this.at(name)}: ${items.length} objects where one was expected; read the first`);
    noteBaggage(first, this.at(name), notes);
    return build(new Fields(first, this.at(name)));
  }

  /** A section holding a list of objects; one object is a list of one. */
  list<T>(name: string, notes: string[], build: (fields: Fields) => T): Fact<readonly T[]> {
    const value = unwrapArray(this.raw(name));
    if (value === undefined) return undefined;
    if (!Array.isArray(value) && !isRecord(value)) return this.issue(name, 'a list of objects', value);
    const items = Array.isArray(value) ? value : [value];
    const out: T[] = [];
    for (const [i, item] of items.entries()) {
      const path = Array.isArray(value) ? `${this.at(name)}[${i}]` : this.at(name);
      if (!isRecord(item)) return readIssue(path, 'EPARSE', `expected an object, found ${describe(item)}`);
      noteBaggage(item, this.at(name), notes);
      out.push(build(new Fields(item, path)));
    }
    return out;
  }
}

/** Windows PowerShell 5.1's {"value": [...], "Count": n} for an array that carries extra members. */
function unwrapArray(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value).map((k) => k.toLowerCase());
  if (keys.length === 2 && keys.includes('value') && keys.includes('count')) {
    const inner = Object.entries(value).find(([k]) => k.toLowerCase() === 'value')?.[1];
    if (Array.isArray(inner)) return inner;
  }
  return value;
}

/** Once per section: a document of 200 adapters written without Select-Object gets one note, not 200. */
function noteBaggage(object: Readonly<Record<string, unknown>>, path: string, notes: string[]): void {
  const baggage = Object.keys(object).filter((key) => CIM_BAGGAGE.includes(key));
  if (baggage.length > 0 && !notes.some((note) => note.startsWith(`${path}: ignored CIM metadata`))) notes.push(`${path}: ignored CIM metadata (${baggage.join(', ')}); Select-Object the named properties to leave it out`);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
