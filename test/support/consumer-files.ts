// The files other programs write about the VFs they hold, generated in their real formats for fixture hosts:
// /proc/<pid> entries of QEMU, DPDK and others (reference vf-attribution.md §1–§2, §5), libvirt status files
// (§3), Proxmox reservations and configs (§3), the kubelet checkpoint and pod log directories (§4), CNI caches
// (§4). Written for this project; no other project's test data is copied.

import type { ExtraFile } from './host-builder.js';

// ── /proc/<pid> ──

export interface ProcessSpec {
  readonly pid: number;
  /** As the kernel keeps it: at most 15 characters. */
  readonly comm: string;
  /** Undefined: a kernel thread (empty cmdline). */
  readonly argv?: readonly string[];
  /** Clock ticks after boot (stat field 22); default pid × 100. */
  readonly startTime?: number;
  /** fd number → link target, as readlink shows it. */
  readonly fds?: Readonly<Record<string, string>>;
  /** fd number → /proc/<pid>/fdinfo/<fd> text. */
  readonly fdinfo?: Readonly<Record<string, string>>;
  readonly cgroup?: string;
}

/** /proc/<pid>/stat in the kernel's layout (fs/proc/array.c do_task_stat), starttime at field 22. */
export function procStat(pid: number, comm: string, startTime: number): string {
  const fields = ['S', 1, pid, pid, 0, -1, 4194560, 36544, 0, 0, 0, 2317, 1562, 0, 0, 20, 0, 9, 0, startTime, 5312671744, 526190];
  return `${pid} (${comm}) ${fields.join(' ')} 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 3 0 0 0 0 0\n`;
}

export function processFiles(p: ProcessSpec): Record<string, ExtraFile> {
  const base = `/proc/${p.pid}`;
  const files: Record<string, ExtraFile> = {
    [`${base}/stat`]: procStat(p.pid, p.comm, p.startTime ?? p.pid * 100),
    [`${base}/comm`]: `${p.comm}\n`,
    // argv strings each end in NUL, which is why these trees are generated rather than committed by hand.
    [`${base}/cmdline`]: Buffer.from(p.argv ? p.argv.map((a) => `${a}\0`).join('') : '', 'utf8'),
    [`${base}/cgroup`]: p.cgroup ?? '0::/system.slice/some.service\n',
    [`${base}/status`]: `Name:\t${p.comm}\nState:\tS (sleeping)\nTgid:\t${p.pid}\nPid:\t${p.pid}\n`,
  };
  const fds = p.fds ?? {};
  for (const [fd, target] of Object.entries(fds)) {
    files[`${base}/fd/${fd}`] = { symlink: target };
    files[`${base}/fdinfo/${fd}`] = p.fdinfo?.[fd] ?? `pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t${1000 + Number(fd)}\n`;
  }
  return files;
}

/** The fds every program has: stdin/stdout/stderr on /dev/null, a socket, an eventfd. */
export const COMMON_FDS = { '0': '/dev/null', '1': '/dev/null', '2': '/dev/null', '3': 'socket:[83724]', '4': 'anon_inode:[eventfd]' } as const;

export const SYSTEMD: ProcessSpec = {
  pid: 1,
  comm: 'systemd',
  argv: ['/sbin/init'],
  startTime: 1,
  fds: { ...COMMON_FDS, '5': '/proc/1/mountinfo' },
  cgroup: '0::/init.scope\n',
};

// ── QEMU command lines ──

export interface QemuDevice {
  readonly address: string;
  readonly alias: string;
}

