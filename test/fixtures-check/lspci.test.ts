// Real pciutils reads every fixture host, and what it decodes is what the host's sysfs says and what our config
// space parser returns: our parser checked against an independent decoder, and the fixtures' sysfs attributes and
// config bytes shown to be one device. Two views per host: lspci through its sysfs access method (what an
// operator runs on that host) and lspci decoding nothing but the config bytes (a dump read back with -F).

import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isIssue } from '../../src/fact.js';
import { findFamilyByPf } from '../../src/catalog/nic-catalog.js';
import { parsePciConfig, type PciConfig } from '../../src/parse/pci-config.js';
import { SCENARIOS } from '../fixtures/scenarios/index.js';
import { buildHost } from '../support/host-builder.js';
import { lspciBlocks, lspciConfigOnly, lspciSysfs } from '../support/lspci.js';
import { skipWithout, toolPath } from '../support/required-tools.js';
import { FIXTURE_HOSTS } from '../support/run-cli.js';

const skip = skipWithout(t, 'lspci');

/** A sysfs attribute of a device, trimmed; undefined when absent. */
function attr(dir: string, name: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, name), 'utf8').trim();
  } catch {
    return undefined;
  }
}

const hex4 = (sysfs: string | undefined) => (sysfs ?? '').replace(/^0x/, '').padStart(4, '0');
const hex2 = (n: number) => n.toString(16).padStart(2, '0');
/** "8.0 GT/s PCIe" and lspci's "8GT/s" as a number of GT/s; "Unknown"/"unknown" as 0. */
const gts = (text: string | undefined) => (text === undefined || /unknown/i.test(text) ? 0 : parseFloat(text));
const ACS_FLAGS = ['SrcValid', 'TransBlk', 'ReqRedir', 'CmpltRedir', 'UpstreamFwd', 'EgressCtrl', 'DirectTrans'];
const acsBits = (line: string | undefined) => ACS_FLAGS.reduce((bits, flag, i) => (line?.includes(`${flag}+`) ? bits | (1 << i) : bits), 0);
const match = (block: string, re: RegExp) => re.exec(block) ?? undefined;

/** What both views decode from the identity registers, the bus numbers and the link; compared with sysfs. */
function checkCommon(t: Test, view: string, block: string, dir: string, address: string, config: PciConfig | undefined): void {
  const first = block.split('\n')[0] ?? '';
  t.match(first, `[${hex4(attr(dir, 'vendor'))}:${hex4(attr(dir, 'device'))}]`, `${view}: vendor and device ids`);
  t.match(first, `(rev ${attr(dir, 'revision')?.replace(/^0x/, '')})`, `${view}: revision`);
  // A bridge keeps its subsystem ids in a capability, beyond the 64 bytes a reader who is not root gets.
  if (view === 'sysfs view' || config?.headerType === 0 || config?.capabilitiesReadable) {
    t.match(block, `\tSubsystem: `, `${view}: a subsystem line`);
    t.match(block, `[${hex4(attr(dir, 'subsystem_vendor'))}:${hex4(attr(dir, 'subsystem_device'))}]\n`, `${view}: subsystem ids`);
  }
  const secondary = attr(dir, 'secondary_bus_number');
  if (secondary !== undefined) {
    const bus = match(block, /Bus: primary=(\w\w), secondary=(\w\w), subordinate=(\w\w)/);
    t.strictSame(bus?.slice(1), [address.slice(5, 7), hex2(Number(secondary)), hex2(Number(attr(dir, 'subordinate_bus_number')))], `${view}: bus numbers`);
  }
  if (config?.capabilitiesReadable && attr(dir, 'max_link_speed') !== undefined) {
    const cap = match(block, /LnkCap:\s+Port #\d+, Speed (\S+), Width x(\d+)/);
    const sta = match(block, /LnkSta:\s+Speed (\S+?),(?: \([^)]*\),)? Width x(\d+)/);
    t.strictSame([gts(cap?.[1]), Number(cap?.[2])], [gts(attr(dir, 'max_link_speed')), Number(attr(dir, 'max_link_width'))], `${view}: LnkCap is max_link_speed/width`);
    t.strictSame([gts(sta?.[1]), Number(sta?.[2])], [gts(attr(dir, 'current_link_speed')), Number(attr(dir, 'current_link_width'))], `${view}: LnkSta is current_link_speed/width`);
  }
}

