// The IovSupportReasons catalog and the SriovSupport table: every reason text of reference/hyperv.md is
// recognised (also wrapped and truncated as the book prints it), a text in another language is unknown with its
// raw text, and every reason points at a check with a fix.

import t from 'tap';
import { IOV_REASONS, classifyReason } from '../../src/catalog/iov-support-reasons.js';
import { SRIOV_SUPPORT_VALUES, sriovSupportByName, sriovSupportValue } from '../../src/catalog/sriov-support.js';
import { HYPERV_CHECKS } from '../../src/hyperv/hyperv-checks.js';
import { judgeHypervHost } from '../../src/hyperv/host-decisions.js';
import { normalizeHypervDocument } from '../../src/parse/hyperv-document.js';

// The texts as KB 2762297 prints them (reference/hyperv.md §2.1), in its order, with the key each must get.
const KB_TEXTS: readonly [string, string][] = [
  ['SR-IOV cannot be used on this computer because the processor does not support second level address translation (SLAT). For Intel processors, this feature might be referred to as Extended Page Tables (EPT). For AMD processors, this feature might be referred to as Rapid Virtualization Indexing (RVI) or Nested Page Tables (NPT).', 'no-slat'],
  ['The chipset on the system does not do interrupt remapping, without which SR-IOV cannot be supported.', 'no-interrupt-remapping'],
  ['The chipset on the system does not do DMA remapping, without which SR-IOV cannot be supported.', 'no-dma-remapping'],
  ['SR-IOV cannot be used on this system as it has been configured to disable the use of I/O remapping hardware.', 'os-disabled-remapping'],
  ['Ensure that the system has chipset support for SR-IOV and that I/O virtualization is enabled in the BIOS.', 'bios-io-virtualization'],
  ['To use SR-IOV on this computer, the BIOS must be updated because it contains incorrect information describing the hardware capabilities. Contact your computer manufacturer for an update.', 'bios-incorrect-information'],
  ['SR-IOV cannot be used on this system as it is reporting that there is no PCI Express Bus. Contact your system manufacturer for further information.', 'no-pcie-bus'],
  ['To use SR-IOV on this system, the system BIOS must be updated to allow Windows to control PCI Express. Contact your system manufacturer for an update.', 'no-pcie-control'],
  ['SR-IOV cannot be used on this system as the PCI Express hardware does not support Access Control Services (ACS) at any root port. Contact your system vendor for further information.', 'no-acs'],
];

t.test('every reason text of KB 2762297 is recognised as its own cause', async (t) => {
  t.equal(KB_TEXTS.length, IOV_REASONS.length, 'one catalog row per text');
  for (const [text, key] of KB_TEXTS) {
    const classified = classifyReason(text);
    t.equal(classified.known && classified.reason.key, key, key);
    t.equal(classified.raw, text, 'the raw text is kept');
  }
  for (const reason of IOV_REASONS) {
    const classified = classifyReason(reason.text);
    t.equal(classified.known && classified.reason.key, reason.key, `the catalog's own text of ${reason.key}`);
  }
});

t.test('the book prints the _OSC reason wrapped and cut; the beta wording says "To use this SR-IOV"', async (t) => {
  const book = 'To use SR-IOV on this system, the system BIOS\nmust be updated to allow Windows to control\nPCI Express. Contact your sys…';
  const beta = 'To use this SR-IOV on this system, the system BIOS must be updated to allow Windows to control PCI Express. Contact your system manufacturer for an update.';
  for (const text of [book, beta]) {
    const classified = classifyReason(text);
    t.equal(classified.known && classified.reason.checkId, 'firmware.pci.os-control');
  }
});

t.test('a text in another language or from a newer Windows is unknown, with its raw text, never pass', async (t) => {
  const german = 'Der Chipsatz des Systems unterstützt keine Interruptneuzuordnung. Ohne diese Funktion kann SR-IOV nicht unterstützt werden.';
  const newer = 'SR-IOV cannot be used because of a reason added in Windows Server 2031.';
  for (const raw of [german, newer]) t.strictSame(classifyReason(raw), { known: false, raw });

  const result = normalizeHypervDocument({ vmhost: { IovSupport: false, IovSupportReasons: [german] } });
  if (!result.ok) throw new Error(result.error);
  const findings = judgeHypervHost(result.document);
  const reasons = findings.find((f) => f.id === 'hypervisor.hyperv.iov-reasons');
  t.equal(reasons?.status, 'unknown', 'the unrecognised reason is unknown');
  t.match(reasons?.summary, german, 'with the raw text');
  t.equal(findings.find((f) => f.id === 'hypervisor.hyperv.iov-support')?.status, 'fail', 'IovSupport False is still a failure');
  const ir = findings.find((f) => f.id === 'firmware.iommu.interrupt-remapping');
  t.equal(ir?.status, 'unknown', 'the cause it may be is not passed');
  t.notOk(findings.some((f) => f.id.startsWith('firmware.iommu.') && f.status === 'pass'), 'no reason-based firmware check passes');
});

t.test('a host with several reasons: each fails its own check, the others pass', async (t) => {
  const [slat, ir] = [KB_TEXTS[0]?.[0], KB_TEXTS[1]?.[0]];
  const result = normalizeHypervDocument({ vmhost: { IovSupport: false, IovSupportReasons: [slat, ir] } });
  if (!result.ok) throw new Error(result.error);
  const status = (id: string) => judgeHypervHost(result.document).find((f) => f.id === id)?.status;
  t.equal(status('firmware.cpu.slat'), 'fail');
  t.equal(status('firmware.iommu.interrupt-remapping'), 'fail');
  t.equal(status('firmware.iommu.dma-remapping'), 'pass');
  t.equal(status('firmware.pci.os-control'), 'pass');
  t.equal(status('hypervisor.hyperv.iov-reasons'), 'pass');
});

t.test('every reason names a check of the Hyper-V table, a firmware layer, a cause and a fix', async (t) => {
  const ids = new Set<string>(HYPERV_CHECKS.map((c) => c.id));
  for (const reason of IOV_REASONS) {
    t.ok(ids.has(reason.checkId), `${reason.key} → ${reason.checkId} exists`);
    t.equal(reason.layer, 'firmware');
    t.ok(reason.cause.length > 10 && reason.fix.length > 10, `${reason.key} has a cause and a fix`);
    t.ok(reason.phrases.every((p) => p === p.toLowerCase()), 'phrases are lower case');
  }
});

t.test('SriovSupport: eight values, each name and MOF spelling maps back to its number', async (t) => {
  t.strictSame(SRIOV_SUPPORT_VALUES.map((v) => v.value), [0, 1, 2, 3, 4, 5, 6, 7]);
  t.strictSame(SRIOV_SUPPORT_VALUES.map((v) => v.name), ['Unknown', 'Supported', 'MissingAcs', 'MissingPfDriver', 'NoBusResources', 'NoIoMmuSupport', 'NoVfBarSpace', 'NoOscSupport']);
  for (const v of SRIOV_SUPPORT_VALUES) {
    for (const name of [v.name, ...v.aliases]) t.equal(sriovSupportByName(name), v.value, name);
    t.equal(sriovSupportValue(v.value), v);
    if (v.value !== 1) t.ok(v.fix.length > 10, `${v.name} has a fix`);
  }
  t.equal(sriovSupportByName('Supported, mostly'), undefined);
  t.equal(sriovSupportValue(8), undefined);
  t.equal(sriovSupportValue(3)?.layer, 'nic', 'MissingPfDriver is fixed with the NIC driver');
});