/** libvirt ≥ 7.9 with QEMU ≥ 6: devices as JSON; `json: false` the older key=value form. */
export function libvirtQemuArgv(o: { guest: string; uuid: string; devices: readonly QemuDevice[]; json?: boolean }): string[] {
  const escaped = o.guest.replace(/,/g, ',,');
  return [
    '/usr/bin/qemu-system-x86_64',
    '-name', `guest=${escaped},debug-threads=on`,
    '-S',
    '-object', `{"qom-type":"secret","id":"masterKey0","format":"raw","file":"/var/lib/libvirt/qemu/domain-1-${o.guest}/master-key.aes"}`,
    '-machine', 'pc-q35-7.2,usb=off,vmport=off,dump-guest-core=off,memory-backend=pc.ram',
    '-accel', 'kvm',
    '-m', '4096',
    '-uuid', o.uuid,
    '-no-user-config',
    '-nodefaults',
    ...o.devices.flatMap((d, i) => [
      '-device',
      o.json === false
        ? `vfio-pci,host=${d.address},id=${d.alias},bus=pci.${3 + i},addr=0x0`
        : `{"driver":"vfio-pci","host":"${d.address}","id":"${d.alias}","bus":"pci.${3 + i}","addr":"0x0"}`,
    ]),
    '-sandbox', 'on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny',
    '-msg', 'timestamp=on',
  ];
}

/** qemu-server's command line (PVE::QemuServer config_to_command), QEMU < 11 with debug-threads. */
export function proxmoxQemuArgv(vmid: number, name: string, devices: readonly string[]): string[] {
  return [
    '/usr/bin/kvm',
    '-id', String(vmid),
    '-name', `${name},debug-threads=on`,
    '-no-shutdown',
    '-chardev', `socket,id=qmp,path=/var/run/qemu-server/${vmid}.qmp,server=on,wait=off`,
    '-mon', 'chardev=qmp,mode=control',
    '-pidfile', `/var/run/qemu-server/${vmid}.pid`,
    '-daemonize',
    '-smp', '4,sockets=1,cores=4,maxcpus=4',
    ...devices.flatMap((d, i) => ['-device', `vfio-pci,host=${d},id=hostpci${i},bus=ich9-pcie-port-${i + 1},addr=0x0`]),
    '-machine', 'type=q35+pve0',
  ];
}

/** The fds a QEMU with VFIO groups open holds (/dev/kvm, disk images, the container and each group). */
export function qemuFds(groups: readonly number[], extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const fds: Record<string, string> = { ...COMMON_FDS, '10': '/dev/kvm', '11': 'anon_inode:kvm-vm', '12': '/var/lib/libvirt/images/disk.qcow2', '20': '/dev/vfio/vfio' };
  groups.forEach((g, i) => {
    fds[String(21 + i)] = `/dev/vfio/${g}`;
    fds[String(40 + i)] = 'anon_inode:[vfio-device]';
  });
  return { ...fds, ...extra };
}

// ── libvirt ──

export interface LibvirtDeviceSpec {
  readonly address: string;
  readonly alias: string;
  /** hostdev: <hostdev>; interface: <interface type='hostdev'>; pool: <interface type='network'> with <actual>. */
  readonly form: 'hostdev' | 'interface' | 'pool';
}

function addressAttrs(address: string): string {
  const [domain, bus, devfn] = address.split(':') as [string, string, string];
  const [slot, fn] = devfn.split('.') as [string, string];
  return `domain='0x${domain}' bus='0x${bus}' slot='0x${slot}' function='0x${fn}'`;
}