/** What only the sysfs view shows (interrupt, regions, driver) and the capabilities, against sysfs and our parser. */
function checkSysfsView(t: Test, block: string, dir: string, config: PciConfig | undefined): void {
  const irq = Number(attr(dir, 'irq'));
  if (irq > 0) t.match(block, `\tInterrupt: pin A routed to IRQ ${irq}\n`, 'interrupt: the irq file');
  else t.notMatch(block, /\tInterrupt:/, 'no interrupt line (irq 0: a VF)');
  const bar0 = attr(dir, 'resource')?.split('\n')[0]?.split(' ')[0];
  if (bar0 !== undefined && BigInt(bar0) !== 0n) t.equal(BigInt(`0x${match(block, /Region 0: Memory at ([0-9a-f]+)/)?.[1] ?? '0'}`), BigInt(bar0), 'region 0: resource line 0');
  const driver = fs.existsSync(path.join(dir, 'driver')) ? path.basename(fs.readlinkSync(path.join(dir, 'driver'))) : undefined;
  t.equal(match(block, /Kernel driver in use: (\S+)/)?.[1], driver, 'the driver link');

  if (config === undefined || !config.extendedReadable) {
    if (config?.capabilitiesReadable === false) t.match(block, 'Capabilities: <access denied>', 'config space beyond 64 bytes not readable: lspci says so');
    return;
  }
  const pcie = config.pcie;
  if (pcie && pcie.portType !== 'endpoint') {
    t.equal(/DevCap2:[^]*?ARIFwd\+/.test(block), pcie.ariForwardingSupported, 'DevCap2 ARIFwd: our parser');
    t.equal(/DevCtl2:[^]*?ARIFwd\+/.test(block), pcie.ariForwardingEnabled, 'DevCtl2 ARIFwd: our parser');
  }
  const ari = match(block, /ARICap:\s+MFVC. ACS., Next Function: (\d+)/);
  t.equal(ari ? Number(ari[1]) : undefined, config.ari?.nextFunction, 'ARI next function: our parser');
  const acsCap = match(block, /ACSCap:\s+([^\n]+)/)?.[1];
  const acsCtl = match(block, /ACSCtl:\s+([^\n]+)/)?.[1];
  t.strictSame(acsCap === undefined ? undefined : [acsBits(acsCap), acsBits(acsCtl)], config.acs ? [config.acs.capability & 0x7f, config.acs.control & 0x7f] : undefined, 'ACS capability and control: our parser');

  const counts = match(block, /Initial VFs: (\d+), Total VFs: (\d+), Number of VFs: (\d+)/);
  const placement = match(block, /VF offset: (\d+), stride: (\d+), Device ID: ([0-9a-f]{4})/);
  const s = config.sriov;
  t.equal(counts !== undefined, s !== undefined, 'an SR-IOV capability exactly where our parser finds one');
  if (!s || !counts || !placement) return;
  const [initial, total, num] = counts.slice(1).map(Number) as [number, number, number];
  const [offset, stride] = placement.slice(1, 3).map(Number) as [number, number];
  const vfDevice = placement[3] as string;
  t.strictSame(
    { initial, total, num, offset, stride, vfDevice, ariHierarchy: /IOVCtl:[^\n]*ARIHierarchy\+/.test(block) },
    { initial: s.initialVfs, total: s.totalVfs, num: s.numVfs, offset: s.vfOffset, stride: s.vfStride, vfDevice: s.vfDeviceId, ariHierarchy: s.ariCapableHierarchy },
    'SR-IOV: lspci and our parser decode the same capability',
  );
  const sysfsTotal = attr(dir, 'sriov_totalvfs');
  if (sysfsTotal === undefined) return; // firmware-disabled SR-IOV: the capability without the kernel's attributes
  t.strictSame(
    { num, offset, stride, vfDevice },
    { num: Number(attr(dir, 'sriov_numvfs')), offset: Number(attr(dir, 'sriov_offset')), stride: Number(attr(dir, 'sriov_stride')), vfDevice: hex4(attr(dir, 'sriov_vf_device')) },
    'SR-IOV: sriov_numvfs, sriov_offset, sriov_stride, sriov_vf_device',
  );
  // Only a PF driver lowers sriov_totalvfs below the capability's Total VFs: to the limit the catalog names (igb 7,
  // ixgbe 63). The fixtures of those NICs must show it, as real hosts do.
  const family = findFamilyByPf(hex4(attr(dir, 'vendor')), hex4(attr(dir, 'device')));
  const driverLimit = family !== undefined && family.pfDriver === driver ? family.driverVfLimit : undefined;
  t.equal(Number(sysfsTotal), Math.min(total, driverLimit ?? total), `sriov_totalvfs is Total VFs${driverLimit !== undefined ? `, lowered to ${family?.pfDriver}'s limit` : ''}`);
}

async function checkHost(t: Test, root: string): Promise<void> {
  const lspci = toolPath('lspci');
  const sysfs = lspciSysfs(lspci, root);
  t.equal(sysfs.status, 0, 'lspci (sysfs) exits 0');
  t.equal(sysfs.stderr, '', 'lspci (sysfs) complains of nothing');
  const configOnly = lspciConfigOnly(lspci, root);
  t.equal(configOnly.status, 0, 'lspci (config bytes only) exits 0');
  t.equal(configOnly.stderr, '', 'lspci (config bytes only) complains of nothing');
  const sysfsBlocks = lspciBlocks(sysfs.stdout);
  const configBlocks = lspciBlocks(configOnly.stdout);
  const devices = path.join(root, 'sys/bus/pci/devices');
  const addresses = fs.readdirSync(devices).sort();
  t.strictSame([...sysfsBlocks.keys()].sort(), addresses, 'lspci lists every device of the tree');
  for (const address of addresses) {
    const dir = path.join(devices, address);
    const parsed = parsePciConfig(fs.readFileSync(path.join(dir, 'config')));
    const config = isIssue(parsed) ? undefined : parsed;
    t.ok(config, `${address}: our parser reads its config space`);
    await t.test(address, async (t) => {
      checkCommon(t, 'sysfs view', sysfsBlocks.get(address) ?? '', dir, address, config);
      checkCommon(t, 'config-only view', configBlocks.get(address) ?? '', dir, address, config);
      checkSysfsView(t, sysfsBlocks.get(address) ?? '', dir, config);
    });
  }
}

for (const scenario of SCENARIOS) {
  t.test(`fixture host ${scenario.name}`, { skip }, async (t) => {
    // A guest whose VF the host took away has no PCI function at all; git keeps no empty /sys/bus/pci/devices.
    if (scenario.name === 'azure-vf-removed') {
      t.notOk(fs.existsSync(path.join(FIXTURE_HOSTS, scenario.name, 'sys/bus/pci/devices')), 'no PCI function for lspci to show');
      return;
    }
    if (scenario.committed) return checkHost(t, path.join(FIXTURE_HOSTS, scenario.name));
    const root = t.testdir({});
    buildHost(root, scenario.spec);
    await checkHost(t, root);
  });
}
