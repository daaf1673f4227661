import t from 'tap';
import { cpuVendor, parseCpuinfo } from '../../src/parse/cpuinfo.js';

// First block of this development machine's /proc/cpuinfo (reference captures/this-host-*: a KVM guest on
// AMD EPYC without nested SVM), trimmed after `flags`.
const EPYC_GUEST = `processor	: 0
vendor_id	: AuthenticAMD
cpu family	: 25
model		: 17
model name	: AMD EPYC
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a

processor	: 1
vendor_id	: AuthenticAMD
flags		: svm
`;

const XEON = `processor	: 0
vendor_id	: GenuineIntel
cpu family	: 6
model		: 106
model name	: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz
flags		: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 invpcid_single ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad
vmx flags	: vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb
`;

const GRAVITON = `processor	: 0
BogoMIPS	: 243.75
Features	: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics fphp asimdhp cpuid asimdrdm lrcpc dcpop asimddp ssbs
CPU implementer	: 0x41
CPU architecture: 8
CPU variant	: 0x3
CPU part	: 0xd0c
CPU revision	: 1
`;

const cases = [
  { name: 'AMD guest: first block only, hypervisor flag, no svm', text: EPYC_GUEST, want: { arch: 'x86', vendorId: 'AuthenticAMD', modelName: 'AMD EPYC', flags: ['x2apic', 'hypervisor'] }, vendor: 'amd' },
  { name: 'Intel Xeon host: vmx and ept', text: XEON, want: { arch: 'x86', vendorId: 'GenuineIntel', modelName: 'Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz', flags: ['vmx', 'x2apic', 'ept'] }, vendor: 'intel' },
  { name: 'arm64: Features and CPU implementer', text: GRAVITON, want: { arch: 'arm', vendorId: '0x41', flags: [] }, vendor: 'arm' },
] as const;

for (const c of cases) {
  t.test(c.name, async (t) => {
    const cpu = parseCpuinfo(c.text);
    t.same(cpu, c.want);
    t.equal(cpu && cpuVendor(cpu), c.vendor);
  });
}

t.test('garbage and empty text are not cpuinfo', async (t) => {
  t.equal(parseCpuinfo(''), undefined);
  t.equal(parseCpuinfo('\u0000\u00ff binary'), undefined);
  t.equal(parseCpuinfo('hello: world\n'), undefined);
});

t.test('Hygon is AMD-Vi; an unknown x86 vendor is other', async (t) => {
  t.equal(cpuVendor({ arch: 'x86', vendorId: 'HygonGenuine', flags: [] }), 'amd');
  t.equal(cpuVendor({ arch: 'x86', vendorId: 'CentaurHauls', flags: [] }), 'other');
});