export function libvirtStatusXml(o: { name: string; uuid: string; pid: number; devices: readonly LibvirtDeviceSpec[]; nova?: { version: string; displayName: string } }): string {
  const devices = o.devices.map((d, i) => {
    const guest = `<address type='pci' domain='0x0000' bus='0x0${7 + i}' slot='0x00' function='0x0'/>`;
    if (d.form === 'hostdev') {
      return `      <hostdev mode='subsystem' type='pci' managed='yes'>
        <driver name='vfio'/>
        <source>
          <address ${addressAttrs(d.address)}/>
        </source>
        <alias name='${d.alias}'/>
        ${guest}
      </hostdev>`;
    }
    const mac = `<mac address='52:54:00:6d:90:${(16 + i).toString(16)}'/>`;
    if (d.form === 'interface') {
      return `      <interface type='hostdev' managed='yes'>
        ${mac}
        <source>
          <address type='pci' ${addressAttrs(d.address)}/>
        </source>
        <vlan><tag id='190'/></vlan>
        <alias name='${d.alias}'/>
        ${guest}
      </interface>`;
    }
    return `      <interface type='network'>
        ${mac}
        <source network='sriov-pool' portid='9a1c0de2-7a3b-4c5d-8e9f-00112233445${i}'/>
        <actual type='hostdev' managed='yes'>
          <source>
            <address type='pci' ${addressAttrs(d.address)}/>
          </source>
        </actual>
        <alias name='${d.alias}'/>
        ${guest}
      </interface>`;
  });
  const nova = o.nova
    ? `    <metadata>
      <nova:instance xmlns:nova="http://openstack.org/xmlns/libvirt/nova/${o.nova.version}">
        <nova:package version="27.1.0"/>
        <nova:name>${o.nova.displayName}</nova:name>
        <nova:creationTime>2026-01-14 09:12:44</nova:creationTime>
        <nova:flavor name="sriov.large"><nova:memory>8192</nova:memory><nova:vcpus>4</nova:vcpus></nova:flavor>
        <nova:owner>
          <nova:user uuid="0a1b2c3d4e5f60718293a4b5c6d7e8f9">alice</nova:user>
          <nova:project uuid="f9e8d7c6b5a4938271605f4e3d2c1b0a">tenant-a</nova:project>
        </nova:owner>
      </nova:instance>
    </metadata>
`
    : '';
  return `<!--
WARNING: THIS IS AN AUTO-GENERATED FILE. CHANGES TO IT ARE LIKELY TO BE
OVERWRITTEN AND LOST. Changes to this xml configuration should be made using:
  virsh edit ${o.name}
or other application using the libvirt API.
-->

<domstatus state='running' reason='booted' pid='${o.pid}'>
  <monitor path='/var/lib/libvirt/qemu/domain-1-${o.name}/monitor.sock' type='unix'/>
  <vcpus>
    <vcpu id='0' pid='${o.pid + 21}'/>
  </vcpus>
  <qemuCaps>
    <flag name='vfio-pci'/>
    <flag name='vfio-pci.display'/>
  </qemuCaps>
  <domain type='kvm' id='1'>
    <name>${o.name}</name>
    <uuid>${o.uuid}</uuid>
${nova}    <memory unit='KiB'>4194304</memory>
    <vcpu placement='static'>4</vcpu>
    <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>
    <devices>
      <emulator>/usr/bin/qemu-system-x86_64</emulator>
${devices.join('\n')}
    </devices>
  </domain>
</domstatus>
`;
}

/** The status file and the pidfile beside it. */
export function libvirtFiles(o: Parameters<typeof libvirtStatusXml>[0]): Record<string, ExtraFile> {
  return { [`/run/libvirt/qemu/${o.name}.xml`]: libvirtStatusXml(o), [`/run/libvirt/qemu/${o.name}.pid`]: `${o.pid}` };
}

// ── Proxmox VE ──

export function proxmoxReservations(entries: readonly { address: string; vmid: number; pid?: number; until?: number }[]): string {
  return entries.map((e) => `${e.address} ${e.vmid} ${e.pid !== undefined ? `pid:${e.pid}` : `time:${e.until}`}\n`).join('');
}

export function proxmoxConfig(o: { name?: string; hostpci: readonly string[] }): string {
  return [
    'boot: order=scsi0;net0',
    'cores: 4',
    ...o.hostpci.map((h, i) => `hostpci${i}: ${h},pcie=1`),
    'machine: q35',
    'memory: 8192',
    ...(o.name !== undefined ? [`name: ${o.name}`] : []),
    'net0: virtio=BC:24:11:AA:BB:CC,bridge=vmbr0',
    'ostype: l26',
    'scsi0: local-lvm:vm-100-disk-0,size=32G',
    'smbios1: uuid=6f3c1e2a-9b8d-4c7e-a1f0-2b3c4d5e6f70',
    '',
  ].join('\n');
}

// ── Kubernetes ──

export interface CheckpointEntrySpec {
  readonly podUid: string;
  readonly container: string;
  readonly resource: string;
  /** NUMA node → devices (format numa), or all under one list (format list). */
  readonly devices: Readonly<Record<string, readonly string[]>>;
}

export function kubeletCheckpoint(entries: readonly CheckpointEntrySpec[], format: 'numa' | 'list' = 'numa'): string {
  const registered: Record<string, string[]> = {};
  const podEntries = entries.map((e) => {
    const all = [...new Set(Object.values(e.devices).flat())];
    (registered[e.resource] ??= []).push(...all);
    return {
      PodUID: e.podUid,
      ContainerName: e.container,
      ResourceName: e.resource,
      DeviceIDs: format === 'numa' ? e.devices : all,
      AllocResp: Buffer.from(`allocation of ${all.join(',')}`).toString('base64'),
    };
  });
  const data = { Data: { PodDeviceEntries: podEntries, RegisteredDevices: registered }, Checksum: 2298552700 };
  return JSON.stringify(format === 'numa' ? { ...data, BootID: 'b2a1f3c4-0d9e-4f8a-9b7c-6d5e4f3a2b1c' } : data);
}

export const CHECKPOINT_PATH = '/var/lib/kubelet/device-plugins/kubelet_internal_checkpoint';

/** /var/log/pods/<ns>_<name>_<uid>/<container>/0.log for each container. */
export function podLogFiles(pod: { namespace: string; name: string; uid: string }, containers: readonly string[]): Record<string, ExtraFile> {
  const dir = `/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}`;
  return Object.fromEntries(containers.map((c) => [`${dir}/${c}/0.log`, `2026-01-14T09:12:44.000000000Z stdout F ${c} started\n`]));
}

/** The cgroup line of a pod's container (cgroup v2, systemd driver, Burstable). */
export function podCgroup(uid: string, containerId: string): string {
  return `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid.replace(/-/g, '_')}.slice/cri-containerd-${containerId}.scope\n`;
}

export function cniResultCache(o: { sandbox: string; network: string; ifName: string; address: string; pod: { namespace: string; name: string; uid: string } }): string {
  const delegate = { cniVersion: '1.0.0', name: o.network, type: 'sriov', deviceID: o.address, vlan: 100, ipam: { type: 'whereabouts', range: '192.0.2.0/24' } };
  return JSON.stringify({
    kind: 'cniCacheV1',
    containerId: o.sandbox,
    config: Buffer.from(JSON.stringify(delegate)).toString('base64'),
    ifName: o.ifName,
    networkName: o.network,
    netns: '/var/run/netns/cni-1b2c3d4e-5f60-7182-93a4-b5c6d7e8f90a',
    cniArgs: [['IgnoreUnknown', 'true'], ['K8S_POD_NAMESPACE', o.pod.namespace], ['K8S_POD_NAME', o.pod.name], ['K8S_POD_INFRA_CONTAINER_ID', o.sandbox], ['K8S_POD_UID', o.pod.uid]],
    result: { cniVersion: '1.0.0', interfaces: [{ name: o.ifName, mac: '9e:2f:11:22:33:44', sandbox: '/var/run/netns/cni-1b2c3d4e' }], ips: [{ address: '192.0.2.10/24', interface: 0 }] },
  });
}

export function sriovCniCache(o: { network: string; address: string; master: string; vfId: number }): string {
  return JSON.stringify({
    cniVersion: '1.0.0',
    name: o.network,
    type: 'sriov',
    deviceID: o.address,
    Master: o.master,
    MAC: '9e:2f:11:22:33:44',
    vlan: 100,
    VFID: o.vfId,
    ContIFNames: 'net1',
    OrigVfState: { HostIFName: `${o.master}v${o.vfId}`, SpoofChk: true, Trust: false, AdminMAC: '00:00:00:00:00:00', EffectiveMAC: '9e:2f:11:22:33:44', Vlan: 0, VlanQoS: 0, MinTxRate: 0, MaxTxRate: 0, LinkState: 0 },
  });
}
